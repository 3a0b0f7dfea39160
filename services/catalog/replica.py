"""The catalog's replica of partner organizations, kept from partnerships' events.

Only verified organizations may publish trainings; the catalog learns who they are from
`organization.verified` / `organization.suspended`, never from the partnerships database.
Events may arrive twice or out of order: each carries the organization's revision, and a
replica only ever moves forward to a higher revision.
"""

from datetime import UTC, datetime

from pymongo.collection import Collection
from pymongo.errors import DuplicateKeyError

from shared.events import Event

REPLICATED_FIELDS = ("name", "country", "city", "region", "sectors", "language")


def replica_update(event: Event) -> dict:
    """What an organization event changes in the replica."""
    payload = event.payload
    status = {"organization.verified": "verified", "organization.suspended": "suspended"}
    changes = {"status": status[event.type], "revision": payload["revision"],
               "updated_at": datetime.now(UTC)}
    changes.update({f: payload[f] for f in REPLICATED_FIELDS if f in payload})
    return changes


def apply(collection: Collection, event: Event) -> bool:
    """Applies the event if it is newer than the replica; False if it was stale."""
    changes = replica_update(event)
    try:
        collection.update_one(
            {"_id": event.payload["organization_id"], "revision": {"$lt": changes["revision"]}},
            {"$set": changes},
            upsert=True,
        )
    except DuplicateKeyError:  # the replica already holds this revision or a newer one
        return False
    return True
