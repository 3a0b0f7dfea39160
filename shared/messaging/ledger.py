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
write make it exactly once with `shared.storage.effects` (the marker in the same write).
"""

import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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
        first: dict[str, Hold] = {}
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

    def renew_many(self, holds: Sequence[Hold]) -> set[Hold]:
        """Extends the leases still held by these owners; returns those."""
        held = self._still_held(holds)
        if held:
            self.collection.update_many(
                {"_id": {"$in": [h.key for h in held]}},
                {"$set": {"lease_until": datetime.now(UTC) + self.lease}})
        return held

    def complete_many(self, holds: Sequence[Hold], unexpired: set[Hold] | None = None) -> set[Hold]:
        """Marks done the claims these owners still hold; returns the holds that were not
        (their lease was taken over: another delivery of the event is at work). `unexpired`
        are holds whose lease the caller knows has not run out (renewed less than a lease
        ago): nobody can have taken them over, so they are not read again."""
        unexpired = unexpired or set()
        held = unexpired | self._still_held([h for h in holds if h not in unexpired])
        if held:
            self.collection.update_many({"_id": {"$in": [h.key for h in held]}}, {
                "$set": {"state": "done", "processed_at": datetime.now(UTC)},
                "$unset": {"lease_until": "", "owner": ""},
            })
        return set(holds) - held

    def _still_held(self, holds: Sequence[Hold]) -> set[Hold]:
        """Which of these claims their owners still hold, read by `_id` alone.

        Read, then written by `_id`, rather than one update filtered on the owner too: the
        local server scans the whole collection for any filter that is not on `_id` alone
        (measured: 100 ms per batch at 6,000 entries, growing with the ledger). Between the
        read and the write, a lease renewed every third of its length would have to expire
        for another delivery to take it over; if it did, that delivery's own completion
        finds the event done, which it is.
        """
        if not holds:
            return set()
        owners = {d["_id"]: (d.get("owner"), d.get("state")) for d in self.collection.find(
            {"_id": {"$in": [h.key for h in holds]}}, {"owner": 1, "state": 1})}
        return {h for h in holds if owners.get(h.key) == (h.owner, "claimed")}

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

