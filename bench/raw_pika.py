"""The baseline of bench/event_pipeline.py: raw pika publish + consume with publisher
confirms, in a process of its own without eventlet (as fast as plain pika goes).

    python bench/raw_pika.py AMQP_URI EVENTS     -> prints events/s
"""

import sys
import threading
import time

import pika

BODY = b'{"id": "x", "type": "note.taken", "payload": {"note_id": "n", "text": "bench"}}'


def consume(params: pika.URLParameters, events: int, done: threading.Event) -> None:
    connection = pika.BlockingConnection(params)
    channel = connection.channel()
    channel.basic_qos(prefetch_count=10)
    for count, (method, _, _) in enumerate(channel.consume("raw"), start=1):
        channel.basic_ack(method.delivery_tag)
        if count == events:
            break
    connection.close()
    done.set()


def main() -> None:
    params, events = pika.URLParameters(sys.argv[1]), int(sys.argv[2])
    connection = pika.BlockingConnection(params)
    channel = connection.channel()
    channel.queue_declare("raw", durable=True)
    channel.confirm_delivery()  # each publish waits for its confirm
    done = threading.Event()
    consumer = threading.Thread(target=consume, args=(params, events, done))
    consumer.start()
    started = time.perf_counter()
    for _ in range(events):
        channel.basic_publish("", "raw", BODY, pika.BasicProperties(delivery_mode=2))
    done.wait()
    print(events / (time.perf_counter() - started))
    channel.queue_delete("raw")
    connection.close()
    consumer.join()


if __name__ == "__main__":
    main()
