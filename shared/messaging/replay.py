"""Replays messages an operator wants handled again:

    python -m shared.messaging.replay maillage.unrouted.held  # events published before their consumers
                                                    # existed, back into maillage.events
    python -m shared.messaging.replay catalog.organization_replica.dead
                                                    # dead letters, back to their consumer
                                                    # (after the bug is fixed), attempts reset

Replay refuses to drop anything: the destination queue of dead letters must exist (checked
first, and each copy is published mandatory, so a queue deleted meanwhile returns it), and
a message is acknowledged only once its copy is confirmed. A refused copy leaves its
original where it was. A message may be delivered twice if the replay dies half-way;
consumers are idempotent.
"""

import argparse
import sys
from collections.abc import Callable

import amqp

from shared.messaging.broker import ConfirmingPublisher, OutgoingMessage, close_quietly, open_connection
from shared.messaging.topology import EVENTS_EXCHANGE, UNROUTED_QUEUE
from shared.runtime import config

BATCH = 200
RESET_HEADERS = ("x-maillage-attempts", "x-maillage-error", "x-maillage-first-failure",
                 "x-maillage-last-failure", "x-delivery-count", "x-death",
                 "x-first-death-exchange", "x-first-death-queue", "x-first-death-reason",
                 "x-last-death-exchange", "x-last-death-queue", "x-last-death-reason")


class DestinationGone(Exception):
    """The queue a dead letter would go back to does not exist (any more)."""


def destination(source_queue: str, routing_key: str) -> tuple[str, str]:
    if source_queue == UNROUTED_QUEUE:
        return EVENTS_EXCHANGE, routing_key
    if source_queue.endswith(".dead"):
        return "", source_queue.removesuffix(".dead")
    raise ValueError(f"{source_queue} is neither {UNROUTED_QUEUE} nor a dead-letter queue")


def replay(amqp_uri: str, source_queue: str) -> int:
    """Replays what is in source_queue now; returns how many messages were moved."""
    connection = open_connection(amqp_uri)
    publisher = ConfirmingPublisher(amqp_uri)
    try:
        channel = connection.channel()
        remaining = channel.queue_declare(source_queue, passive=True).message_count
        _check_destination(amqp_uri, source_queue)
        replayed = 0
        while remaining > 0:
            batch = _take(channel, source_queue, min(BATCH, remaining))
            if not batch:
                break
            refused = publisher.publish([_copy(source_queue, m) for m in batch])
            for position, message in enumerate(batch):
                if position in refused:
                    channel.basic_reject(message.delivery_tag, requeue=True)
                else:
                    channel.basic_ack(message.delivery_tag)
            if refused:
                raise DestinationGone(f"{len(refused)} messages were refused by their destination; "
                                      f"they are still in {source_queue}")
            replayed += len(batch)
            remaining -= len(batch)
        return replayed
    finally:
        publisher.close()
        close_quietly(connection)


def replay_selected(amqp_uri: str, source_queue: str,
                    wanted: Callable[[amqp.Message], bool]) -> list[amqp.Message]:
    """Replays only the messages `wanted` picks (an operator's `maillage dlq replay ID`);
    returns them. Every message is held until the end, so each is seen once; the others go
    back in their order. On a queue without a delivery limit (the dead-letter queues, the
    held queue) going back costs them nothing."""
    connection = open_connection(amqp_uri)
    publisher = ConfirmingPublisher(amqp_uri)
    try:
        channel = connection.channel()
        channel.queue_declare(source_queue, passive=True)
        taken = _take(channel, source_queue, sys.maxsize)
        chosen = [m for m in taken if wanted(m)]
        if chosen:
            _check_destination(amqp_uri, source_queue)
        refused = publisher.publish([_copy(source_queue, m) for m in chosen])
        replayed = {m.delivery_tag for position, m in enumerate(chosen) if position not in refused}
        for message in taken:
            if message.delivery_tag in replayed:
                channel.basic_ack(message.delivery_tag)
            else:
                channel.basic_reject(message.delivery_tag, requeue=True)
        if refused:
            raise DestinationGone(f"{len(refused)} messages were refused by their destination; "
                                  f"they are still in {source_queue}")
        return [m for m in chosen if m.delivery_tag in replayed]
    finally:
        publisher.close()
        close_quietly(connection)


def _check_destination(amqp_uri: str, source_queue: str) -> None:
    exchange, queue = destination(source_queue, "")
    if exchange:
        return  # back into maillage.events: its alternate exchange keeps what nobody takes
    connection = open_connection(amqp_uri)  # a failed passive declare closes its channel
    try:
        connection.channel().queue_declare(queue, passive=True)
    except amqp.exceptions.NotFound:
        raise DestinationGone(f"the queue {queue} does not exist; nothing was replayed") from None
    finally:
        close_quietly(connection)


def _take(channel: amqp.Channel, queue: str, count: int) -> list[amqp.Message]:
    batch: list[amqp.Message] = []
    while len(batch) < count and (message := channel.basic_get(queue, no_ack=False)) is not None:
        batch.append(message)
    return batch


def _copy(source_queue: str, message) -> OutgoingMessage:
    exchange, routing_key = destination(source_queue, message.delivery_info["routing_key"])
    headers = {k: v for k, v in (message.headers or {}).items() if k not in RESET_HEADERS}
    return OutgoingMessage(
        exchange, routing_key, message.body, message.properties.get("message_id", ""),
        headers=headers, content_type=message.properties.get("content_type", "application/json"),
        mandatory=not exchange,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("queue", help=f"{UNROUTED_QUEUE} or a '<consumer queue>.dead' queue")
    args = parser.parse_args()
    try:
        count = replay(config.load().amqp_uri, args.queue)
    except DestinationGone as exc:
        print(f"refused: {exc}")
        return 1
    print(f"replayed {count} messages from {args.queue}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
