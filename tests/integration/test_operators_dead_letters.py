"""`maillage dlq` against real RabbitMQ and the recorder consumer (tests/support/recorder.py):
dead letters are listed with why and when they failed, reading them loses and reorders
nothing, and a replay after the fix handles one message once and leaves the others."""

import amqp
import pytest
from typer.testing import CliRunner

from ops.cli import app
from shared.messaging.broker import open_connection
from shared.messaging.topology import DELIVERY_LIMIT, QUORUM, UNROUTED_QUEUE, declare_consumer_queue
from tests.support import recorder
from tests.support.broker import drain, publish_events, queue_depth
from tests.support.recorder import RecorderService, note_event
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration
DEAD_LETTERS = "recorder.notes.dead"


@pytest.fixture
def maillage(config):
    """Runs `maillage ...` on the test's vhost, as an operator would on a wide terminal."""
    def run(*args: str, input: str | None = None):
        return CliRunner().invoke(app, list(args), input=input, env={
            "AMQP_URI": config["AMQP_URI"], "COLUMNS": "300"})
    return run


@pytest.fixture
def channel(config):
    connection = open_connection(config["AMQP_URI"])
    yield connection.channel()
    connection.collect()


def dead_letters_of(config, poisoned: list) -> None:
    wait_until(lambda: queue_depth(config["AMQP_URI"], DEAD_LETTERS) == len(poisoned), timeout=20)


def effects_of(event) -> list[dict]:
    return [e for e in recorder.effects() if e["event_id"] == event.id]


def test_a_failed_event_is_listed_with_its_error_attempts_and_when_it_failed(running, config,
                                                                            maillage):
    running(RecorderService)
    poisoned = note_event("fail until fixed")
    publish_events(config["AMQP_URI"], poisoned)
    dead_letters_of(config, [poisoned])

    listed = maillage("dlq", "list", "recorder")

    assert listed.exit_code == 0, listed.output
    [row] = [line for line in listed.output.splitlines() if poisoned.id in line]
    assert "note.taken" in row and "failing on purpose" in row
    assert "│ 3 " in row  # three attempts: the first and two retries (CONSUMER_RETRY_DELAYS)
    assert row.count(poisoned.occurred_at.strftime("%Y-%m-%d")) == 2  # first and last failure
    assert DEAD_LETTERS in listed.output and "│        1 │" in listed.output


def test_reading_dead_letters_loses_and_reorders_nothing(config, channel, maillage):
    channel.queue_declare("reader.notes.dead", durable=True, auto_delete=False, arguments=QUORUM)
    events = [note_event(f"poison {n}") for n in range(5)]
    for event in events:
        channel.basic_publish(amqp.Message(event.to_json(), message_id=event.id), "",
                              "reader.notes.dead")

    for _ in range(3):
        assert maillage("dlq", "list", "reader").exit_code == 0
        assert maillage("dlq", "show", events[2].id).exit_code == 0

    assert [m.properties["message_id"] for m in drain(config["AMQP_URI"], "reader.notes.dead")] \
        == [e.id for e in events]


def test_one_dead_letter_replayed_after_the_fix_is_handled_once_and_the_others_stay(
        running, config, maillage):
    running(RecorderService)
    first, second = note_event("fail until fixed"), note_event("fail until fixed")
    publish_events(config["AMQP_URI"], first, second)
    dead_letters_of(config, [first, second])
    recorder.fix_the_bug()

    replayed = maillage("dlq", "replay", first.id)

    assert replayed.exit_code == 0, replayed.output
    assert f"replayed {first.id} (note.taken) from {DEAD_LETTERS}" in replayed.output
    wait_until(lambda: effects_of(first))
    listed = maillage("dlq", "list", "recorder").output
    assert second.id in listed and first.id not in listed

    assert maillage("dlq", "replay", "--all").exit_code == 0
    wait_until(lambda: effects_of(second))
    assert len(effects_of(first)) == 1 and len(effects_of(second)) == 1
    assert recorder.attempts(first.id) == 4  # three failures, then the replay: nothing more
    assert maillage("dlq", "replay", first.id).exit_code == 1  # no longer a dead letter


def test_show_prints_the_whole_message(running, config, maillage):
    running(RecorderService)
    poisoned = note_event("fail until fixed")
    publish_events(config["AMQP_URI"], poisoned)
    dead_letters_of(config, [poisoned])

    shown = maillage("dlq", "show", poisoned.id)

    assert shown.exit_code == 0, shown.output
    for expected in ("x-maillage-error", "x-maillage-first-failure", "x-maillage-last-failure",
                     "x-maillage-attempts", '"correlation_id": "test-correlation"',
                     '"text": "fail until fixed"'):
        assert expected in shown.output
    assert maillage("dlq", "show", "no-such-id").exit_code == 1


def test_a_message_the_broker_dead_lettered_says_its_handler_never_settled(config, channel,
                                                                             maillage):
    declare_consumer_queue(channel, "crashy.notes", ["note.taken"], [0.05])
    poisoned = note_event("crash me")
    publish_events(config["AMQP_URI"], poisoned)
    while (message := channel.basic_get("crashy.notes", no_ack=False)) is not None:
        channel.basic_reject(message.delivery_tag, requeue=True)  # as a dying process would
    wait_until(lambda: queue_depth(config["AMQP_URI"], "crashy.notes.dead") == 1)

    [row] = [line for line in maillage("dlq", "list", "crashy").output.splitlines()
             if poisoned.id in line]

    assert "delivery_limit" in row and f">{DELIVERY_LIMIT}" in row


def test_purge_asks_first_and_keeps_everything_when_the_answer_is_no(running, config, maillage):
    running(RecorderService)
    poisoned = note_event("fail always")
    publish_events(config["AMQP_URI"], poisoned)
    dead_letters_of(config, [poisoned])

    refused = maillage("dlq", "purge", input="n\n")
    assert refused.exit_code == 1 and "nothing was purged" in refused.output
    assert maillage("dlq", "show", poisoned.id).exit_code == 0

    purged = maillage("dlq", "purge", "--queue", DEAD_LETTERS, "--yes")
    assert purged.exit_code == 0 and f"purged 1 messages from {DEAD_LETTERS}" in purged.output
    assert maillage("dlq", "show", poisoned.id).exit_code == 1
    assert maillage("dlq", "purge", "--queue", "recorder.notes", "--yes").exit_code == 1


def test_a_queue_that_counts_deliveries_is_not_read(config, channel, maillage):
    channel.queue_declare("limited.notes.dead", durable=True, auto_delete=False,
                          arguments={**QUORUM, "x-delivery-limit": 2})
    channel.basic_publish(amqp.Message(b"{}", message_id="m1"), "", "limited.notes.dead")

    refused = maillage("dlq", "list", "limited")

    assert refused.exit_code == 1 and "delivery limit" in refused.output
    assert len(drain(config["AMQP_URI"], "limited.notes.dead")) == 1


def test_an_unreachable_broker_is_said_plainly_with_a_non_zero_exit(config):
    nothing_there = {"AMQP_URI": "amqp://guest:guest@127.0.0.1:9/",
                     "RABBITMQ_MANAGEMENT": "http://guest:guest@127.0.0.1:9/api"}
    for command in (["dlq", "list"], ["dlq", "replay", "--all"], ["events", "tail", "--for", "1"]):
        result = CliRunner().invoke(app, command, env=nothing_there)
        assert result.exit_code == 3, (command, result.output)
        assert "RabbitMQ" in result.output and "guest:guest" not in result.output
        assert isinstance(result.exception, SystemExit)  # said, not raised


def test_an_event_held_for_lack_of_a_consumer_is_listed_and_replayed_by_its_id(running, config,
                                                                                maillage):
    early, other = note_event("early bird"), note_event("also early")
    publish_events(config["AMQP_URI"], early, other)  # nobody is bound to note.taken yet
    wait_until(lambda: queue_depth(config["AMQP_URI"], UNROUTED_QUEUE) == 2)
    assert early.id in maillage("dlq", "list").output
    running(RecorderService)

    assert maillage("dlq", "replay", early.id).exit_code == 0

    wait_until(lambda: effects_of(early))
    assert maillage("dlq", "show", other.id, "--queue", UNROUTED_QUEUE).exit_code == 0
    assert effects_of(other) == []
