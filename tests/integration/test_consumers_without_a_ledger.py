"""A consumer whose handler's one write is its own guard (`ledger=False`), against the real
RabbitMQ and Mongo-wire server: a repeat changes nothing, failures are retried and then
dead-lettered as with the ledger, and no ledger is written."""

import pytest

from shared.storage import mongo
from tests.support import recorder
from tests.support.broker import body_of, drain, publish_events, queue_depth
from tests.support.concurrency import at_once
from tests.support.recorder import GuardedRecorderService, note_event
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration
SERVICE = "guarded_recorder"
QUEUE, DEAD_LETTERS = f"{SERVICE}.notes", f"{SERVICE}.notes.dead"


def effects(text: str) -> list[dict]:
    return recorder.effects(text, service=SERVICE)


def test_an_event_delivered_again_has_no_second_effect_and_no_ledger_is_written(
        running, config):
    running(GuardedRecorderService)
    event = note_event("once")

    publish_events(config["AMQP_URI"], event, event)

    wait_until(lambda: recorder.attempts(event.id, SERVICE) >= 2)  # both deliveries handled
    wait_until(lambda: queue_depth(config["AMQP_URI"], QUEUE) == 0)
    assert [e["_id"] for e in effects("once")] == [event.id]
    assert "processed_events" not in mongo.connect(SERVICE).list_collection_names()


def test_copies_delivered_at_once_make_one_effect(running, config):
    running(GuardedRecorderService)
    event = note_event("at once")

    at_once(*[lambda: publish_events(config["AMQP_URI"], event)] * 8)

    wait_until(lambda: recorder.attempts(event.id, SERVICE) >= 8)  # every copy handled
    assert len(effects("at once")) == 1


def test_a_failing_handler_is_retried_and_one_that_keeps_failing_is_dead_lettered(
        running, config):
    running(GuardedRecorderService)
    flaky, doomed = note_event("fail twice"), note_event("fail always")

    publish_events(config["AMQP_URI"], flaky, doomed, note_event("healthy"))

    wait_until(lambda: effects("healthy") and effects("fail twice"))
    assert recorder.attempts(flaky.id, SERVICE) == 3
    [dead] = wait_until(lambda: drain(config["AMQP_URI"], DEAD_LETTERS))
    assert body_of(dead)["id"] == doomed.id
    assert "failing on purpose" in dead.headers["x-maillage-error"]
    assert effects("fail always") == []
