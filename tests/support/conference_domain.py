"""Conferences in plain Python for unit tests: one in Brussels (UTC+1 in January), its
people, and taking a step the way the service does (decide, then apply)."""

import dataclasses
from datetime import UTC, datetime, timedelta

from services.conferences.contract.vocabulary import ConferenceStatus, RegistrationStatus
from services.conferences.domain.conferences import Conference, Venue
from services.conferences.domain.registrations import Registration
from shared.contract.languages import Language

NOW = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
STARTS = datetime(2027, 1, 20, 7, 0, tzinfo=UTC)  # 08:00 in Brussels
ENDS = STARTS + timedelta(days=1, hours=9)
OWNER, PARTNER, STRANGER = "owner", "partner", "stranger"


def conference(capacity: int = 2, status: ConferenceStatus = ConferenceStatus.PUBLISHED,
               **changes) -> Conference:
    """A conference of OWNER co-organized by PARTNER, registrations closing the day before."""
    details = dict(
        id="c" * 24, organization_id=OWNER, co_organizer_ids=[PARTNER],
        title="Entrepreneuriat féminin : regards croisés Sud/Nord",
        description="Deux jours d'échanges", themes=["entrepreneuriat"], starts_at=STARTS,
        ends_at=ENDS, time_zone="Europe/Brussels",
        venue=Venue(city="Bruxelles", country="BE", address="Rue Haute 1"), capacity=capacity,
        languages=["fr"], registration_closes_at=STARTS - timedelta(days=1),
        proposals_close_at=STARTS - timedelta(days=5), created_at=NOW - timedelta(days=30),
        status=status, organization_listed=True)
    return Conference(**{**details, **changes})


def person(name: str, email: str | None = None) -> Registration:
    return Registration(id=f"r-{name}", name=name.title(), email=email or f"{name}@example.org",
                        language=Language.NL, token_hash="hash", registered_at=NOW)


def taken(c: Conference, step):
    """Applies `step` as the repository would write it, and returns it."""
    c.apply(step)
    return step


def register(c: Conference, *names: str) -> list[RegistrationStatus]:
    """Registers each name in turn: the status each one got."""
    return [taken(c, c.register(person(name), NOW)).holder.status for name in names]


def status_of(c: Conference, name: str) -> RegistrationStatus:
    return c.registrations[f"r-{name}"].status


def recounted(c: Conference) -> tuple:
    """The seating as its registrations say it should be: seats left, queue, emails in."""
    fresh = dataclasses.replace(c, seating=None).seats
    return fresh.left, fresh.queue, fresh.keys


def seating(c: Conference) -> tuple:
    return c.seats.left, c.seats.queue, c.seats.keys
