"""The event path counts what it does (shared/runtime/metrics.py), against the real broker and
Mongo-wire server: published by the relay, consumed, retried then dead-lettered, unreadable,
duplicates. The services run in this process, so their counters are this process's."""

import pytest
from prometheus_client import REGISTRY

from tests.support.broker import drain, publish_events, publish_raw
from tests.support.recorder import NoterService, RecorderService, note_event
from tests.support.rpc_calls import rpc_call
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration
QUEUE = "recorder.notes"
NOTE = "note.taken"


class Counts:
    """Samples of this process's registry, as moved since the test began."""

    def __init__(self, *wanted: tuple[str, dict[str, str]]):
        self.wanted = wanted
        self.before = [self._now(name, labels) for name, labels in wanted]

    @staticmethod
    def _now(name: str, labels: dict[str, str]) -> float:
        return REGISTRY.get_sample_value(name, labels) or 0.0

    def moved(self) -> list[float]:
        return [self._now(name, labels) - before
                for (name, labels), before in zip(self.wanted, self.before, strict=True)]


def test_a_failing_handler_is_counted_retried_then_dead_lettered_and_the_healthy_consumed(
        running, config):
    counts = Counts(("maillage_events_retried_total", {"queue": QUEUE, "type": NOTE}),
                    ("maillage_events_dead_lettered_total", {"queue": QUEUE, "type": NOTE}),
                    ("maillage_events_consumed_total", {"queue": QUEUE, "type": NOTE}),
                    ("maillage_handler_duration_seconds_count", {"queue": QUEUE}))
    running(RecorderService)

    publish_events(config["AMQP_URI"], note_event("fail always"), note_event("healthy"))

    wait_until(lambda: drain(config["AMQP_URI"], f"{QUEUE}.dead"))
    # 2 delays, then dead; 3 failures and 1 success timed
    wait_until(lambda: counts.moved() == [2, 1, 1, 4], interval=0.1)


def test_an_unreadable_message_and_a_duplicate_are_counted(running, config):
    counts = Counts(("maillage_events_dead_lettered_total", {"queue": QUEUE, "type": "unreadable"}),
                    ("maillage_events_duplicates_total", {"queue": QUEUE}),
                    ("maillage_events_consumed_total", {"queue": QUEUE, "type": NOTE}))
    running(RecorderService)
    twice = note_event("twice")

    publish_raw(config["AMQP_URI"], (NOTE, b"\x00 not json", "poison"),
                content_type="application/json")
    publish_events(config["AMQP_URI"], twice, twice)

    wait_until(lambda: counts.moved() == [1, 1, 1], interval=0.1)


def test_the_relay_counts_what_the_broker_confirmed_by_producer_and_type(running, config):
    counts = Counts(("maillage_events_published_total", {"service": "noter", "type": NOTE}))
    running(RecorderService)
    running(NoterService)

    rpc_call(config, "noter", "take_note", "compté")

    wait_until(lambda: counts.moved() == [1], interval=0.1)
