"""The baselines of bench/event_pipeline.py: raw pika publishing and consuming with publisher
confirms, in a process of its own without eventlet (as fast as plain pika goes).

    python bench/raw_pika.py AMQP_URI EVENTS each                 -> prints events/s
    python bench/raw_pika.py AMQP_URI EVENTS window [MONGODB_URI]   -> prints events/s

- each:    every publish waits for its confirm (a BlockingConnection), while a second
           connection consumes and acks;
- window:  up to WINDOW confirms in flight (a SelectConnection); with MONGODB_URI, the
           producer inserts one document per event before publishing it and the consumer
           upserts one per event before acking it: the work our event path does, by hand.
The consumer, a process of its own, takes PREFETCH messages at a time, as a nameko service
does (max_workers).
"""

import multiprocessing
import sys
import time
import uuid

import pika
import pymongo

BODY = b'{"id": "x", "type": "note.taken", "payload": {"note_id": "n", "text": "bench"}}'
QUEUE, WINDOW, PREFETCH = "raw", 500, 10


def consume(uri: str, events: int, mongodb_uri: str | None, database_name: str) -> None:
    """Consumes and acks `events` messages (in a process of its own: no GIL shared with the
    producer)."""
    connection = pika.BlockingConnection(pika.URLParameters(uri))
    channel = connection.channel()
    channel.basic_qos(prefetch_count=PREFETCH)
    client: pymongo.MongoClient | None = pymongo.MongoClient(mongodb_uri) if mongodb_uri else None
    effects = client[database_name].effects if client is not None else None
    for count, (method, properties, _) in enumerate(channel.consume(QUEUE), start=1):
        if effects is not None:
            effects.update_one({"_id": properties.message_id}, {"$set": {"handled": True}},
                               upsert=True)
        channel.basic_ack(method.delivery_tag)
        if count == events:
            break
    connection.close()


def publish_each(params: pika.URLParameters, events: int) -> None:
    connection = pika.BlockingConnection(params)
    channel = connection.channel()
    channel.confirm_delivery()  # each publish waits for its confirm
    for _ in range(events):
        channel.basic_publish("", QUEUE, BODY, pika.BasicProperties(delivery_mode=2))
    connection.close()


class WindowedPublisher:
    """Keeps up to WINDOW publishes unconfirmed; each event's document (if any) is inserted
    before the event is published, as an outbox is written before it is relayed."""

    def __init__(self, params: pika.URLParameters, events: int, database):
        self.params, self.events, self.database = params, events, database
        self.published, self.unconfirmed = 0, set[int]()

    def run(self) -> None:
        self.connection = pika.SelectConnection(self.params, on_open_callback=self._opened)
        self.connection.ioloop.start()

    def _opened(self, connection) -> None:
        connection.channel(on_open_callback=self._channel_opened)

    def _channel_opened(self, channel) -> None:
        self.channel = channel
        channel.confirm_delivery(self._confirmed, callback=lambda _: self._publish_more())

    def _confirmed(self, frame) -> None:
        tag, multiple = frame.method.delivery_tag, frame.method.multiple
        if not isinstance(frame.method, pika.spec.Basic.Ack):
            raise RuntimeError(f"the broker refused message {tag}")
        self.unconfirmed -= {t for t in self.unconfirmed if t <= tag} if multiple else {tag}
        self._publish_more()

    def _publish_more(self) -> None:
        while len(self.unconfirmed) < WINDOW and self.published < self.events:
            event_id = uuid.uuid4().hex
            if self.database is not None:
                self.database.outbox.insert_one({"_id": event_id, "body": BODY})
            self.channel.basic_publish("", QUEUE, BODY, pika.BasicProperties(
                delivery_mode=2, message_id=event_id))
            self.published += 1
            self.unconfirmed.add(self.published)
        if self.published == self.events and not self.unconfirmed:
            self.connection.close()
            self.connection.ioloop.stop()


def main() -> None:
    uri, events, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    mongodb_uri = sys.argv[4] if len(sys.argv) > 4 else None
    params = pika.URLParameters(uri)
    client: pymongo.MongoClient | None = pymongo.MongoClient(mongodb_uri) if mongodb_uri else None
    name = f"bench_raw_{uuid.uuid4().hex[:8]}"
    database = client[name] if client is not None else None
    with pika.BlockingConnection(params) as setup:
        setup.channel().queue_declare(QUEUE, durable=True)
    consumer = multiprocessing.Process(target=consume, args=(uri, events, mongodb_uri, name))
    consumer.start()
    started = time.perf_counter()
    if mode == "each":
        publish_each(params, events)
    else:
        WindowedPublisher(params, events, database).run()
    consumer.join()
    print(events / (time.perf_counter() - started))
    with pika.BlockingConnection(params) as setup:
        setup.channel().queue_delete(QUEUE)
    if client is not None:
        client.drop_database(name)


if __name__ == "__main__":
    main()
