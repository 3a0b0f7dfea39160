"""The catalog's replica of partner organizations, kept from partnerships' events.

Only verified organizations may publish trainings; the catalog learns who they are from
`organization.verified` / `organization.suspended`, never from the partnerships database.
Events may arrive twice or out of order: each envelope names the organization and its
revision, and a replica only ever moves forward to a higher revision, in the same write as
the change (shared/storage/effects.py).
"""

from datetime import UTC, datetime

from pymongo.collection import Collection

from shared.contract.events import Event
from shared.storage.effects import apply_if_newer

REPLICATED_FIELDS = ("name", "country", "city", "region", "sectors", "language")
STATUS_BY_EVENT = {"organization.verified": "verified", "organization.suspended": "suspended"}


def replica_update(event: Event) -> dict:
    """What an organization event changes in the replica (its revision aside)."""
    payload = event.payload
    changes = {"status": STATUS_BY_EVENT[event.type], "updated_at": datetime.now(UTC)}
    changes.update({f: payload[f] for f in REPLICATED_FIELDS if f in payload})
    return changes


def apply(collection: Collection, event: Event) -> bool:
    """Applies the event if it is newer than the replica; False if it was stale."""
    if event.aggregate_id is None or event.revision is None:
        raise ValueError(f"{event.type} {event.id} names no organization revision to order it by")
    return apply_if_newer(collection, event.aggregate_id, event.revision, replica_update(event))


def list_trainings(collection: Collection, event: Event) -> int:
    """Shows or hides the organization's trainings in the public catalog (a suspended
    organization's leave it, and come back when it is verified again). Guarded by the
    revision like the replica: a late event changes nothing; returns how many changed."""
    if event.aggregate_id is None or event.revision is None:
        raise ValueError(f"{event.type} {event.id} names no organization revision to order it by")
    listed = STATUS_BY_EVENT[event.type] == "verified"
    return collection.update_many(
        {"organization_id": event.aggregate_id, "organization_revision": {"$lt": event.revision}},
        {"$set": {"organization_listed": listed, "organization_revision": event.revision}},
    ).modified_count
