"""Reading and writing RabbitMQ queues directly, to see what the services did."""

import json

import amqp

from shared.contract.events import Event
from shared.messaging.broker import ConfirmingPublisher, OutgoingMessage, open_connection
from shared.messaging.topology import EVENTS_EXCHANGE, declare_event_topology


def publish_events(amqp_uri: str, *events: Event) -> None:
    publish_raw(amqp_uri, *[(e.type, e.to_json(), e.id) for e in events])


def publish_raw(amqp_uri: str, *messages: tuple[str, bytes, str], content_type="application/json"):
    publisher = ConfirmingPublisher(amqp_uri)
    try:
        publisher.publish([
            OutgoingMessage(EVENTS_EXCHANGE, routing_key, body, message_id, content_type=content_type)
            for routing_key, body, message_id in messages
        ])
    finally:
        publisher.close()


def drain(amqp_uri: str, queue: str) -> list[amqp.Message]:
    """Takes every message now in the queue (acknowledging them)."""
    connection = open_connection(amqp_uri)
    try:
        channel = connection.channel()
        messages = []
        while (message := channel.basic_get(queue, no_ack=True)) is not None:
            messages.append(message)
        return messages
    finally:
        connection.collect()


def queue_depth(amqp_uri: str, queue: str) -> int:
    connection = open_connection(amqp_uri)
    try:
        return connection.channel().queue_declare(queue, passive=True).message_count
    finally:
        connection.collect()


def body_of(message: amqp.Message):
    return json.loads(message.body)


class EventSpy:
    """A queue of the test's own, bound to maillage.events, to see what was published."""

    def __init__(self, amqp_uri: str, *patterns: str):
        self.amqp_uri, self.queue = amqp_uri, f"spy-{'-'.join(patterns)}"
        connection = open_connection(amqp_uri)
        try:
            channel = connection.channel()
            declare_event_topology(channel)
            channel.queue_declare(self.queue, durable=False, auto_delete=False)
            for pattern in patterns:
                channel.queue_bind(self.queue, EVENTS_EXCHANGE, pattern)
        finally:
            connection.collect()
        self.seen: list[dict] = []

    def events(self) -> list[dict]:
        self.seen += [body_of(m) for m in drain(self.amqp_uri, self.queue)]
        return self.seen

    def of_type(self, event_type: str) -> list[dict]:
        return [e for e in self.events() if e["type"] == event_type]
