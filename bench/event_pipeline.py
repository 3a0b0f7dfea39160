"""Events per second through Maillage's event path, next to raw pika on the same broker and
database (issue 13).

    make bench            (or: .venv/bin/python bench/event_pipeline.py [--events N])

All run on a fresh vhost of the local RabbitMQ, against a Mongo-wire server (memory backend)
started for the run (the raw sides in a process of their own, without eventlet,
bench/raw_pika.py):
- raw, confirm each:  pika publishes N messages, waiting for each publisher confirm, while a
                      second connection consumes and acks them (the first baseline);
- raw, window:        up to 500 confirms in flight, no database;
- raw, window + db:   the same, the producer inserting one document per event before its
                      publish and the consumer upserting one per event before its ack: our
                      path's work done by hand, the baseline of the target;
- maillage:           (the producer in the bench's process, the consumer in a process of its
                      own, as the platform runs each service)
                      N aggregates saved with their event in one write (outbox), relayed with
                      batched publisher confirms, handled by the idempotent consumer with one
                      write of the handler's own: once with the ledger (its claim and its
                      completion, two writes more per event), once without (`ledger=False`:
                      the write is an insert keyed by the note, its own guard); events/s until
                      the last is handled, then the latency of single events through the idle
                      pipeline.
Each of our runs follows its own raw window + db run, its baseline (the machine drifts), after
three runs of it that are not counted: a cold Mongo-wire server (its JVM's JIT) went half as
fast, and still gained for a few runs.
Targets: maillage / (raw, window + db) >= 0.6; one event on the idle pipeline, p50 <= 5 ms.
Exits non-zero if an event is lost or handled twice.
"""

import eventlet
import eventlet.event

eventlet.monkey_patch()

import argparse  # noqa: E402
import contextlib  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nameko.containers import ServiceContainer, WorkerContext  # noqa: E402
from own_platform import own_vhost  # noqa: E402
from profiles import cpu_used, processes_named  # noqa: E402
from pymongo.errors import DuplicateKeyError  # noqa: E402

from shared.contract.events import Event  # noqa: E402
from shared.messaging.broker import close_quietly, open_connection  # noqa: E402
from shared.messaging.consumer import consumes  # noqa: E402
from shared.storage import mongo  # noqa: E402
from tests.support.mongo_wire import memory_server  # noqa: E402
from tests.support.recorder import Note, NoterService, NoteTaken  # noqa: E402

PRODUCERS, LATENCY_SAMPLES, WINDOW, WARM_UP_RUNS = 20, 50, 500, 3
TARGET_RATIO, TARGET_IDLE_P50_MS = 0.6, 5.0


class CounterService:
    """The leanest real consumer: the ledger's bookkeeping plus one write of its own, keyed
    by the note (so the bench finds it by `_id`), counting the times it ran: more than once
    is an event handled twice."""

    name = "counter"

    @consumes("note.taken", queue="notes")
    def count(self, event: Event) -> None:
        mongo.connect(self.name).effects.update_one(
            {"_id": event.payload["note_id"]}, {"$inc": {"times": 1}}, upsert=True)


class GuardedCounterService:
    """Without the ledger (consumer.py, `ledger=False`): its one write is its own guard, an
    insert under the note's id, which a repeat cannot make twice."""

    name = "counter"

    @consumes("note.taken", queue="guarded_notes", ledger=False)
    def count(self, event: Event) -> None:
        try:
            mongo.connect(self.name).effects.insert_one(
                {"_id": event.payload["note_id"], "times": 1})
        except DuplicateKeyError:
            pass  # handled before: nothing more to do


def raw_pika(vhost: str, events: int, *mode: str) -> float:
    """Runs in a process of its own, without eventlet: the fastest plain pika goes."""
    result = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("raw_pika.py")),
         f"amqp://guest:guest@127.0.0.1:5672/{vhost}", str(events), *mode],
        capture_output=True, text=True, check=True, timeout=600,
    )
    return float(result.stdout)


CONSUMERS = {"ledger": CounterService, "guarded write": GuardedCounterService}
QUEUES = {"ledger": "counter.notes", "guarded write": "counter.guarded_notes"}


def serve(consumer: str) -> None:
    """`--serve CONSUMER`: runs that consumer until SIGTERM (the bench's child process)."""
    stopping = eventlet.event.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.ready() or stopping.send())
    container = ServiceContainer(CONSUMERS[consumer], {"AMQP_URI": os.environ["AMQP_URI"],
                                                       "serializer": "json"})
    container.start()
    stopping.wait()
    container.stop()


@contextlib.contextmanager
def consumer_process(amqp_uri: str, consumer: str) -> Iterator[int]:
    """The consumer in a process of its own, as the platform runs each service (and as the
    raw baseline's consumer runs); ready once it consumes its queue."""
    process = subprocess.Popen([sys.executable, __file__, "--serve", consumer],
                               env={**os.environ, "AMQP_URI": amqp_uri})
    queue = QUEUES[consumer]
    try:
        deadline = time.monotonic() + 60
        while not consumers_of(amqp_uri, queue):
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"the {consumer} consumer did not start")
            eventlet.sleep(0.2)
        yield process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def consumers_of(amqp_uri: str, queue: str) -> int:
    connection = open_connection(amqp_uri)
    try:
        return connection.channel().queue_declare(queue, passive=True).consumer_count
    except Exception:  # not declared yet
        return 0
    finally:
        close_quietly(connection)


def maillage(vhost: str, events: int, consumer: str) -> tuple[float, list[float], int, int]:
    """(events/s under load, single-event latencies in seconds on the idle pipeline, events
    lost, events handled twice); prints the CPU each process spent per event under load."""
    amqp_uri = f"amqp://guest:guest@127.0.0.1:5672/{vhost}"
    with consumer_process(amqp_uri, consumer) as consumer_pid:
        groups = {"producer": [os.getpid()], "consumer": [consumer_pid],
                  "rabbitmq": processes_named("beam.smp"),
                  "mongo-wire": processes_named("MongoWireServer")}
        return produced(amqp_uri, events, groups)


def produced(amqp_uri: str, events: int,
             groups: dict[str, list[int]]) -> tuple[float, list[float], int, int]:
    producer = ServiceContainer(NoterService, {"AMQP_URI": amqp_uri, "serializer": "json"})
    producer.start()
    # the producer's own outbox, as a worker of NoterService sees it
    [store] = [d for d in producer.dependencies if d.attr_name == "store"]
    [entrypoint] = producer.entrypoints
    notes = store.get_dependency(WorkerContext(producer, None, entrypoint)).notes
    effects = mongo.connect("counter").effects

    def save_note() -> str:
        note = Note(text="bench")
        notes.add(note, NoteTaken(note.id, note.text))
        return note.id

    def produce(count: int) -> None:
        for _ in range(count):
            save_note()

    with cpu_used(groups) as used:
        started = time.perf_counter()
        pool = eventlet.GreenPool(PRODUCERS)
        for share in [events // PRODUCERS] * PRODUCERS:
            pool.spawn(produce, share)
        pool.waitall()
        while effects.estimated_document_count() < events:
            eventlet.sleep(0.005)
        throughput = events / (time.perf_counter() - started)
    print("    CPU per event under load, ms (user+system): " + "  ".join(
        f"{name} {1000 * (user + system) / events:.2f}" for name, (user, system) in used.items()))

    latencies = []
    for _ in range(LATENCY_SAMPLES):
        sent = time.perf_counter()
        note_id = save_note()
        while effects.find_one({"_id": note_id}) is None:  # the bench polls, not the path
            eventlet.sleep(0.0005)
        latencies.append(time.perf_counter() - sent)
    eventlet.sleep(0.5)  # an event handled twice would show now
    lost = events + LATENCY_SAMPLES - effects.count_documents({})
    twice = effects.count_documents({"times": {"$gt": 1}})
    producer.stop()
    return throughput, latencies, lost, twice


def main() -> None:
    parser = argparse.ArgumentParser(description="events/s: Maillage's event path vs raw pika")
    parser.add_argument("--events", type=int, default=6000)
    parser.add_argument("--serve", choices=CONSUMERS, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.serve:
        serve(arguments.serve)
        return
    events = arguments.events // PRODUCERS * PRODUCERS
    with memory_server() as mongo_uri:
        os.environ.update(MONGODB_URI=mongo_uri, MONGODB_DB_PREFIX="bench_")
        with own_vhost() as vhost:
            for _ in range(WARM_UP_RUNS):  # warm the server up (its JIT): not counted
                raw_pika(vhost, events, "window", mongo_uri)
            each = raw_pika(vhost, events, "each")
            window = raw_pika(vhost, events, "window")
        ours = {}
        for name in CONSUMERS:
            with own_vhost() as vhost:  # the baseline right before: the machine drifts
                window_db = raw_pika(vhost, events, "window", mongo_uri)
            with own_vhost() as vhost:
                ours[name] = (window_db, *maillage(vhost, events, name))
            mongo.connect("counter").effects.drop()
    print(f"\nevent path, {events} events (RabbitMQ on loopback; Mongo-wire server, memory backend)")
    print(f"  raw pika, confirm each publish, no database:      {each:8.0f} events/s")
    print(f"  raw pika, {WINDOW} confirms in flight, no database:  {window:8.0f} events/s")
    wrong = 0
    for name, (window_db, rate, latencies, lost, twice) in ours.items():
        latencies_ms = sorted(1000 * latency for latency in latencies)
        p50 = statistics.median(latencies_ms)
        print(f"  raw pika, {WINDOW} in flight, one write each side:   {window_db:8.0f} events/s")
        print(f"  maillage, handler with {name + ':':14}            {rate:8.0f} events/s")
        print(f"    ratio to raw with writes (just before):         {rate / window_db:8.2f}"
              f"   (target >= {TARGET_RATIO}); to raw confirm each: {rate / each:.2f}")
        print(f"    one event, idle pipeline, save -> handled:  p50 {p50:5.1f} ms (target <= "
              f"{TARGET_IDLE_P50_MS:g}), p95 {latencies_ms[int(0.95 * len(latencies_ms))]:.1f} ms"
              f" ({len(latencies_ms)} samples)")
        print(f"    events lost {lost}, handled twice {twice}")
        wrong += lost + twice
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
