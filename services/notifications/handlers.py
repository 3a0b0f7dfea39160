"""What notifications does with the events it consumes (shared/messaging/handlers.py): keep
its replica of organizations (with their contacts), and record the messages each event
makes, for the delivery loop to send (docs/notifications.md)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pymongo.database import Database

import services.catalog.contract.events  # noqa: F401  (registers the events told of)
import services.conferences.contract.events  # noqa: F401
import services.partnerships.contract.events  # noqa: F401
from services.notifications.composing import Links, compose
from services.notifications.contract.vocabulary import Channel
from services.notifications.domain.messages import recipient_hash
from services.notifications.domain.recipients import Contact, concerned, names_of, recipients_of
from services.notifications.models import ContactedOrganization, Unsubscribed
from services.notifications.repositories import MessageRepository
from shared.contract.events import Event
from shared.messaging.handlers import EventHandlers
from shared.storage import organization_replicas
from shared.storage.effects import apply_if_newer


@dataclass(frozen=True)
class Notifying:
    """What the handlers need: where messages are recorded, the replica and suppression
    list, where links point, and how to wake the delivery loop."""

    messages: MessageRepository
    database: Database
    links: Links
    wake: Callable[[], None]


def notify(event: Event, deps: Notifying) -> int:
    """Records one message per recipient and channel (a redelivered event records none) and
    wakes the delivery loop; returns how many are new."""
    organizations = contacts(deps.database, concerned(event.type, event.payload))
    recipients = [r for r in recipients_of(event.type, event.payload, organizations)
                  if r.channel is Channel.WEBHOOK or event.type in EMAILED]
    quiet = unsubscribed(deps.database, (r.address for r in recipients if not r.transactional))
    names = names_of(event.payload, organizations)
    recorded = deps.messages.record([
        compose(event, r, deps.links, suppressed=recipient_hash(r.address) in quiet, names=names)
        for r in recipients])
    if recorded:
        deps.wake()
    return recorded


def replicate_organization(event: Event, deps: Notifying) -> None:
    """Keeps the organization's replica, its contact's address included, guarded by its
    revision (a late or repeated event changes nothing); the webhook it set is its own."""
    if event.aggregate_id is None or event.revision is None:
        raise ValueError(f"{event.type} {event.id} names no organization revision to order it by")
    changes = organization_replicas.replica_update(event)
    if "contact_email" in event.payload:
        changes["contact_email"] = event.payload["contact_email"]
    collection = deps.database[ContactedOrganization._meta["collection"]]
    apply_if_newer(collection, event.aggregate_id, event.revision, changes)


def verified(event: Event, deps: Notifying) -> int:
    replicate_organization(event, deps)  # first: the message goes to the contact it names
    return notify(event, deps)


def contacts(database: Database, organization_ids: Iterable[str]) -> dict[str, Contact]:
    found = database[ContactedOrganization._meta["collection"]].find(
        {"_id": {"$in": list(organization_ids)}},
        {"name": 1, "contact_email": 1, "language": 1, "webhook_url": 1})
    return {o["_id"]: Contact(organization_id=o["_id"], name=o.get("name") or "",
                              email=o.get("contact_email") or "", language=o.get("language") or "fr",
                              webhook_url=o.get("webhook_url")) for o in found}


def unsubscribed(database: Database, addresses: Iterable[str]) -> set[str]:
    hashes = [recipient_hash(a) for a in addresses]
    if not hashes:
        return set()
    return {row["_id"] for row in
            database[Unsubscribed._meta["collection"]].find({"_id": {"$in": hashes}}, {"_id": 1})}


# The events people are told of by email (each has its templates)...
TOLD = ("partnership.proposed", "partnership.accepted", "partnership.declined",
        "partnership.ended", "session.cancelled", "enrollment.confirmed", "enrollment.waitlisted",
        "enrollment.promoted", "enrollment.cancelled", "proposal.accepted", "proposal.rejected",
        "registration.confirmed", "registration.pending_approval", "registration.approved",
        "registration.rejected", "registration.waitlisted", "registration.promoted",
        "registration.cancelled", "conference.cancelled")

# ...and those only partners' own systems hear of (their webhooks): no one needs an email
WEBHOOK_ONLY = ("training.published", "training.unpublished", "session.scheduled",
                "enrollment.attendance_recorded", "conference.published", "proposal.submitted",
                "attendee.checked_in")
EMAILED = frozenset(("organization.verified", *TOLD))

EVENTS = EventHandlers({
    "organization.verified": verified,
    "organization.suspended": replicate_organization,
    **dict.fromkeys((*TOLD, *WEBHOOK_ONLY), notify),
})
