"""Dead letters as an operator reads them: which queues hold some, and for each message
its event, why it failed, how often, and when (the headers shared/messaging/redelivery.py
sets, or the broker's own `x-death` when it dead-lettered a message delivered too often).

Reading never loses a message: each is taken unacknowledged and returned in its order.
The dead-letter queues (and maillage.unrouted.held) have no delivery limit, so a return
costs a message nothing; a queue that has one (a policy added later) is refused, not read.
"""

import hashlib
import json
from dataclasses import dataclass

import amqp

from ops import broker
from shared.messaging.redelivery import (
    ATTEMPTS_HEADER,
    ERROR_HEADER,
    FIRST_FAILURE_HEADER,
    LAST_FAILURE_HEADER,
)
from shared.messaging.topology import DELIVERY_LIMIT, UNROUTED_QUEUE

DEAD_SUFFIX = ".dead"


class DeliveryLimited(Exception):
    """The queue counts deliveries: reading it by taking and returning would harm it."""


@dataclass(frozen=True)
class DeadLetter:
    queue: str
    id: str
    event_type: str
    error: str
    attempts: str
    first_failure: str
    last_failure: str
    routing_key: str
    properties: dict
    headers: dict
    body: bytes

    @classmethod
    def read(cls, queue: str, message: amqp.Message) -> "DeadLetter":
        headers = dict(message.headers or {})
        envelope = _envelope(message.body)
        death = _broker_death(queue, headers)
        return cls(
            queue=queue, id=message_id(message), routing_key=message.delivery_info["routing_key"],
            event_type=str(envelope.get("type") or message.delivery_info["routing_key"]),
            error=_error(queue, headers, death), attempts=_attempts(queue, headers, death),
            first_failure=str(headers.get(FIRST_FAILURE_HEADER, "")),
            last_failure=str(headers.get(LAST_FAILURE_HEADER) or (death or {}).get("time", "")),
            properties={k: v for k, v in message.properties.items() if k != "application_headers"},
            headers=headers, body=message.body,
        )


def message_id(message: amqp.Message) -> str:
    """The event's id (the message id every publisher sets), else the envelope's, else a
    digest of the body: a malformed message still has an id an operator can name."""
    explicit = message.properties.get("message_id") or _envelope(message.body).get("id")
    return str(explicit or hashlib.sha1(message.body).hexdigest()[:16])


def holding_queues(service: str | None = None) -> list[dict]:
    """The management API's view of every `<service>.<queue>.dead` queue (of one service),
    and of maillage.unrouted.held when no service is named (shown when it holds messages)."""
    found = []
    for queue in broker.queues():
        name = queue["name"]
        if name.endswith(DEAD_SUFFIX) and (service is None or name.startswith(f"{service}.")):
            found.append(queue)
        elif name == UNROUTED_QUEUE and service is None:
            found.append(queue)
    return sorted(found, key=lambda q: q["name"])


def peek(channel: amqp.Channel, queue: dict, limit: int | None = None) -> list[DeadLetter]:
    """Up to `limit` messages of the queue, from its head, all returned to it in order."""
    if broker.counts_deliveries(queue):
        raise DeliveryLimited(f"{queue['name']} has a delivery limit: reading it would push "
                              f"its messages toward it; use RabbitMQ's own tools")
    taken: list[amqp.Message] = []
    try:
        while limit is None or len(taken) < limit:
            message = channel.basic_get(queue["name"], no_ack=False)
            if message is None:
                break
            taken.append(message)
    finally:
        for message in taken:
            channel.basic_reject(message.delivery_tag, requeue=True)
    return [DeadLetter.read(queue["name"], message) for message in taken]


def _envelope(body: bytes) -> dict:
    try:
        decoded = json.loads(body)
    except ValueError:
        return {}
    return decoded if isinstance(decoded, dict) else {}


def _broker_death(queue: str, headers: dict) -> dict | None:
    """The broker's record of dead-lettering this message from its consumer's queue (its
    delivery limit), as opposed to the delay queues' expiries every retry goes through."""
    origin = queue.removesuffix(DEAD_SUFFIX)
    return next((d for d in headers.get("x-death") or [] if d.get("queue") == origin), None)


def _error(queue: str, headers: dict, death: dict | None) -> str:
    if queue == UNROUTED_QUEUE:
        return "no consumer was bound to its type when it was published"
    error = str(headers.get(ERROR_HEADER, ""))
    if death is None:
        return error or "(no reason recorded)"
    crashed = (f"the broker dead-lettered it ({death.get('reason')}): delivered more than "
               f"{DELIVERY_LIMIT} times, never settled: does its handler crash the process?")
    return f"{crashed} Earlier: {error}" if error else crashed


def _attempts(queue: str, headers: dict, death: dict | None) -> str:
    if queue == UNROUTED_QUEUE:
        return "0"
    if death is not None:
        return f">{DELIVERY_LIMIT}"
    return str(int(headers.get(ATTEMPTS_HEADER, 0)) + 1)  # the failure that dead-lettered it
