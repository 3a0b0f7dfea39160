"""`maillage status`: each service's process, health, queues, outbox backlog and metrics, and
plainly what is down. Exit code 0 when all is well, 1 when a service is down, 2 when the
broker cannot be reached (scripts can tell them apart)."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import typer
from rich.console import Console
from rich.table import Table

from ops import health, outbox, processes, queues
from ops.platform import Service, gateway_url, services

console = Console(highlight=False)
EXIT_SERVICE_DOWN, EXIT_BROKER_UNREACHABLE = 1, 2


@dataclass(frozen=True)
class Row:
    service: Service
    pid: int | None
    answer: health.Health
    consumer_queues: list[queues.ConsumerQueue]
    outbox: tuple[str, str | None]  # the cell, and the problem if any


def _explained(service: Service, found: health.Health,
               broker: dict[str, queues.Queue] | None) -> health.Health:
    """Adds what the broker knows: nobody consuming the RPC queue means no process is
    connected (stopped, crashed, or reconnecting)."""
    if found.ok or broker is None or service.name == "gateway":
        return found
    consumers = queues.rpc_consumers(service.name, broker)
    if consumers == 0:
        return health.Health(False, f"{found.reason}; no process consumes rpc-{service.name}")
    return found


def _row(service: Service, broker: dict[str, queues.Queue] | None) -> Row:
    if broker is None:
        found = health.Health(False, "unknown: broker unreachable")
    else:
        found = _explained(service, health.check(service, gateway_url()), broker)
    return Row(service, processes.running_pid(service), found,
               queues.consumer_queues(service.name, broker or {}), outbox.describe(service.name))


def _process(row: Row) -> str:
    if row.pid is not None:
        return f"running (pid {row.pid})"
    return "[dim]not started here[/]" if row.answer.ok else "stopped"


def _queue_cells(entry: queues.ConsumerQueue) -> list[str]:
    queue, dead = entry.queue, entry.dead
    dead_cell = "?" if dead is None else f"[red]{dead.messages}[/]" if dead.messages else "0"
    return [queue.name.split(".", 1)[1], str(queue.messages), str(queue.consumers), dead_cell]


def _table(rows: list[Row]) -> Table:
    """One line per consumer queue; a service's own cells on its first line."""
    table = Table(title="Maillage services")
    for column in ("service", "process", "health", "queue", "waiting", "consumers", "dead",
                   "outbox", "metrics"):
        table.add_column(column, justify="right" if column in ("waiting", "consumers",
                                                               "dead") else "left")
    for row in rows:
        own = [row.service.name, _process(row),
               "[green]ok[/]" if row.answer.ok else "[red]down[/]"]
        tail = [row.outbox[0], f"http://127.0.0.1:{row.service.metrics_port}/metrics"]
        lines = [_queue_cells(entry) for entry in row.consumer_queues] or [["-", "", "", ""]]
        table.add_row(*own, *lines[0], *tail)
        for cells in lines[1:]:
            table.add_row("", "", "", *cells, "", "")
    return table


def _problems(rows: list[Row]) -> list[str]:
    said = [f"[red]{row.service.name} is down[/]: {row.answer.reason}"
            for row in rows if not row.answer.ok]
    return said + [f"{row.service.name}'s outbox backlog is unknown: {row.outbox[1]}"
                   for row in rows if row.outbox[1]]


def status():
    """Each service's process, health, queues (depth, consumers, dead letters), outbox
    backlog and metrics URL. Exit code: 0 all well, 1 a service down, 2 broker unreachable."""
    try:
        broker: dict[str, queues.Queue] | None = queues.all_queues()
        unreachable = None
    except queues.BrokerUnreachable as exc:
        broker, unreachable = None, str(exc)
    everything = services()
    with ThreadPoolExecutor(len(everything)) as pool:
        rows = list(pool.map(lambda service: _row(service, broker), everything))
    console.print(_table(rows))
    if unreachable:
        console.print(f"[red]The broker is unreachable:[/] {unreachable}")
        raise typer.Exit(code=EXIT_BROKER_UNREACHABLE)
    for problem in _problems(rows):
        console.print(problem)
    if any(not row.answer.ok for row in rows):
        raise typer.Exit(code=EXIT_SERVICE_DOWN)
    console.print("[green]every service is up[/]")
