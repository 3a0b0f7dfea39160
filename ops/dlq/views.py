"""What `maillage dlq` prints: rich tables of dead-letter queues and of their messages, a
message whole, and progress over queues while replaying."""

import json
from collections.abc import Callable, Sequence
from typing import TypeVar

from rich.console import Console
from rich.json import JSON
from rich.progress import Progress
from rich.table import Table

from ops.dlq.dead_letters import DeadLetter
from shared.messaging.topology import UNROUTED_QUEUE

T = TypeVar("T")


def console() -> Console:
    """A console per use: its width follows the terminal (or COLUMNS) of the moment."""
    return Console(highlight=False)


def depth(queue: dict, shown: Sequence[DeadLetter] | None, limit: int) -> int:
    """Exact when every message was read (fewer than the limit); else the management API's
    count, which lags a few seconds behind the queue."""
    if shown is not None and limit and len(shown) < limit:
        return len(shown)
    return max(int(queue.get("messages") or 0), len(shown or []))


def counts(queues: list[dict], letters: dict[str, list[DeadLetter]], limit: int) -> None:
    table = Table(title="Dead letters", title_justify="left")
    table.add_column("queue")
    table.add_column("messages", justify="right")
    for queue in queues:
        count = depth(queue, letters.get(queue["name"]), limit)
        if queue["name"] == UNROUTED_QUEUE and count == 0:
            continue  # held events are worth a line only when there are some
        table.add_row(queue["name"], str(count), style="red" if count else None)
    if not table.rows:
        console().print("no dead-letter queue on this vhost (has any service started once?)")
        return
    console().print(table)


def messages(queue: str, letters: list[DeadLetter]) -> None:
    table = Table(title=queue, title_justify="left", show_lines=True)
    for column in ("id", "event type", "error", "attempts", "first failure", "last failure"):
        table.add_column(column, overflow="fold")
    for letter in letters:
        table.add_row(letter.id, letter.event_type, letter.error[:300], letter.attempts,
                      _time(letter.first_failure), _time(letter.last_failure))
    console().print(table)


def whole(letter: DeadLetter) -> None:
    table = Table(title=f"{letter.id} in {letter.queue}", title_justify="left", show_header=False)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    table.add_row("routing key", letter.routing_key)
    for name, value in {**letter.properties, **letter.headers}.items():
        table.add_row(name, str(value))
    console().print(table)
    try:
        console().print(JSON(json.dumps(json.loads(letter.body), ensure_ascii=False)))
    except ValueError:
        console().print(repr(letter.body), markup=False)


def each_queue(doing: str, queues: list[dict], work: Callable[[dict], list[T]]) -> list[T]:
    """work(queue) for every queue, with a progress bar: the results, together."""
    done: list[T] = []
    with Progress(console=console(), transient=True) as progress:
        task = progress.add_task(doing, total=len(queues))
        for queue in queues:
            progress.update(task, description=f"{doing} {queue['name']}")
            done += work(queue)
            progress.advance(task)
    return done


def replayed(letters: list[DeadLetter]) -> None:
    if not letters:
        console().print("nothing to replay")
    for letter in letters:
        console().print(f"replayed {letter.id} ({letter.event_type}) from {letter.queue}",
                      markup=False)


def purged(counts_by_queue: dict[str, int]) -> None:
    for queue, count in counts_by_queue.items():
        console().print(f"purged {count} messages from {queue}", markup=False)


def _time(iso: str) -> str:
    return iso[:19].replace("T", " ") if iso else "—"
