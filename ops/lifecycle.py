"""`maillage up` / `maillage down`: start and stop local service processes one by one or all
(ops/processes.py does the processes, ops/health.py the readiness). The infrastructure
(RabbitMQ, the Mongo-wire server, the mail sink) is deploy/local/run.sh's job, not this one."""

import os
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ops import health, processes
from ops.environment import service_environment
from ops.platform import Service, gateway_url, services

console = Console(highlight=False)


class Stopped(Exception):
    """SIGINT or SIGTERM while `up --foreground` runs."""

    def __init__(self, signum: int):
        super().__init__(signum)
        # Ctrl-C signals the terminal's whole foreground group, where `--foreground` keeps
        # the services: they are stopping already, and a second signal made nameko stop twice
        # at once and hang until STOP_DEADLINE_SECONDS (measured: 8.4 s instead of ~2 s).
        self.services_signalled = signum == signal.SIGINT


def _chosen(names: list[str] | None) -> list[Service]:
    try:
        return processes.known(names or [], services())
    except KeyError as exc:
        console.print(f"[red]{exc.args[0]}[/]")
        raise typer.Exit(code=2) from None


def _launch(chosen: list[Service], own_session: bool) -> dict[Service, subprocess.Popen]:
    started = {}
    for service in chosen:
        pid = processes.running_pid(service)
        if pid is not None:
            console.print(f"{service.name} is already running (pid {pid}): left alone")
            continue
        environment = service_environment(service, say=console.print)
        started[service] = processes.launch(service, environment, own_session)
    return started


def _await_ready(service: Service, process: subprocess.Popen, deadline: float,
                 progress: Progress, task) -> str | None:
    """None once the service answers its health check; else why it never did."""
    reason = "starting"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return f"exited at start (exit code {process.returncode})"
        answer = health.check(service, gateway_url(), timeout=2)
        if answer.ok:
            progress.update(task, state="[green]ready[/]", completed=1)
            return None
        reason = answer.reason
        progress.update(task, state=f"[yellow]{reason}[/]")
        time.sleep(0.3)
    return f"not ready after the time allowed (last: {reason})"


def _wait_all(started: dict[Service, subprocess.Popen], timeout: float) -> dict[Service, str]:
    """Waits for every started service at once; returns the failures, with their reason."""
    columns = (SpinnerColumn(), TextColumn("{task.description:<14}"), TimeElapsedColumn(),
               TextColumn("{task.fields[state]}"))
    deadline = time.monotonic() + timeout
    with Progress(*columns, console=console) as progress, \
            ThreadPoolExecutor(max(1, len(started))) as pool:
        waits = {service: pool.submit(_await_ready, service, process, deadline, progress,
                                      progress.add_task(service.name, total=1, state="starting"))
                 for service, process in started.items()}
        failures = {service: wait.result() for service, wait in waits.items()}
    return {service: reason for service, reason in failures.items() if reason is not None}


def _report_failures(failures: dict[Service, str]) -> None:
    for service, reason in failures.items():
        console.print(f"[red]{service.name} {reason}.[/] The last lines of "
                      f"{processes.log_file(service)}:")
        for line in processes.log_tail(service):
            console.print(f"  {line}", markup=False)


def _raise_stopped(signum, frame) -> None:
    _ignore_signals()  # once stopping, a second Ctrl-C or SIGTERM changes nothing
    raise Stopped(signum)


def _ignore_signals() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _supervise(started: dict[Service, subprocess.Popen]) -> None:
    """Stays the services' parent until one exits or this command is asked to stop: then
    stops them all (a half-running platform misleads) and reaps every one of them."""
    exited: list[str] = []
    try:
        while not exited:
            time.sleep(0.2)
            exited = [s.name for s, p in started.items() if p.poll() is not None]
    except Stopped as stop:
        _stop_started(started, stop.services_signalled)
        return
    _stop_started(started)
    if exited:
        console.print(f"[red]{', '.join(exited)} exited[/]; stopped the others. "
                      f"See {processes.log_file(next(iter(started))).parent}/")
        raise typer.Exit(code=1)


def _stop_started(started: dict[Service, subprocess.Popen], signalled: bool = False) -> None:
    """Stops and reaps the services this command started; a second Ctrl-C or SIGTERM meanwhile
    changes nothing (the stop is bounded by STOP_DEADLINE_SECONDS anyway)."""
    _ignore_signals()
    running = {s: p.pid for s, p in started.items() if processes.alive(p.pid)}
    processes.stop(running, _stop_deadline(), already_signalled=signalled)
    for service, process in started.items():
        process.wait()
        processes.pid_file(service).unlink(missing_ok=True)


def _stop_deadline() -> float:
    return float(os.environ.get("STOP_DEADLINE_SECONDS") or 8)


ServiceNames = Annotated[list[str] | None, typer.Argument(
    metavar="SERVICE", help="Services (deploy/services.list); all by default.",
    show_default=False)]
Foreground = Annotated[bool, typer.Option(
    "--foreground", help="Stay the services' parent until one exits or this is stopped "
    "(Ctrl-C, SIGTERM), then stop them all: `make run` does.")]
Timeout = Annotated[float, typer.Option(help="Seconds each service has to become ready.")]
ReadyFile = Annotated[Path | None, typer.Option(
    help="A file created once every service is ready (for scripts).", show_default=False)]


def up(names: ServiceNames = None, foreground: Foreground = False, timeout: Timeout = 60,
       ready_file: ReadyFile = None):
    """Start services as background processes (logs in var/log/, pids in var/run/) and wait
    until each answers its health check."""
    if foreground:
        signal.signal(signal.SIGINT, _raise_stopped)
        signal.signal(signal.SIGTERM, _raise_stopped)
    started: dict[Service, subprocess.Popen] = {}
    try:
        started = _launch(_chosen(names), own_session=not foreground)
        failures = _wait_all(started, timeout) if started else {}
    except Stopped as stop:
        _stop_started(started, stop.services_signalled)
        return
    if failures:
        _report_failures(failures)
        if foreground:
            _stop_started(started)
        raise typer.Exit(code=1)
    console.print(f"[green]ready[/]: {', '.join(s.name for s in started) or 'nothing to start'}")
    if ready_file is not None:
        ready_file.parent.mkdir(parents=True, exist_ok=True)
        ready_file.touch()
    if foreground:
        _supervise(started)


def down(names: ServiceNames = None):
    """Stop services: SIGTERM, then SIGKILL past STOP_DEADLINE_SECONDS; pid files removed."""
    running: dict[Service, int] = {}
    for service in _chosen(names):
        had_file = processes.pid_file(service).exists()
        pid = processes.running_pid(service)
        if pid is not None:
            running[service] = pid
        elif had_file:
            console.print(f"{service.name} was not running: removed its stale pid file")
        else:
            console.print(f"{service.name} is not running")
    if not running:
        return
    with console.status(f"stopping {', '.join(s.name for s in running)}"):
        killed = processes.stop(running, _stop_deadline())
    for service, pid in running.items():
        how = "[yellow]killed[/] (it did not stop in time)" if killed[service] else "stopped"
        console.print(f"{service.name} (pid {pid}) {how}")
