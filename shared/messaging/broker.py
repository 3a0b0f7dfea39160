"""Publishing to RabbitMQ with publisher confirms, batched, knowing what was refused.

The topology the messages travel through is declared in topology.py.
"""

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import amqp
import kombu
from kombu.exceptions import OperationalError

from shared.messaging.topology import declare_event_topology

BROKER_ERRORS = (OSError, amqp.exceptions.AMQPError, OperationalError)


class PublishNotConfirmed(Exception):
    """The broker did not confirm a publish in time, or refused every message of it."""


class Unroutable(PublishNotConfirmed):
    """A mandatory message reached no queue (its queue is gone): nothing was kept."""


@dataclass(frozen=True)
class OutgoingMessage:
    exchange: str
    routing_key: str
    body: bytes
    message_id: str
    headers: dict = field(default_factory=dict)
    content_type: str = "application/json"
    # returned by the broker instead of dropped when no queue takes it (alternate exchanges
    # count as a queue): for copies sent to one named queue
    mandatory: bool = False

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


def close_quietly(connection: amqp.Connection | None) -> None:
    if connection is not None:
        try:
            connection.collect()
        except Exception:  # closing a broken connection must not raise
            pass


class ConfirmingPublisher:
    """Publishes a batch and waits once for the broker to confirm all of it.

    Waiting for one confirm per message is the main cost of a safe publish; a batch pays it
    once. `publish` returns the positions of the messages the broker refused (nacked, or
    returned as unroutable): the others are safely with the broker. Thread- and
    greenlet-safe; reconnects after a broker error and retries once (a retried batch may
    be delivered twice: consumers are idempotent).
    """

    def __init__(self, amqp_uri: str, confirm_timeout: float = 10.0):
        self.amqp_uri = amqp_uri
        self.confirm_timeout = confirm_timeout
        self._lock = threading.Lock()
        self._connection: amqp.Connection | None = None
        self._channel: amqp.Channel | None = None
        self._unconfirmed: set[int] = set()
        self._refused: set[int] = set()
        self._returnable: dict[str, list[int]] = {}  # message id -> its mandatory tags in flight
        self._next_tag = 1
        self.reconnects = 0  # after the first connection: a sign of broker trouble

    def publish(self, messages: Sequence[OutgoingMessage]) -> set[int]:
        if not messages:
            return set()
        with self._lock:
            try:
                return self._publish_confirmed(messages)
            except BROKER_ERRORS + (PublishNotConfirmed,):
                self._reset()
                return self._publish_confirmed(messages)

    def publish_one(self, message: OutgoingMessage) -> None:
        """Raises Unroutable or PublishNotConfirmed unless the broker took the message."""
        if self.publish([message]):
            raise Unroutable(f"no queue took the message for {message.routing_key!r}"
                             if message.mandatory else "the broker refused the message (nack)")

    def close(self) -> None:
        with self._lock:
            self._reset()

    def _publish_confirmed(self, messages: Sequence[OutgoingMessage]) -> set[int]:
        channel = self._ensure_channel()
        tags = []
        for message in messages:
            # Registered before publishing: py-amqp may read confirms inside basic_publish.
            tag = self._next_tag
            tags.append(tag)
            self._unconfirmed.add(tag)
            if message.mandatory:
                self._returnable.setdefault(message.message_id, []).append(tag)
            self._next_tag += 1
            channel.basic_publish(message.to_amqp(), exchange=message.exchange,
                                  routing_key=message.routing_key, mandatory=message.mandatory)
        self._await_confirms(set(tags))
        refused = {position for position, tag in enumerate(tags) if tag in self._refused}
        self._refused.difference_update(tags)
        for message in messages:
            self._returnable.pop(message.message_id, None)
        return refused

    def _await_confirms(self, tags: set[int]) -> None:
        deadline = time.monotonic() + self.confirm_timeout
        while self._unconfirmed & tags:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._connection is None:
                raise PublishNotConfirmed(f"{len(self._unconfirmed & tags)} publishes unconfirmed")
            self._connection.drain_events(timeout=remaining)

    def _settle(self, delivery_tag: int, multiple: bool, nacked: bool) -> None:
        settled = {t for t in self._unconfirmed if t <= delivery_tag} if multiple else {delivery_tag}
        self._unconfirmed -= settled
        if nacked:
            self._refused |= settled

    def _returned(self, exc, exchange, routing_key, message) -> None:
        """The broker returns an unroutable mandatory message before confirming it."""
        tags = self._returnable.get(message.properties.get("message_id", ""), [])
        if tags:
            self._refused.add(tags.pop(0))

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
            channel.events["basic_return"].add(self._returned)
            self._channel, self._next_tag = channel, 1
            self._unconfirmed, self._refused, self._returnable = set(), set(), {}
        return self._channel

    def _reset(self) -> None:
        close_quietly(self._connection)
        self._connection = self._channel = None
