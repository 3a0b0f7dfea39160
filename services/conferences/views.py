"""What the conferences service answers, built from the domain (the shapes are the
contract's: contract/conferences.py, registrations.py)."""

import dataclasses

from services.conferences.contract.vocabulary import RegistrationStatus
from services.conferences.domain.conferences import Conference
from services.conferences.domain.registrations import Registration
from shared.contract.paging import encode_cursor
from shared.rules.cancel_tokens import OWN_ID


def conference(c: Conference) -> dict:
    """ConferenceSchema's fields (the summary's and the agenda)."""
    values = {f.name: getattr(c, f.name) for f in dataclasses.fields(Conference)
              if f.name not in ("registrations", "seating", "agenda", "venue")}
    return {**values, "venue": dataclasses.asdict(c.venue), "seats_left": max(c.seats.left, 0),
            "waitlist_length": len(c.seats.queue),
            "agenda": [dataclasses.asdict(item) for item in c.agenda]}


def receipt(c: Conference, registration_id: str, cancel_token: str) -> dict:
    """The answer to a registration (RegistrationReceiptSchema): the only time its token shows."""
    registration = c.registration(registration_id)
    return {"id": registration_id, "status": str(registration.status),
            "waitlist_position": c.seats.position_of(registration_id),
            "cancel_token": cancel_token}


def registration(c: Conference, registration_id: str) -> dict:
    return _view(c, c.registration(registration_id))


def registrations_page(c: Conference, limit: int, after: str | None) -> dict:
    """The conference's registrations in the order they came, a page at a time, with the
    counts of them all; `after` is the own part of the last one of the previous page."""
    ordered = sorted(c.registrations.values(), key=lambda r: (r.registered_at, r.id))
    if after is not None:
        seen = [i for i, r in enumerate(ordered) if r.id[OWN_ID] == after]
        ordered = ordered[seen[0] + 1:] if seen else []
    page = ordered[:limit]
    return {"items": [_view(c, r) for r in page], "counts": counts(c),
            "next_cursor": encode_cursor(page[-1].id[OWN_ID]) if len(ordered) > limit else None}


def counts(c: Conference) -> dict:
    registrations = list(c.registrations.values())
    by_status = {str(status): sum(r.status == status for r in registrations)
                 for status in RegistrationStatus}
    return {**by_status, "checked_in": sum(r.checked_in_at is not None for r in registrations)}


def _view(c: Conference, r: Registration) -> dict:
    return {**dataclasses.asdict(r), "conference_id": c.id,
            "waitlist_position": c.seats.position_of(r.id)}
