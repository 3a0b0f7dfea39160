"""Replays messages an operator wants handled again:

    python -m shared.replay maillage.unrouted       # events published before their consumers
                                                    # existed, back into maillage.events
    python -m shared.replay catalog.replicate_organization.dead
                                                    # dead letters, back to their consumer
                                                    # (after the bug is fixed), attempts reset

Each batch is published with confirms before it is acknowledged: nothing is lost if the
replay dies half-way (a message may be delivered twice; consumers are idempotent).
"""

import argparse

from shared import config
from shared.broker import (
    EVENTS_EXCHANGE,
    UNROUTED,
    ConfirmingPublisher,
    OutgoingMessage,
    open_connection,
)

BATCH = 200
RESET_HEADERS = ("x-maillage-attempts", "x-maillage-error")


def destination(source_queue: str, routing_key: str) -> tuple[str, str]:
    if source_queue == UNROUTED:
        return EVENTS_EXCHANGE, routing_key
    if source_queue.endswith(".dead"):
        return "", source_queue.removesuffix(".dead")
    raise ValueError(f"{source_queue} is neither {UNROUTED} nor a dead-letter queue")


def replay(amqp_uri: str, source_queue: str) -> int:
    connection = open_connection(amqp_uri)
    publisher = ConfirmingPublisher(amqp_uri)
    try:
        channel = connection.channel()
        remaining = channel.queue_declare(source_queue, passive=True).message_count
        replayed = 0
        while remaining > 0:
            batch = []
            while len(batch) < min(BATCH, remaining):
                message = channel.basic_get(source_queue, no_ack=False)
                if message is None:
                    break
                batch.append(message)
            if not batch:
                break
            publisher.publish([_copy(source_queue, m) for m in batch])
            channel.basic_ack(batch[-1].delivery_tag, multiple=True)
            replayed += len(batch)
            remaining -= len(batch)
        return replayed
    finally:
        publisher.close()
        connection.collect()


def _copy(source_queue: str, message) -> OutgoingMessage:
    exchange, routing_key = destination(source_queue, message.delivery_info["routing_key"])
    headers = {k: v for k, v in (message.headers or {}).items() if k not in RESET_HEADERS}
    return OutgoingMessage(
        exchange, routing_key, message.body, message.properties.get("message_id", ""),
        headers=headers, content_type=message.properties.get("content_type", "application/json"),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("queue", help=f"{UNROUTED} or a '<consumer queue>.dead' queue")
    args = parser.parse_args()
    print(f"replayed {replay(config.load().amqp_uri, args.queue)} messages from {args.queue}")


if __name__ == "__main__":
    main()
