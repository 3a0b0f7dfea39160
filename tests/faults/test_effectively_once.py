"""Effects happen once even when the lease runs out, the completion write fails, a handler
crashes its process or events race: in-process consumers on the real RabbitMQ and Mongo-wire
server, broken on purpose. Each test prints what was lost and what was applied twice."""

from functools import partial

import eventlet
import pytest

from shared.contract.events import Event
from shared.messaging.consumer import consumes
from shared.storage import mongo
from shared.storage import organization_replicas as replica
from tests.support.broker import publish_events, queue_depth
from tests.support.concurrency import at_once
from tests.support.management import queue_info
from tests.support.organizations import organization_event
from tests.support.recorder import note_event
from tests.support.tcp_link import Link, link_to
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration
SENT: list[str] = []  # the "emails": effects outside any database, seen by the test


class SlowMailer:
    """Sends one email per note: slower than its lease on "slow", and cuts its own database
    link after sending on "cut the database" (the test restores it)."""

    name = "mailer"
    link: Link | None = None

    @consumes("note.taken", queue="mail")
    def send(self, event: Event) -> None:
        SENT.append(event.id)
        if event.payload["text"] == "slow":
            eventlet.sleep(2.5)
        if event.payload["text"] == "cut the database" and SlowMailer.link is not None:
            SlowMailer.link.cut()


def report(test: str, expected: list[str]) -> tuple[int, int]:
    lost = len(set(expected) - set(SENT))
    twice = sum(SENT.count(event_id) - 1 for event_id in set(SENT))
    print(f"\n[{test}] lost {lost}, applied twice {twice}")
    return lost, twice


@pytest.fixture
def mailer(running, monkeypatch):
    SENT.clear()

    def start(lease_seconds: float = 30, mongo_uri: str | None = None):
        monkeypatch.setenv("CONSUMER_LEASE_SECONDS", str(lease_seconds))
        if mongo_uri:
            monkeypatch.setenv("MONGODB_URI", mongo_uri)
        return running(SlowMailer)
    return start


def test_a_handler_slower_than_its_lease_is_not_doubled_by_a_redelivered_copy(mailer, config):
    mailer(lease_seconds=0.6)
    event = note_event("slow")

    publish_events(config["AMQP_URI"], event)
    wait_until(lambda: SENT == [event.id])
    eventlet.sleep(1.0)  # the lease would have expired twice over without renewal
    publish_events(config["AMQP_URI"], event)  # the broker delivers a copy meanwhile

    entry = wait_until(lambda: mongo.connect("mailer").processed_events.find_one(
        {"_id": f"mailer.mail:{event.id}", "state": "done", "duplicates_skipped": 1}), timeout=30)
    assert entry and report("slow handler", [event.id]) == (0, 0)
    wait_until(lambda: queue_depth(config["AMQP_URI"], "mailer.mail") == 0)  # quorum queue counts lag


def test_a_failed_completion_write_keeps_the_message_unacked_until_it_is_stored(
    mailer, config, mongo_uri
):
    link = SlowMailer.link = link_to(mongo_uri)
    try:
        container = mailer(mongo_uri=f"mongodb://127.0.0.1:{link.port}/")
        event = note_event("cut the database")

        publish_events(config["AMQP_URI"], event)
        wait_until(lambda: SENT == [event.id])
        eventlet.sleep(2)  # completion fails meanwhile: the message must stay unacknowledged
        assert unacknowledged(config, "mailer.mail") == 1
        link.restore()

        wait_until(lambda: unacknowledged(config, "mailer.mail") == 0, timeout=30)
        entry = mongo.connect("mailer").processed_events.find_one({"_id": f"mailer.mail:{event.id}"})
        assert entry is not None and entry["state"] == "done"
        container.stop()  # a redelivery now would be a duplicate: there must be none left
        assert report("completion write failed", [event.id]) == (0, 0)
        wait_until(lambda: queue_depth(config["AMQP_URI"], "mailer.mail") == 0)  # quorum queue counts lag
    finally:
        link.close()


def unacknowledged(config, queue: str) -> int:
    """What the broker counts as delivered and not yet acknowledged (its statistics lag:
    wait until it has them)."""
    info = wait_until(lambda: (lambda i: i if "messages_unacknowledged" in i else None)(
        queue_info(config["AMQP_URI"], queue)), timeout=10)
    return info["messages_unacknowledged"]


def test_a_newer_revision_racing_an_older_one_into_an_empty_replica_wins(isolated_env):
    """verified (revision 2) and suspended (revision 3) of an organization the replica has
    not seen, handled at the same moment, many times over: suspended must always win.
    (The local server runs each upsert atomically; MongoDB may not, SERVER-20380: the
    interleaving it allows is replayed in tests/unit/test_effects.py.)"""
    replicas = mongo.connect("catalog").organizations
    wrong = 0
    for round_number in range(40):
        organization_id = f"o{round_number}"
        events = [organization_event("organization.suspended", organization_id, 3, name="Awa"),
                  organization_event("organization.verified", organization_id, 2, name="Awa")]
        at_once(*[partial(replica.apply, replicas, event)
                  for event in events[::1 if round_number % 2 else -1]])
        stored = replicas.find_one({"_id": organization_id})
        wrong += stored is None or (stored["status"], stored["revision"]) != ("suspended", 3)
    print(f"\n[replica race] rounds left verified after a suspension: {wrong} of 40")
    assert wrong == 0


def test_an_effect_marked_in_its_own_write_is_applied_once_per_event(isolated_env):
    from shared.storage.effects import apply_once
    sessions = mongo.connect("catalog").sessions
    first, second = note_event("seat"), note_event("seat")

    applied = [apply_once(sessions, "s1", e.id, {"$inc": {"seats_taken": 1}}, upsert=True)
               for e in (first, first, second, first)]

    assert applied == [True, False, True, False]
    session = sessions.find_one({"_id": "s1"})
    assert session is not None and session["seats_taken"] == 2
