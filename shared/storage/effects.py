"""Effects applied exactly once, whatever the broker redelivers: the mark that an event was
applied is written in the same single-document update as its effect, so no crash can fall
between the two (MongoDB guarantees single-document atomicity, nothing more).

Two guards, for the two kinds of handler:
- `apply_if_newer`: the target keeps the source's revision (a replica of another service's
  aggregate); an event applies only if it is newer, so duplicates and stale, out-of-order
  events change nothing.
- `apply_once`: the target remembers the ids of the last events applied to it (a counter,
  a list); an event id it already holds changes nothing.
Both return whether the event was applied now.
"""

from typing import Any, Protocol

from pymongo.errors import DuplicateKeyError
from pymongo.results import UpdateResult

APPLIED_EVENTS = "applied_events"
REMEMBERED_EVENTS = 200  # per document: redeliveries come within minutes, not 200 events later


class Updatable(Protocol):
    """All these guards need of a pymongo Collection (unit tests replay MongoDB's answers)."""

    def update_one(self, guard: dict, update: dict, /, upsert: bool = False) -> UpdateResult: ...


def apply_if_newer(collection: Updatable, document_id: Any, revision: int, changes: dict) -> bool:
    """Sets `changes` and `revision` on the document unless it holds `revision` or newer;
    creates it if it does not exist."""
    return _update_or_insert(
        collection, {"_id": document_id, "revision": {"$lt": revision}},
        {"$set": {**changes, "revision": revision}},
    )


def apply_once(collection: Updatable, document_id: Any, event_id: str, update: dict,
               upsert: bool = False) -> bool:
    """Applies `update` to the document unless `event_id` was applied to it before."""
    marked = {**update, "$push": {APPLIED_EVENTS: {"$each": [event_id],
                                                   "$slice": -REMEMBERED_EVENTS}}}
    guard = {"_id": document_id, APPLIED_EVENTS: {"$ne": event_id}}
    if upsert:
        return _update_or_insert(collection, guard, marked)
    return collection.update_one(guard, marked).matched_count == 1


def _update_or_insert(collection: Updatable, guard: dict, update: dict) -> bool:
    """An upsert that tells "applied" from "refused by the guard", also under concurrency.

    When the guard matches nothing, an upsert tries to insert: DuplicateKeyError then means
    the document exists and refused the change (or was created concurrently, MongoDB
    SERVER-20380). Documents are never deleted here, so one more update, without upsert,
    tells which: a concurrent creation that the change still applies to, or a refusal.
    """
    try:
        collection.update_one(guard, update, upsert=True)
        return True
    except DuplicateKeyError:
        return collection.update_one(guard, update).matched_count == 1
