"""`maillage dlq`: see what failed and why, replay it once its cause is fixed, or purge it.

    maillage dlq list [catalog]        queues of dead letters, their counts and messages
    maillage dlq show ID               one message whole: envelope, properties, headers
    maillage dlq replay ID | --all     back to the queue it came from (shared.messaging.replay)
    maillage dlq purge [--queue Q]     after asking, unless --yes

Only `<service>.<queue>.dead` and maillage.unrouted.held are ever read, replayed or purged:
never a consumer's own queue. `replay ID` finds the message wherever it is listed, but
`replay --all` and `purge` take the held queue (events no consumer was bound for) only when
named with --queue: they would otherwise send back, and make younger, or delete events
nobody consumes by design."""

import contextlib
from collections.abc import Callable, Iterator

import amqp
import typer

from ops import broker
from ops.dlq import views
from ops.dlq.dead_letters import DEAD_SUFFIX, DeadLetter, DeliveryLimited, holding_queues, message_id, peek
from ops.failures import UNREACHABLE, explained, fail
from shared.messaging import replay as replaying
from shared.messaging.broker import BROKER_ERRORS
from shared.messaging.topology import UNROUTED_QUEUE

app = typer.Typer(help="Dead letters: what failed and why; replay once fixed; purge.",
                  no_args_is_help=True)
QueueOption = typer.Option(None, "--queue", "-q", help="only this dead-letter queue")


@app.command("list")
def list_dead_letters(
    service: str | None = typer.Argument(None, help="only this service's queues"),
    limit: int = typer.Option(20, help="messages shown per queue (0: counts only)"),
) -> None:
    """Every dead-letter queue with its count, and its messages: id, event type, error,
    attempts, first and last failure."""
    with explained(), _reading():
        queues = holding_queues(service)
        with broker.connection() as connection:
            channel = connection.channel()
            letters = {q["name"]: peek(channel, q, limit) if limit else [] for q in queues}
        views.counts(queues, letters, limit)
        for name, shown in letters.items():
            if shown:
                views.messages(name, shown)


@app.command("show")
def show(message: str = typer.Argument(..., help="the message's id (an event id)"),
         queue: str | None = QueueOption) -> None:
    """The whole message: where it is, its properties, its headers, its envelope."""
    with explained(), _reading():
        found = _find(message, queue)
        for letter in found:
            views.whole(letter)


@app.command("replay")
def replay(message: str | None = typer.Argument(None, help="the message's id (an event id)"),
           everything: bool = typer.Option(False, "--all", help="every dead letter"),
           queue: str | None = QueueOption) -> None:
    """Back to the queue each message came from (maillage.events for held events), with its
    attempts reset; the other messages stay where they are, in their order."""
    if (message is None) == (not everything):
        fail("name one message id, or --all")
    wanted: Callable[[amqp.Message], bool] = (
        (lambda _: True) if everything else (lambda m: message_id(m) == message))
    with explained(), _reading():
        # one message may be anywhere it is listed; all of them, only from a queue named
        targets = holding_queues() if queue is None and not everything else _targets(queue)
        replayed = views.each_queue("replaying", targets, lambda q: _replay_from(q, wanted))
        if not everything and not replayed:
            fail(f"no dead letter {message}" + (f" in {queue}" if queue else ""))
        views.replayed(replayed)


@app.command("purge")
def purge(queue: str | None = QueueOption,
          yes: bool = typer.Option(False, "--yes", "-y", help="do not ask")) -> None:
    """Deletes dead letters for good (every `.dead` queue, or --queue), after asking."""
    with explained(), _reading():
        targets = _targets(queue)
        views.counts(targets, {}, 0)
        if not yes and not typer.confirm("Delete these messages for good?", default=False):
            fail("nothing was purged")
        with broker.connection() as connection:
            channel = connection.channel()
            purged = {q["name"]: channel.queue_purge(q["name"]) or 0 for q in targets}
        views.purged(purged)


def _targets(queue: str | None) -> list[dict]:
    """The named holding queue, or every dead-letter queue (the held queue only by name)."""
    if queue is not None and not (queue.endswith(DEAD_SUFFIX) or queue == UNROUTED_QUEUE):
        fail(f"{queue} is not a dead-letter queue (<service>.<queue>.dead or {UNROUTED_QUEUE})")
    queues = [q for q in broker.queues() if q["name"] == queue or (
        queue is None and q["name"].endswith(DEAD_SUFFIX))]
    if queue is not None and not queues:
        fail(f"no queue {queue} on vhost {broker.vhost()!r}")
    return sorted(queues, key=lambda q: q["name"])


def _find(message: str, queue: str | None) -> list[DeadLetter]:
    queues = _targets(queue) if queue else holding_queues()
    with broker.connection() as connection:
        channel = connection.channel()
        found = [letter for q in queues for letter in peek(channel, q) if letter.id == message]
    if not found:
        fail(f"no dead letter {message}" + (f" in {queue}" if queue else ""))
    return found


def _replay_from(queue: dict, wanted: Callable[[amqp.Message], bool]) -> list[DeadLetter]:
    if broker.counts_deliveries(queue):
        raise DeliveryLimited(f"{queue['name']} has a delivery limit: not read")
    moved = replaying.replay_selected(broker.amqp_uri(), queue["name"], wanted)
    return [DeadLetter.read(queue["name"], m) for m in moved]


@contextlib.contextmanager
def _reading() -> Iterator[None]:
    """What reading queues can meet besides an unreachable broker, said plainly."""
    try:
        yield
    except (replaying.DestinationGone, DeliveryLimited) as exc:
        fail(str(exc))
    except amqp.exceptions.NotFound as exc:
        fail(f"RabbitMQ: {exc} (deleted meanwhile?)")
    except BROKER_ERRORS as exc:
        fail(f"RabbitMQ failed while reading ({type(exc).__name__}: {exc})", UNREACHABLE)
