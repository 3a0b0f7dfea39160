"""RabbitMQ topology of the event path: what exists, and with which guarantees.

All durable; every queue that holds events is a quorum queue (replicated on a cluster,
and the only kind that dead-letters at least once and counts deliveries):
- `maillage.events` (topic): every domain event, routing key = event type. Its alternate
  exchange `maillage.unrouted` (fanout) keeps events no consumer is bound for in
  `maillage.unrouted.held`, bounded in length and age, for replay (`python -m shared.messaging.replay`).
- per consumer: its queue, named by the consumer (never derived from code names, so a
  rename keeps its messages and its dedup history), bound to the event types it handles;
  a message delivered more than DELIVERY_LIMIT times (its handler keeps crashing the
  process) goes to `<queue>.dead` by the broker itself, at least once.
- `maillage.delay.<ms>` (fanout exchange + quorum queue with a message TTL): a message
  published there with routing key Q expires back into queue Q after the delay, at least
  once (dead-lettered through the default exchange).

Changing a queue's arguments makes RabbitMQ refuse the declaration (PRECONDITION_FAILED):
a change of guarantees takes new queue names, as this one did (`maillage.retry.*` and the
classic `maillage.unrouted` queue are retired).
"""

from collections.abc import Iterable

import amqp

EVENTS_EXCHANGE = "maillage.events"
UNROUTED_EXCHANGE = "maillage.unrouted"
UNROUTED_QUEUE = "maillage.unrouted.held"
DELIVERY_LIMIT = 10
UNROUTED_MAX_LENGTH = 100_000
UNROUTED_TTL_MS = 14 * 24 * 3600 * 1000

QUORUM = {"x-queue-type": "quorum"}


def dead_letter_queue(queue: str) -> str:
    return f"{queue}.dead"


def delay_exchange(delay_seconds: float) -> str:
    return f"maillage.delay.{round(delay_seconds * 1000)}ms"


def _dead_letters_to(exchange: str, routing_key: str | None = None) -> dict:
    arguments = {"x-dead-letter-exchange": exchange, "x-dead-letter-strategy": "at-least-once",
                 "x-overflow": "reject-publish"}  # at-least-once needs reject-publish
    if routing_key is not None:
        arguments["x-dead-letter-routing-key"] = routing_key
    return arguments


def declare_event_topology(channel: amqp.Channel) -> None:
    channel.exchange_declare(UNROUTED_EXCHANGE, "fanout", durable=True, auto_delete=False)
    channel.queue_declare(UNROUTED_QUEUE, durable=True, auto_delete=False, arguments={
        **QUORUM, "x-max-length": UNROUTED_MAX_LENGTH, "x-overflow": "drop-head",
        "x-message-ttl": UNROUTED_TTL_MS,
    })
    channel.queue_bind(UNROUTED_QUEUE, UNROUTED_EXCHANGE, "")
    channel.exchange_declare(
        EVENTS_EXCHANGE, "topic", durable=True, auto_delete=False,
        arguments={"alternate-exchange": UNROUTED_EXCHANGE},
    )


def declare_consumer_queue(
    channel: amqp.Channel, queue: str, event_types: Iterable[str], retry_delays: Iterable[float]
) -> None:
    declare_event_topology(channel)
    channel.queue_declare(dead_letter_queue(queue), durable=True, auto_delete=False,
                          arguments=QUORUM)
    channel.queue_declare(queue, durable=True, auto_delete=False, arguments={
        **QUORUM, "x-delivery-limit": DELIVERY_LIMIT, **_dead_letters_to("", dead_letter_queue(queue)),
    })
    for event_type in event_types:
        channel.queue_bind(queue, EVENTS_EXCHANGE, event_type)
    for delay in retry_delays:
        declare_delay(channel, delay)


def declare_delay(channel: amqp.Channel, delay_seconds: float) -> None:
    name = delay_exchange(delay_seconds)
    channel.exchange_declare(name, "fanout", durable=True, auto_delete=False)
    channel.queue_declare(name, durable=True, auto_delete=False, arguments={
        **QUORUM, "x-message-ttl": round(delay_seconds * 1000), **_dead_letters_to(""),
    })
    channel.queue_bind(name, name, "")
