"""The processed-event ledger: each consumer records the events it has handled.

One document per (consumer queue, event id), under a unique `_id`. A handler first claims
the event (with a lease, in case its process dies mid-way), then marks it done. A
redelivered event that is done is skipped; one claimed by a live worker is put off until
that worker finishes or its lease expires. Claims and completions go in batches: one round
trip for all the messages that arrived (or finished) together. Entries expire after
LEDGER_RETENTION_DAYS.
"""

import enum
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from pymongo.collection import Collection
from pymongo.errors import BulkWriteError

DUPLICATE_KEY = 11000


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
        return self.claim_many([key])[0]

    def claim_many(self, keys: Sequence[str]) -> list[Claim]:
        """One claim per key, in order. A key repeated within the batch (the same event
        delivered twice at once) is claimed once; its repeats are BUSY for now."""
        now = datetime.now(UTC)
        unique = list(dict.fromkeys(keys))
        entries = [{"_id": k, "state": "claimed", "lease_until": now + self.lease} for k in unique]
        try:
            self.collection.insert_many(entries, ordered=False)
            taken: set[str] = set()
        except BulkWriteError as exc:
            errors = exc.details["writeErrors"]
            if any(e["code"] != DUPLICATE_KEY for e in errors):
                raise
            taken = {entries[e["index"]]["_id"] for e in errors}
        first = {k: self._claim_taken(k, now) if k in taken else Claim.CLAIMED for k in unique}
        seen: set[str] = set()
        claims = []
        for key in keys:
            claims.append(Claim.BUSY if key in seen else first[key])
            seen.add(key)
        return claims

    def complete_many(self, keys: Sequence[str]) -> None:
        self.collection.update_many(
            {"_id": {"$in": list(keys)}},
            {"$set": {"state": "done", "processed_at": datetime.now(UTC)},
             "$unset": {"lease_until": ""}},
        )

    def release(self, key: str) -> None:
        self.collection.delete_one({"_id": key, "state": "claimed"})

    def _claim_taken(self, key: str, now: datetime) -> Claim:
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
