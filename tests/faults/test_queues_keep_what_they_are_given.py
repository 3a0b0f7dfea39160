"""Queues keep what they are given: nothing is dropped by a missing queue, a full one, a
message that crashes its consumer, or an upcaster that raises. Real RabbitMQ."""

import json

import amqp
import pytest

from shared.messaging import replay
from shared.messaging.broker import ConfirmingPublisher, OutgoingMessage, open_connection
from shared.messaging.relay import OutboxRelay
from shared.messaging.topology import (
    DELIVERY_LIMIT,
    EVENTS_EXCHANGE,
    UNROUTED_QUEUE,
    declare_consumer_queue,
    declare_event_topology,
)
from shared.storage import mongo
from shared.storage.outbox import outbox_entry
from tests.support.broker import drain, publish_events, queue_depth
from tests.support.management import queue_info
from tests.support.recorder import note_event
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration


@pytest.fixture
def channel(config):
    connection = open_connection(config["AMQP_URI"])
    yield connection.channel()
    connection.collect()


def test_a_dead_letter_replayed_into_a_deleted_queue_is_refused_and_kept(config, channel):
    declare_consumer_queue(channel, "gone.notes", ["note.taken"], [0.05])
    channel.basic_publish(amqp.Message(b"{}", message_id="m1"), "", "gone.notes.dead")
    wait_until(lambda: queue_depth(config["AMQP_URI"], "gone.notes.dead") == 1)
    channel.queue_delete("gone.notes")

    with pytest.raises(replay.DestinationGone):
        replay.replay(config["AMQP_URI"], "gone.notes.dead")

    assert queue_depth(config["AMQP_URI"], "gone.notes.dead") == 1
    print("\n[replay into a deleted queue] lost 0 (1 kept in gone.notes.dead)")


def test_a_mandatory_copy_no_queue_takes_is_refused_not_confirmed(config):
    publisher = ConfirmingPublisher(config["AMQP_URI"])
    try:
        refused = publisher.publish([
            OutgoingMessage("", "no.such.queue", b"{}", "m1", mandatory=True),
            OutgoingMessage(EVENTS_EXCHANGE, "note.taken", b"{}", "m2"),  # kept: unrouted
        ])
    finally:
        publisher.close()
    assert refused == {0}


def test_a_message_that_keeps_coming_back_is_dead_lettered_by_the_broker(config, channel):
    """What a handler that crashes its process causes: redelivery after redelivery."""
    declare_consumer_queue(channel, "crashy.notes", ["note.taken"], [0.05])
    publish_events(config["AMQP_URI"], note_event("crash me"))
    deliveries = 0
    while (message := channel.basic_get("crashy.notes", no_ack=False)) is not None:
        deliveries += 1
        channel.basic_reject(message.delivery_tag, requeue=True)  # as a dying process would
        assert deliveries <= DELIVERY_LIMIT + 1
    [dead] = wait_until(lambda: drain(config["AMQP_URI"], "crashy.notes.dead"))
    assert json.loads(dead.body)["payload"]["text"] == "crash me"
    print(f"\n[poison that crashes its consumer] delivered {deliveries} times, then dead-lettered")


def test_events_nobody_consumes_are_kept_in_a_bounded_queue(config, channel):
    declare_event_topology(channel)
    publish_events(config["AMQP_URI"], note_event("nobody listens"))
    wait_until(lambda: queue_depth(config["AMQP_URI"], UNROUTED_QUEUE) == 1)
    arguments = queue_info(config["AMQP_URI"], UNROUTED_QUEUE)["arguments"]
    assert arguments["x-queue-type"] == "quorum"
    assert arguments["x-max-length"] > 0 and arguments["x-message-ttl"] > 0


def test_the_relay_removes_from_the_outbox_only_what_the_broker_confirmed(config, channel,
                                                                          isolated_env):
    declare_event_topology(channel)
    channel.queue_declare("full", durable=True, auto_delete=False, arguments={
        "x-max-length": 1, "x-overflow": "reject-publish"})  # classic: exact at 1
    channel.queue_bind("full", EVENTS_EXCHANGE, "note.taken")
    notes = mongo.connect("relay_tests").notes
    events = [note_event(f"note {n}") for n in range(3)]
    notes.insert_one({"_id": "n1", "outbox": [outbox_entry(e) for e in events]})
    publisher = ConfirmingPublisher(config["AMQP_URI"])
    try:
        OutboxRelay(publisher, [notes]).relay_batch(
            [("notes", "n1", outbox_entry(e)) for e in events])
    finally:
        publisher.close()

    note = notes.find_one({"_id": "n1"})
    assert note is not None
    left = [entry["id"] for entry in note["outbox"]]
    assert queue_depth(config["AMQP_URI"], "full") == 1
    assert left == [e.id for e in events[1:]]  # refused by the full queue: kept for the sweeper
    print(f"\n[relay with refusals] lost 0, kept {len(left)} refused events in the outbox")
