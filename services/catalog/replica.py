"""The catalog's replica of partner organizations, kept from partnerships' events.

Only verified organizations may publish trainings; the catalog learns who they are from
`organization.verified` / `organization.suspended`, never from the partnerships database.
Events may arrive twice or out of order: each carries the organization's revision, and a
replica only ever moves forward to a higher revision, in the same write as the change
(shared/effects.py).
"""

from datetime import UTC, datetime

from pymongo.collection import Collection

from shared.effects import apply_if_newer
from shared.events import Event

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
    return apply_if_newer(collection, event.payload["organization_id"],
                          event.payload["revision"], replica_update(event))
