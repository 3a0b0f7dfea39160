"""The database stops for 10 s, the broker restarts: during a stream of events, on the real
platform (every service its own process). No process dies, clients get 503 (never 500)
while a dependency is away, and once it is back nothing was lost or applied twice."""

from collections import Counter

import eventlet
import pytest
import requests

from shared.messaging.topology import UNROUTED_QUEUE
from tests.support.broker import drain, queue_depth
from tests.support.mongo_wire import h2_server
from tests.support.organizations import apply
from tests.support.platform import platform_on, platform_on_own_vhost
from tests.support.private_broker import private_broker
from tests.support.stream import NOTER, RECORDER, NoteStream, all_recorded, counts
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e


def start_platform_with_a_stream(platform) -> NoteStream:
    platform.start_all()
    platform.start("noter", target=NOTER)
    platform.start("recorder", target=RECORDER)
    # the recorder's queue is bound once its ledger exists: events before that are unroutable
    wait_until(lambda: "processed_events" in platform.database("recorder").list_collection_names(),
               timeout=30)
    stream = NoteStream(platform.env["AMQP_URI"]).start()
    wait_until(lambda: len(stream.acknowledged) >= 20, timeout=30)
    return stream


class StatusProbe:
    """Reads through the gateway (gateway -> partnerships -> its database) five times a
    second, each read on its own, so that one slow answer hides none of the others."""

    def __init__(self, platform):
        self.platform, self.statuses, self._running = platform, [], True
        self._pool = eventlet.GreenPool(50)
        self._thread = eventlet.spawn(self._run)

    def _run(self) -> None:
        while self._running:
            self._pool.spawn(self._read)
            eventlet.sleep(0.2)

    def _read(self) -> None:
        try:
            self.statuses.append(self.platform.http("GET", "/v1/organizations").status_code)
        except requests.RequestException:
            self.statuses.append("no answer")

    def stop(self) -> list:
        self._running = False
        self._thread.wait()
        self._pool.waitall()
        return self.statuses


def finish(platform, stream: NoteStream, test: str) -> tuple[int, int]:
    eventlet.sleep(2)  # the stream goes on after the recovery
    stream.stop()
    effects = platform.database("recorder").effects
    try:
        wait_until(lambda: all_recorded(stream, effects), timeout=60, interval=0.5)
    finally:
        print(diagnosis(platform, stream))
    lost, twice = counts(stream, effects)
    dead = queue_depth(platform.env["AMQP_URI"], "recorder.notes.dead")
    print(f"\n[{test}] acknowledged {len(stream.acknowledged)}, failed calls "
          f"{stream.failed_calls}, lost {lost}, applied twice {twice}, dead-lettered {dead}")
    exited = {name: p.returncode for name, p in platform.processes.items() if p.poll() is not None}
    assert exited == {}, f"processes died: {exited}"
    return lost, twice


def diagnosis(platform, stream: NoteStream) -> str:
    """Where the notes not recorded are stuck, to say what failed."""
    recorded = {e["note_id"] for e in platform.database("recorder").effects.find()}
    missing = [n for n in stream.acknowledged if n not in recorded]
    if not missing:
        return ""
    notes = platform.database("noter").notes
    unpublished = notes.count_documents({"_id": {"$in": missing}, "outbox.0": {"$exists": True}})
    amqp_uri = platform.env["AMQP_URI"]
    return (f"missing {len(missing)}: {missing[:5]}; still in the noter's outbox: {unpublished}; "
            f"queue recorder.notes: {queue_depth(amqp_uri, 'recorder.notes')}, ledger: "
            f"{list(platform.database('recorder').processed_events.find().limit(3))}")


def test_the_database_stopped_for_10_seconds_during_a_stream(vhost_pipeline, tmp_path):
    with h2_server(tmp_path) as database, \
            platform_on_own_vhost(vhost_pipeline, database.uri, tmp_path) as platform:
        stream = start_platform_with_a_stream(platform)
        probe = StatusProbe(platform)

        answered = apply(platform)  # 201: written and acknowledged just before the kill
        database.kill()  # SIGKILL: every acknowledged write must still be there after
        eventlet.sleep(10)
        database.start()

        platform.wait_healthy(timeout=60)
        assert platform.database("partnerships").organizations.find_one({"_id": answered["id"]})
        statuses = probe.stop()
        assert finish(platform, stream, "database stopped 10 s") == (0, 0)
        print(f"[database stopped 10 s] answers through the gateway: {Counter(statuses)}")
        assert 503 in statuses and 500 not in statuses, statuses


def test_the_broker_restarted_during_a_stream(mongo_uri, tmp_path):
    with private_broker() as broker, \
            platform_on(broker.amqp_uri, mongo_uri, tmp_path) as platform:
        stream = start_platform_with_a_stream(platform)
        probe = StatusProbe(platform)

        broker.restart(down_seconds=5)

        platform.wait_healthy(timeout=90)
        statuses = probe.stop()
        print(f"\n[broker restarted] answers through the gateway: {Counter(statuses)}")
        try:
            assert finish(platform, stream, "broker restarted") == (0, 0)
        finally:
            print(broker.queues())
            for message in drain(broker.amqp_uri, UNROUTED_QUEUE)[:3]:
                print(message.delivery_info, message.properties, message.body[:200])
        assert 503 in statuses and 500 not in statuses, statuses
