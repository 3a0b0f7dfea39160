"""Who hears of each event (docs/notifications.md): the participant an enrollment or a
registration names (transactional: always sent, in their own language), the contact of each
organization the event concerns, and that organization's webhook if it set one.

Organizations are known from the service's replica (`Contact`); one it does not know (yet)
is told nothing: every organization an event names was verified before it could take part.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from services.notifications.contract.vocabulary import Channel

FALLBACK_LANGUAGE = "fr"
LANGUAGES = ("fr", "en", "nl")


@dataclass(frozen=True)
class Contact:
    """An organization as the service knows it."""

    organization_id: str
    name: str
    email: str
    language: str = FALLBACK_LANGUAGE
    webhook_url: str | None = None


@dataclass(frozen=True)
class Recipient:
    channel: Channel
    address: str  # an email address, or a webhook's URL
    name: str
    language: str
    transactional: bool  # about the person's own enrollment or registration: never suppressed
    organization_id: str | None = None  # whose webhook, or whose contact


Payload = Mapping[str, object]
Concerned = Callable[[Payload], Iterable[str]]  # the ids of the organizations it concerns

# event type prefix or type -> the organizations whose contact is told (by email)
CONTACTED: dict[str, Concerned] = {
    "organization.verified": lambda p: [str(p["organization_id"])],
    "partnership.proposed": lambda p: [str(p["partner_id"])],
    "partnership.accepted": lambda p: [str(p["proposer_id"])],
    "partnership.declined": lambda p: [str(p["proposer_id"])],
    "partnership.ended": lambda p: [str(p["proposer_id"]), str(p["partner_id"])],
    "session.cancelled": lambda p: [str(p["organization_id"])],
    "proposal.accepted": lambda p: [str(p["organization_id"])],
    "proposal.rejected": lambda p: [str(p["organization_id"])],
    "conference.cancelled": lambda p: _organizers(p),
}
# events whose participant is told, whatever they chose about other messages
PARTICIPANT_EVENTS = ("enrollment.", "registration.")


def recipients_of(event_type: str, payload: Payload,
                  organizations: Mapping[str, Contact]) -> list[Recipient]:
    """Everyone who hears of this event, each once per channel."""
    found: list[Recipient] = []
    if event_type.startswith(PARTICIPANT_EVENTS) and "email" in payload:
        found.append(Recipient(Channel.EMAIL, str(payload["email"]),
                               str(payload.get("participant_name", "")),
                               language_of(payload.get("language")), transactional=True))
    for organization_id in CONTACTED.get(event_type, lambda p: [])(payload):
        contact = organizations.get(organization_id)
        if contact is not None and contact.email:
            found.append(Recipient(Channel.EMAIL, contact.email, contact.name,
                                   language_of(contact.language), transactional=False,
                                   organization_id=organization_id))
    for organization_id in concerned(event_type, payload):
        contact = organizations.get(organization_id)
        if contact is not None and contact.webhook_url:
            found.append(Recipient(Channel.WEBHOOK, contact.webhook_url, contact.name,
                                   language_of(contact.language), transactional=False,
                                   organization_id=organization_id))
    return _once(found)


def concerned(event_type: str, payload: Payload) -> list[str]:
    """Every organization the event is about (their webhooks hear of it)."""
    ids = [str(payload[name]) for name in ("organization_id", "proposer_id", "partner_id")
           if payload.get(name)]
    if event_type.startswith(("conference.", "registration.", "attendee.")):
        ids += _organizers(payload)
    return list(dict.fromkeys(ids))


def names_of(payload: Payload, organizations: Mapping[str, Contact]) -> dict[str, str | None]:
    """The names of the partners an event names by id (`proposer_id` → `proposer_name`), so
    an email can say who proposed, accepted or ended; None for one not known (yet)."""
    names: dict[str, str | None] = {}
    for role in ("proposer", "partner"):
        if f"{role}_id" in payload:
            known = organizations.get(str(payload[f"{role}_id"]))
            names[f"{role}_name"] = known.name if known is not None and known.name else None
    return names


def language_of(language: object) -> str:
    return str(language) if language in LANGUAGES else FALLBACK_LANGUAGE


def _organizers(payload: Payload) -> list[str]:
    co_organizers = payload.get("co_organizer_ids")
    others = [str(o) for o in co_organizers] if isinstance(co_organizers, list) else []
    return [str(payload["organization_id"]), *others]


def _once(recipients: list[Recipient]) -> list[Recipient]:
    """One message per channel and address: a contact who is also the participant hears
    once (the transactional one wins)."""
    kept: dict[tuple[Channel, str], Recipient] = {}
    for recipient in recipients:
        key = (recipient.channel, recipient.address.casefold())
        if key not in kept or recipient.transactional:
            kept[key] = recipient
    return list(kept.values())
