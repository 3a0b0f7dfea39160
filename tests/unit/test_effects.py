"""The decision behind effects applied once, under the interleaving MongoDB allows: an
upsert whose guard matched nothing collides with a document created meanwhile
(SERVER-20380). The local server runs upserts atomically, so the interleaving is replayed
here by a collection that answers as MongoDB can."""

from types import SimpleNamespace

from pymongo.errors import DuplicateKeyError

from shared.storage.effects import apply_if_newer, apply_once


class CollidingCollection:
    """Its first upsert collides with a concurrent insert; then the stored document answers."""

    def __init__(self, stored_revision: int):
        self.stored_revision = stored_revision
        self.calls: list[tuple[dict, dict, bool]] = []

    def update_one(self, guard, update, upsert=False):
        self.calls.append((guard, update, upsert))
        if upsert:
            raise DuplicateKeyError("E11000 duplicate key error")
        matches = self.stored_revision < guard["revision"]["$lt"]
        return SimpleNamespace(matched_count=int(matches))


def test_a_newer_event_colliding_with_an_older_concurrent_creation_still_applies():
    collection = CollidingCollection(stored_revision=2)  # "verified" was inserted meanwhile
    assert apply_if_newer(collection, "o1", 3, {"status": "suspended"}) is True
    guard, update, upsert = collection.calls[-1]
    assert (guard, upsert) == ({"_id": "o1", "revision": {"$lt": 3}}, False)
    assert update == {"$set": {"status": "suspended", "revision": 3}}


def test_an_older_event_colliding_with_a_newer_document_is_stale():
    collection = CollidingCollection(stored_revision=3)
    assert apply_if_newer(collection, "o1", 2, {"status": "verified"}) is False


def test_an_event_applied_once_carries_its_marker_in_the_same_update():
    class Recording:
        def update_one(self, guard, update, upsert=False):
            self.seen = (guard, update)
            return SimpleNamespace(matched_count=0)

    collection = Recording()
    assert apply_once(collection, "s1", "e1", {"$inc": {"seats_taken": 1}}) is False
    guard, update = collection.seen
    assert guard == {"_id": "s1", "applied_events": {"$ne": "e1"}}
    assert update["$inc"] == {"seats_taken": 1}
    assert update["$push"]["applied_events"]["$each"] == ["e1"]
