"""RabbitMQ topology and publishing with publisher confirms, batched.

Topology (all durable):
- `maillage.events` (topic): every domain event, routing key = event type. Its alternate
  exchange `maillage.unrouted` (fanout) keeps events nobody was bound for yet in the queue
  `maillage.unrouted`, for replay (`python -m shared.replay`), instead of dropping them.
- per consumer: its queue bound to the event types it handles, and `<queue>.dead`.
- `maillage.retry.<ms>` (fanout exchange + queue with a TTL): a message published there with
  routing key Q comes back to queue Q after the delay (dead-lettered to the default exchange).
"""

import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import amqp
import kombu
from kombu.exceptions import OperationalError

EVENTS_EXCHANGE = "maillage.events"
UNROUTED = "maillage.unrouted"
BROKER_ERRORS = (OSError, amqp.exceptions.AMQPError, OperationalError)


class PublishNotConfirmed(Exception):
    """The broker refused (nack) or did not confirm a publish in time."""


def dead_letter_queue(queue: str) -> str:
    return f"{queue}.dead"


def retry_exchange(delay_seconds: float) -> str:
    return f"maillage.retry.{round(delay_seconds * 1000)}ms"


def declare_event_topology(channel: amqp.Channel) -> None:
    channel.exchange_declare(UNROUTED, "fanout", durable=True, auto_delete=False)
    channel.queue_declare(UNROUTED, durable=True, auto_delete=False)
    channel.queue_bind(UNROUTED, UNROUTED, "")
    channel.exchange_declare(
        EVENTS_EXCHANGE, "topic", durable=True, auto_delete=False,
        arguments={"alternate-exchange": UNROUTED},
    )


def declare_consumer_queue(
    channel: amqp.Channel, queue: str, event_types: Iterable[str], retry_delays: Iterable[float]
) -> None:
    declare_event_topology(channel)
    channel.queue_declare(dead_letter_queue(queue), durable=True, auto_delete=False)
    channel.queue_declare(queue, durable=True, auto_delete=False)
    for event_type in event_types:
        channel.queue_bind(queue, EVENTS_EXCHANGE, event_type)
    for delay in retry_delays:
        name = retry_exchange(delay)
        channel.exchange_declare(name, "fanout", durable=True, auto_delete=False)
        channel.queue_declare(
            name, durable=True, auto_delete=False,
            arguments={"x-message-ttl": round(delay * 1000), "x-dead-letter-exchange": ""},
        )
        channel.queue_bind(name, name, "")


@dataclass(frozen=True)
class OutgoingMessage:
    exchange: str
    routing_key: str
    body: bytes
    message_id: str
    headers: dict = field(default_factory=dict)
    content_type: str = "application/json"

    def to_amqp(self) -> amqp.Message:
        return amqp.Message(
            self.body,
            content_type=self.content_type,
            delivery_mode=2,  # persistent
            message_id=self.message_id,
            application_headers=self.headers,
        )


def open_connection(amqp_uri: str, heartbeat: int = 0) -> amqp.Connection:
    """A raw py-amqp connection (kombu parses the URI the same way nameko does)."""
    connection = kombu.Connection(amqp_uri, heartbeat=heartbeat, connect_timeout=5)
    connection.connect()
    return connection.connection


class ConfirmingPublisher:
    """Publishes a batch and waits once for the broker to confirm all of it.

    Waiting for one confirm per message is the main cost of a safe publish; a batch pays it
    once. Thread- and greenlet-safe; reconnects after a broker error and retries once (a
    retried batch may be delivered twice: consumers are idempotent).
    """

    def __init__(self, amqp_uri: str, confirm_timeout: float = 10.0):
        self.amqp_uri = amqp_uri
        self.confirm_timeout = confirm_timeout
        self._lock = threading.Lock()
        self._connection: amqp.Connection | None = None
        self._channel: amqp.Channel | None = None
        self._unconfirmed: set[int] = set()
        self._nacked: set[int] = set()
        self._next_tag = 1
        self.reconnects = 0  # after the first connection: a sign of broker trouble

    def publish(self, messages: Sequence[OutgoingMessage]) -> None:
        if not messages:
            return
        with self._lock:
            try:
                self._publish_confirmed(messages)
            except BROKER_ERRORS + (PublishNotConfirmed,):
                self._reset()
                self._publish_confirmed(messages)

    def close(self) -> None:
        with self._lock:
            self._reset()

    def _publish_confirmed(self, messages: Sequence[OutgoingMessage]) -> None:
        channel = self._ensure_channel()
        tags = set()
        for message in messages:
            # Registered before publishing: py-amqp may read confirms inside basic_publish.
            tags.add(self._next_tag)
            self._unconfirmed.add(self._next_tag)
            self._next_tag += 1
            channel.basic_publish(
                message.to_amqp(), exchange=message.exchange, routing_key=message.routing_key
            )
        deadline = time.monotonic() + self.confirm_timeout
        while self._unconfirmed & tags:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PublishNotConfirmed(f"{len(self._unconfirmed & tags)} publishes unconfirmed")
            self._connection.drain_events(timeout=remaining)
        if self._nacked & tags:
            self._nacked -= tags
            raise PublishNotConfirmed("the broker refused a publish (nack)")

    def _settle(self, delivery_tag: int, multiple: bool, nacked: bool) -> None:
        settled = {t for t in self._unconfirmed if t <= delivery_tag} if multiple else {delivery_tag}
        self._unconfirmed -= settled
        if nacked:
            self._nacked |= settled

    def _ensure_channel(self) -> amqp.Channel:
        if self._channel is None:
            self.reconnects += self._next_tag > 1
            self._connection = open_connection(self.amqp_uri)
            channel = self._connection.channel()
            declare_event_topology(channel)
            channel.confirm_select()
            channel.events["basic_ack"].add(lambda tag, multiple: self._settle(tag, multiple, False))
            channel.events["basic_nack"].add(
                lambda tag, multiple, *rest: self._settle(tag, multiple, True)
            )
            self._channel, self._next_tag = channel, 1
            self._unconfirmed, self._nacked = set(), set()
        return self._channel

    def _reset(self) -> None:
        if self._connection is not None:
            try:
                self._connection.collect()
            except Exception:  # closing a broken connection must not raise
                pass
        self._connection = self._channel = None
