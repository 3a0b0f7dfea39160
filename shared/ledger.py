"""The processed-event ledger: each consumer records the events it has handled.

One document per (consumer queue, event id), under a unique `_id`. A handler first claims
the event: the claim carries an owner token (one per delivery) and a lease, renewed while
the handler runs, in case its process dies mid-way. Then the owner marks it done. Only the
owner may complete or release its claim: a delivery that took over an expired lease is
never undone by the one it replaced. A redelivered event that is done is skipped; one
claimed by a live worker is put off until that worker finishes or its lease expires.
Claims and completions go in batches: one round trip for all the messages that arrived (or
finished) together. Entries expire LEDGER_RETENTION_DAYS after they were processed.

The ledger alone gives at-least-once effects with duplicates absorbed, except when a process
dies between a handler's effect and its completion: handlers whose effect is a database
write make it exactly once with `shared.effects` (the marker in the same write).
"""

import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pymongo import UpdateOne
from pymongo.collection import Collection
from pymongo.errors import BulkWriteError

DUPLICATE_KEY = 11000


class Claim(enum.Enum):
    CLAIMED = "claimed"  # ours to handle
    DONE = "done"  # handled before: skip
    BUSY = "busy"  # another worker holds it right now: try later


@dataclass(frozen=True)
class Hold:
    """A claim as its holder knows it."""

    key: str
    owner: str


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

    def claim(self, key: str) -> tuple[Claim, Hold]:
        return self.claim_many([key])[0]

    def claim_many(self, keys: Sequence[str]) -> list[tuple[Claim, Hold]]:
        """One claim per key, in order, each with its own owner token. A key repeated within
        the batch (the same event delivered twice at once) is claimed once; its repeats are
        BUSY for now."""
        now = datetime.now(UTC)
        holds = [Hold(key, uuid.uuid4().hex) for key in keys]
        first = {}
        for hold in holds:
            first.setdefault(hold.key, hold)
        entries = [{"_id": h.key, "state": "claimed", "owner": h.owner,
                    "lease_until": now + self.lease} for h in first.values()]
        try:
            self.collection.insert_many(entries, ordered=False)
            taken: set[str] = set()
        except BulkWriteError as exc:
            errors = exc.details["writeErrors"]
            if any(e["code"] != DUPLICATE_KEY for e in errors):
                raise
            taken = {entries[e["index"]]["_id"] for e in errors}
        claims = {h.key: self._claim_taken(h, now) if h.key in taken else Claim.CLAIMED
                  for h in first.values()}
        return [(claims[h.key] if first[h.key] is h else Claim.BUSY, h) for h in holds]

    def renew_many(self, holds: Sequence[Hold]) -> int:
        """Extends the leases still held by these owners; returns how many were."""
        if not holds:
            return 0
        lease_until = datetime.now(UTC) + self.lease
        result = self.collection.bulk_write([
            UpdateOne({"_id": h.key, "owner": h.owner, "state": "claimed"},
                      {"$set": {"lease_until": lease_until}}) for h in holds
        ], ordered=False)
        return result.matched_count

    def complete_many(self, holds: Sequence[Hold]) -> set[Hold]:
        """Marks done the claims these owners still hold; returns the holds that were not
        (their lease was taken over: another delivery of the event is at work)."""
        if not holds:
            return set()
        done = {"$set": {"state": "done", "processed_at": datetime.now(UTC)},
                "$unset": {"lease_until": "", "owner": ""}}
        result = self.collection.bulk_write(
            [UpdateOne({"_id": h.key, "owner": h.owner, "state": "claimed"}, done) for h in holds],
            ordered=False,
        )
        if result.modified_count == len(holds):
            return set()
        finished = {d["_id"] for d in self.collection.find(
            {"_id": {"$in": [h.key for h in holds]}, "state": "done"}, {"_id": 1})}
        return {h for h in holds if h.key not in finished}

    def release(self, hold: Hold) -> None:
        """Gives up a claim (its handler failed), if it is still this owner's."""
        self.collection.delete_one({"_id": hold.key, "owner": hold.owner, "state": "claimed"})

    def _claim_taken(self, hold: Hold, now: datetime) -> Claim:
        taken_over = self.collection.update_one(  # the previous holder died: its lease expired
            {"_id": hold.key, "state": "claimed", "lease_until": {"$lt": now}},
            {"$set": {"lease_until": now + self.lease, "owner": hold.owner}},
        )
        if taken_over.modified_count:
            return Claim.CLAIMED
        counted = self.collection.update_one(  # how many redeliveries were absorbed
            {"_id": hold.key, "state": "done"}, {"$inc": {"duplicates_skipped": 1}}
        )
        return Claim.DONE if counted.modified_count else Claim.BUSY
