"""The shared event path against the real RabbitMQ and Mongo-wire server:
outbox -> confirmed publish -> idempotent consumer, with retries and dead letters."""

import pytest

from shared.messaging import replay
from shared.messaging.topology import UNROUTED_QUEUE as UNROUTED
from tests.support import recorder
from tests.support.broker import body_of, drain, publish_events, publish_raw, queue_depth
from tests.support.recorder import Note, NoterService, RecorderService, note_event
from tests.support.rpc_calls import rpc_call
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration
DEAD_LETTERS = "recorder.notes.dead"


def test_an_event_saved_with_its_aggregate_reaches_the_consumer_without_any_sweep(
    running, config, monkeypatch
):
    monkeypatch.setenv("OUTBOX_SWEEP_SECONDS", "3600")  # only the hot path may deliver
    running(RecorderService)
    running(NoterService)
    note_id = rpc_call(config, "noter", "take_note", "bonjour")

    [effect] = wait_until(lambda: recorder.effects("bonjour"))
    assert effect["correlation_id"]  # the RPC's correlation id travelled with the event
    wait_until(lambda: Note.objects.get(pk=note_id).outbox == [])  # marked sent


def test_a_redelivered_event_has_no_second_effect(running, config):
    running(RecorderService)
    event = note_event("once")

    publish_events(config["AMQP_URI"], event, event)

    wait_until(lambda: (recorder.ledger_entry(event.id) or {}).get("duplicates_skipped") == 1)
    assert len(recorder.effects("once")) == 1
    assert recorder.attempts(event.id) == 1


@pytest.mark.parametrize("body, content_type, reason", [
    (b"\x00 not json", "application/json", "undecodable"),
    (b"hello", "text/plain", "undecodable"),
    (b"[1, 2]", "application/json", "not a JSON object"),
    (b'{"id": "x"}', "application/json", "invalid envelope"),
])
def test_a_malformed_message_is_dead_lettered_while_the_next_is_handled(
    running, config, body, content_type, reason
):
    running(RecorderService)
    publish_raw(config["AMQP_URI"], ("note.taken", body, "poison"), content_type=content_type)
    publish_events(config["AMQP_URI"], note_event("after the poison"))

    wait_until(lambda: recorder.effects("after the poison"))
    [dead] = wait_until(lambda: drain(config["AMQP_URI"], DEAD_LETTERS))
    assert dead.body == body
    assert reason in dead.headers["x-maillage-error"]


def test_an_unknown_event_version_is_dead_lettered_and_an_old_one_is_upcast(running, config):
    running(RecorderService)
    future, old = note_event("from the future"), note_event("from the past", version=1)
    future = future.__class__(**{**future.__dict__, "version": 9})

    publish_events(config["AMQP_URI"], future, old)

    wait_until(lambda: recorder.effects("from the past"))
    [dead] = wait_until(lambda: drain(config["AMQP_URI"], DEAD_LETTERS))
    assert "unknown event note.taken v9" in dead.headers["x-maillage-error"]
    assert recorder.effects("from the future") == []


def test_a_failing_handler_is_retried_with_backoff_and_then_succeeds(running, config):
    running(RecorderService)
    event = note_event("fail twice")

    publish_events(config["AMQP_URI"], event)

    wait_until(lambda: recorder.effects("fail twice"))
    assert recorder.attempts(event.id) == 3
    assert queue_depth(config["AMQP_URI"], DEAD_LETTERS) == 0


def test_a_handler_that_keeps_failing_is_dead_lettered_and_does_not_block_others(running, config):
    running(RecorderService)
    doomed = note_event("fail always")

    publish_events(config["AMQP_URI"], doomed, note_event("healthy"))

    wait_until(lambda: recorder.effects("healthy"))
    [dead] = wait_until(lambda: drain(config["AMQP_URI"], DEAD_LETTERS))
    assert body_of(dead)["id"] == doomed.id
    assert dead.headers["x-maillage-attempts"] == 2  # retries before giving up (2 delays)
    assert "failing on purpose" in dead.headers["x-maillage-error"]
    assert recorder.attempts(doomed.id) == 3
    assert recorder.ledger_entry(doomed.id) is None  # released: a replay may handle it


def test_a_dead_letter_replayed_after_a_fix_is_handled(running, config):
    running(RecorderService)
    publish_events(config["AMQP_URI"], note_event("fail until fixed"))
    wait_until(lambda: queue_depth(config["AMQP_URI"], DEAD_LETTERS) == 1)

    recorder.fix_the_bug()
    assert replay.replay(config["AMQP_URI"], DEAD_LETTERS) == 1

    wait_until(lambda: recorder.effects("fail until fixed"))
    wait_until(lambda: queue_depth(config["AMQP_URI"], DEAD_LETTERS) == 0)  # quorum queue counts lag


def test_events_published_before_their_consumer_exists_are_kept_for_replay(running, config):
    early = note_event("early bird")
    publish_events(config["AMQP_URI"], early)  # nobody is bound to note.taken yet
    wait_until(lambda: queue_depth(config["AMQP_URI"], UNROUTED) == 1)  # quorum queue counts lag

    running(RecorderService)
    assert replay.replay(config["AMQP_URI"], UNROUTED) == 1

    wait_until(lambda: recorder.effects("early bird"))
    wait_until(lambda: queue_depth(config["AMQP_URI"], UNROUTED) == 0)  # quorum queue counts lag


def test_an_old_event_its_upcaster_cannot_read_is_dead_lettered_and_the_consumer_lives_on(
    running, config
):
    running(RecorderService)
    broken = note_event("unreadable", version=1)
    broken = broken.__class__(**{**broken.__dict__, "payload": {"note_id": "n1"}})  # no "message"

    publish_events(config["AMQP_URI"], broken, note_event("after the unreadable one"))

    wait_until(lambda: recorder.effects("after the unreadable one"))
    [dead] = wait_until(lambda: drain(config["AMQP_URI"], DEAD_LETTERS))
    assert "could not be upcast" in dead.headers["x-maillage-error"]
