"""What the local database acknowledged is still there after kill -9 of the Mongo-wire server.

Several clients insert, increment and delete while the server (H2 file backend) is killed
right after one of their writes is acknowledged, with the others' writes in flight; it is
started again on the same file and port, and every acknowledged write is counted.
"""

import signal
import threading
import time
from dataclasses import dataclass, field

import pymongo
import pytest
from pymongo.errors import PyMongoError

from tests.support.mongo_wire import H2Server, h2_server

pytestmark = pytest.mark.e2e

WRITERS = 8
KILL_AFTER_ACKNOWLEDGED = 600


@dataclass
class Acknowledged:
    """What the server answered "ok" to, as the clients recorded it."""

    inserted: set[str] = field(default_factory=set)
    deleting: set[str] = field(default_factory=set)  # asked for, maybe applied
    deleted: set[str] = field(default_factory=set)
    increments: dict[int, int] = field(default_factory=dict)
    count: int = 0
    in_flight: int = 0
    in_flight_at_kill: int | None = None

    def write(self, method, *args, **kwargs) -> None:
        """Runs one write; raises, without counting it, if it was not acknowledged."""
        self.in_flight += 1
        try:
            method(*args, **kwargs)
        finally:
            self.in_flight -= 1
        self.count += 1


def client(server: H2Server) -> pymongo.MongoClient:
    return pymongo.MongoClient(server.uri, serverSelectionTimeoutMS=3000, socketTimeoutMS=3000,
                               connectTimeoutMS=1000, retryWrites=False)


def write_until_killed(server, things, writer: int, acknowledged: Acknowledged, deadline) -> None:
    """Insert, increment (update and findAndModify in turn), delete now and then; the first
    writer kills the server right after a write of its own is acknowledged."""
    counter, increment = {"_id": f"counter-{writer}"}, {"$inc": {"n": 1}}
    for i in range(1_000_000):
        acknowledged.write(things.insert_one, {"_id": f"w{writer}-{i}", "writer": writer})
        acknowledged.inserted.add(f"w{writer}-{i}")
        update = things.update_one if i % 2 else things.find_one_and_update
        acknowledged.write(update, counter, increment, upsert=True)
        acknowledged.increments[writer] = acknowledged.increments.get(writer, 0) + 1
        if i % 4 == 3:
            acknowledged.deleting.add(f"w{writer}-{i - 2}")
            acknowledged.write(things.delete_one, {"_id": f"w{writer}-{i - 2}"})
            acknowledged.deleted.add(f"w{writer}-{i - 2}")
        if writer == 0 and acknowledged.count >= KILL_AFTER_ACKNOWLEDGED:
            acknowledged.in_flight_at_kill = acknowledged.in_flight
            server.kill(signal.SIGKILL)  # the signal leaves before this green thread yields
            return
        if time.monotonic() > deadline:
            return


def writers_until_killed(server: H2Server, acknowledged: Acknowledged) -> None:
    """Each writer stops at its first error: its write in flight was not acknowledged."""
    mongo = client(server)
    things = mongo.durability.things
    deadline = time.monotonic() + 60

    def run(writer: int) -> None:
        try:
            write_until_killed(server, things, writer, acknowledged, deadline)
        except PyMongoError:
            pass

    threads = [threading.Thread(target=run, args=(w,)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    mongo.close()


def counted_after_restart(server: H2Server, acknowledged: Acknowledged) -> tuple[int, int]:
    """(lost, duplicated): acknowledged writes missing, increments applied more than once
    (one unacknowledged increment per writer may have been applied: its reply was lost)."""
    with client(server) as mongo:
        stored = {doc["_id"]: doc for doc in mongo.durability.things.find()}
    missing = acknowledged.inserted - acknowledged.deleting - stored.keys()
    resurrected = acknowledged.deleted & stored.keys()
    counters = {w: stored.get(f"counter-{w}", {}).get("n", 0) for w in acknowledged.increments}
    lost_increments = sum(max(0, n - counters[w]) for w, n in acknowledged.increments.items())
    duplicated = sum(max(0, counters[w] - n - 1) for w, n in acknowledged.increments.items())
    return len(missing) + len(resurrected) + lost_increments, duplicated


def test_writes_acknowledged_before_a_kill_9_of_the_database_are_there_after_restart(tmp_path):
    acknowledged = Acknowledged()
    with h2_server(tmp_path) as server:
        writers_until_killed(server, acknowledged)
        assert acknowledged.in_flight_at_kill is not None, "the writers never reached the kill"
        server.start()

        lost, duplicated = counted_after_restart(server, acknowledged)

    print(f"\nacknowledged writes: {acknowledged.count}, in flight at the kill: "
          f"{acknowledged.in_flight_at_kill}, lost: {lost}, duplicated: {duplicated}")
    assert acknowledged.in_flight_at_kill, "no other write was in flight when the server died"
    assert (lost, duplicated) == (0, 0)


def test_a_client_carries_on_once_the_database_is_back_on_the_same_port(tmp_path):
    with h2_server(tmp_path) as server, client(server) as mongo:
        things = mongo.durability.things
        things.insert_one({"_id": "before"})
        assert server.kill(signal.SIGTERM) is not None

        with pytest.raises(PyMongoError):
            things.insert_one({"_id": "while-down"})
        server.start()
        things.insert_one({"_id": "after"})

        assert sorted(doc["_id"] for doc in things.find()) == ["after", "before"]


def test_an_index_and_a_drop_acknowledged_before_a_kill_9_are_there_after_restart(tmp_path):
    with h2_server(tmp_path) as server:
        with client(server) as mongo:
            mongo.durability.seats.create_index("session_id", unique=True)
            mongo.durability.drafts.insert_one({"_id": "draft"})
            mongo.durability.drafts.drop()
            server.kill(signal.SIGKILL)
        server.start()

        with client(server) as mongo:
            indexes = mongo.durability.seats.index_information()
            collections = mongo.durability.list_collection_names()

    assert indexes.get("session_id_1", {}).get("unique") is True
    assert "drafts" not in collections
