"""The processed-event ledger: each consumer records the events it has handled.

One document per (consumer queue, event id), under a unique `_id`. A handler first claims
the event (with a lease, in case its process dies mid-way), then marks it done. A
redelivered event that is done is skipped; one claimed by a live worker is put off until
that worker finishes or its lease expires. Entries expire after LEDGER_RETENTION_DAYS.
"""

import enum
from datetime import UTC, datetime, timedelta

from pymongo.collection import Collection
from pymongo.errors import DuplicateKeyError


class Claim(enum.Enum):
    CLAIMED = "claimed"  # ours to handle
    DONE = "done"  # handled before: skip
    BUSY = "busy"  # another worker holds it right now: try later


class Ledger:
    def __init__(self, collection: Collection, lease_seconds: float, retention_days: int):
        self.collection = collection
        self.lease = timedelta(seconds=lease_seconds)
        self.retention_days = retention_days

    def ensure_indexes(self) -> None:
        self.collection.create_index(
            "processed_at", name="ledger_retention",
            expireAfterSeconds=self.retention_days * 86400,
        )

    def claim(self, key: str) -> Claim:
        now = datetime.now(UTC)
        try:
            self.collection.insert_one(
                {"_id": key, "state": "claimed", "lease_until": now + self.lease}
            )
            return Claim.CLAIMED
        except DuplicateKeyError:
            pass
        taken_over = self.collection.update_one(  # the previous holder died: its lease expired
            {"_id": key, "state": "claimed", "lease_until": {"$lt": now}},
            {"$set": {"lease_until": now + self.lease}},
        )
        if taken_over.modified_count:
            return Claim.CLAIMED
        counted = self.collection.update_one(  # how many redeliveries were absorbed
            {"_id": key, "state": "done"}, {"$inc": {"duplicates_skipped": 1}}
        )
        return Claim.DONE if counted.modified_count else Claim.BUSY

    def complete(self, key: str) -> None:
        self.collection.update_one(
            {"_id": key},
            {"$set": {"state": "done", "processed_at": datetime.now(UTC)},
             "$unset": {"lease_until": ""}},
        )

    def release(self, key: str) -> None:
        self.collection.delete_one({"_id": key, "state": "claimed"})
