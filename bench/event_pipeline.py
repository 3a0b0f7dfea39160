"""Events per second through Maillage's event path, next to raw pika on the same broker.

    make bench            (or: .venv/bin/python bench/event_pipeline.py [--events N])

Both sides run in this one process, on a fresh vhost of the local RabbitMQ, against a
Mongo-wire server (memory backend) started for the run:
- raw:      pika publishes N messages, waiting for each publisher confirm, while a second
            connection consumes and acks them; events/s until the last is consumed.
- maillage: N aggregates saved with their event in one write (outbox), relayed with
            batched publisher confirms, handled by an idempotent consumer (ledger claim,
            one database write, ledger completion); events/s until the last is handled.
The ratio maillage/raw is what to compare between machines (these ones are noisy).
"""

import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

import pika  # noqa: E402
import requests  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nameko.containers import ServiceContainer  # noqa: E402

from shared import mongo  # noqa: E402
from shared.consumer import consumes  # noqa: E402
from shared.events import Event  # noqa: E402
from tests.support.mongo_wire import memory_server  # noqa: E402
from tests.support.recorder import Note, NoterService, NoteTaken  # noqa: E402

MANAGEMENT = "http://guest:guest@127.0.0.1:15672/api"
PRODUCERS = 20


class CounterService:
    """The leanest real consumer: the ledger's bookkeeping plus one write of its own."""

    name = "counter"

    @consumes("note.taken")
    def count(self, event: Event) -> None:
        mongo.connect(self.name).effects.insert_one({"_id": event.id})


def raw_pika(vhost: str, events: int) -> float:
    params = pika.URLParameters(f"amqp://guest:guest@127.0.0.1:5672/{vhost}")
    setup = pika.BlockingConnection(params)
    setup.channel().queue_declare("raw", durable=True)
    setup.close()
    consumed = threading.Event()

    def consume():
        connection = pika.BlockingConnection(params)
        channel = connection.channel()
        channel.basic_qos(prefetch_count=10)
        count = 0
        for method, _, _ in channel.consume("raw"):
            channel.basic_ack(method.delivery_tag)
            count += 1
            if count == events:
                break
        connection.close()
        consumed.set()

    consumer = threading.Thread(target=consume)
    consumer.start()
    connection = pika.BlockingConnection(params)
    channel = connection.channel()
    channel.confirm_delivery()
    body = b'{"id": "x", "type": "note.taken", "payload": {"text": "bench"}}' * 3
    started = time.perf_counter()
    for _ in range(events):
        channel.basic_publish("", "raw", body, pika.BasicProperties(delivery_mode=2))
    consumed.wait()
    elapsed = time.perf_counter() - started
    connection.close()
    consumer.join()
    return events / elapsed


def maillage(vhost: str, events: int) -> float:
    config = {"AMQP_URI": f"amqp://guest:guest@127.0.0.1:5672/{vhost}", "serializer": "json"}
    containers = [ServiceContainer(CounterService, config), ServiceContainer(NoterService, config)]
    for container in containers:
        container.start()
    [store] = [d for d in containers[1].dependencies if d.attr_name == "aggregates"]
    effects = mongo.connect("counter").effects

    def produce(count: int) -> None:
        for _ in range(count):
            note = Note(text="bench")
            entries = _insert(note)
            store.relay.enqueue(Note._get_collection_name(), note.pk, entries)

    def _insert(note):
        from shared import outbox
        from shared.events import registry
        event = NoteTaken(note.id, note.text)
        envelope = registry.new_event(event.event_type, event.payload(), "noter", uuid.uuid4().hex)
        return outbox.insert(note, [envelope])

    started = time.perf_counter()
    pool = eventlet.GreenPool(PRODUCERS)
    for share in [events // PRODUCERS] * PRODUCERS:
        pool.spawn(produce, share)
    pool.waitall()
    while effects.estimated_document_count() < events:
        eventlet.sleep(0.005)
    elapsed = time.perf_counter() - started
    for container in containers:
        container.stop()
    return events / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description="events/s: Maillage's event path vs raw pika")
    parser.add_argument("--events", type=int, default=4000)
    events = parser.parse_args().events // PRODUCERS * PRODUCERS
    vhost = f"maillage_bench_{uuid.uuid4().hex[:8]}"
    requests.put(f"{MANAGEMENT}/vhosts/{vhost}", timeout=10).raise_for_status()
    requests.put(f"{MANAGEMENT}/permissions/{vhost}/guest", timeout=10,
                 json={"configure": ".*", "write": ".*", "read": ".*"}).raise_for_status()
    try:
        with memory_server() as mongo_uri:
            os.environ.update(MONGODB_URI=mongo_uri, MONGODB_DB_PREFIX="bench_")
            raw = raw_pika(vhost, events)
            ours = maillage(vhost, events)
    finally:
        requests.delete(f"{MANAGEMENT}/vhosts/{vhost}", timeout=10)
    print(f"events: {events}  (RabbitMQ on loopback; Mongo-wire server, memory backend)")
    print(f"raw pika publish+consume, confirms:               {raw:8.0f} events/s")
    print(f"maillage outbox -> confirmed publish -> handler:  {ours:8.0f} events/s")
    print(f"ratio maillage/raw:                               {ours / raw:8.2f}")


if __name__ == "__main__":
    main()
