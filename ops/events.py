"""`maillage events tail [--type enrollment.*]`: the platform's events as they happen.

The tail reads from a queue of its own (exclusive, deleted when it disconnects), bound to
maillage.events: every consumer keeps getting its events exactly as before. Email
addresses and phone numbers are masked, as in the services' logs."""

import json
import socket
import time
import uuid
import warnings
from typing import Annotated

import amqp
import typer
from rich.console import Console
from rich.text import Text

from ops import broker
from ops.failures import explained, fail
from shared.messaging.topology import EVENTS_EXCHANGE

with warnings.catch_warnings():  # the logs' masking comes with nameko, which warns of eventlet
    warnings.simplefilter("ignore")
    from shared.runtime.json_logging import mask_personal_data

app = typer.Typer(help="Watch the platform's events.", no_args_is_help=True)
console = Console(highlight=False)
SUMMARY_LENGTH = 120
TAIL_MAX_LENGTH = 10_000  # a tail that cannot keep up drops its oldest, not the broker's memory


@app.command("tail")
def tail(
    types: Annotated[list[str] | None, typer.Option(
        "--type", "-t", help="event types or patterns (organization.verified, enrollment.*); "
                             "repeat for several; all events by default")] = None,
    seconds: Annotated[float | None, typer.Option(
        "--for", help="stop after this many seconds (default: until Ctrl-C)")] = None,
    full: Annotated[bool, typer.Option(
        "--full", help="the whole payload, not its first characters")] = False,
) -> None:
    """Prints each event as it comes (time, type, id, payload), until Ctrl-C."""
    types = types or ["#"]
    with explained(), broker.connection() as connection:
        channel = connection.channel()
        queue = _own_queue(channel, types)
        channel.basic_consume(queue, no_ack=True,
                              callback=lambda message: show(message, None if full else SUMMARY_LENGTH))
        console.print(f"tailing {', '.join(types)} on vhost {broker.vhost()!r} "
                      f"(Ctrl-C to stop)", markup=False)
        _wait_for_events(connection, seconds)


def show(message: amqp.Message, length: int | None = SUMMARY_LENGTH) -> None:
    try:
        event = json.loads(message.body)
    except ValueError:
        event = {}
    if not isinstance(event, dict):
        event = {}
    line = Text.assemble(
        (str(event.get("occurred_at") or "?")[:23].replace("T", " "), "dim"), " ",
        (str(event.get("type") or message.delivery_info["routing_key"]), "bold cyan"), " ",
        (str(event.get("id") or message.properties.get("message_id") or "?"), "yellow"), " ",
        summary(event.get("payload"), length) if event else f"(not an event: {len(message.body)} bytes)",
    )
    console.print(line, soft_wrap=True)
    console.file.flush()


def summary(payload: object, length: int | None = SUMMARY_LENGTH) -> str:
    """The payload on one line, short, without anyone's email address or phone number."""
    text = mask_personal_data(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
    return text if length is None or len(text) <= length else text[:length - 1] + "…"


def _own_queue(channel: amqp.Channel, patterns: list[str]) -> str:
    try:
        channel.exchange_declare(EVENTS_EXCHANGE, "topic", passive=True)
    except amqp.exceptions.NotFound:
        fail(f"no exchange {EVENTS_EXCHANGE} on vhost {broker.vhost()!r}: "
             f"has the platform ever started here?")
    queue = f"maillage.tail.{socket.gethostname()}.{uuid.uuid4().hex[:8]}"
    channel.queue_declare(queue, durable=False, exclusive=True, auto_delete=True, arguments={
        "x-max-length": TAIL_MAX_LENGTH, "x-overflow": "drop-head"})
    for pattern in patterns:
        channel.queue_bind(queue, EVENTS_EXCHANGE, pattern)
    return queue


def _wait_for_events(connection: amqp.Connection, seconds: float | None) -> None:
    deadline = None if seconds is None else time.monotonic() + seconds
    try:
        while deadline is None or time.monotonic() < deadline:
            try:
                connection.drain_events(timeout=1.0)
            except TimeoutError:
                continue
    except KeyboardInterrupt:
        console.print("stopped", markup=False)
