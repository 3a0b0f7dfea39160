"""Local service processes: one `nameko run` each, its pid in var/run/<service>.pid and its
output in var/log/<service>.log. A pid file whose process is gone (or is now another
program: pids are reused) is stale and is removed wherever it is read."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from ops.platform import ROOT, Service, var_dir

NAMEKO_CONFIG = "deploy/nameko.yaml"
STOP_MARGIN_SECONDS = 2.0  # past a service's own STOP_DEADLINE_SECONDS: it is killed


def pid_file(service: Service) -> Path:
    return var_dir() / "run" / f"{service.name}.pid"


def log_file(service: Service) -> Path:
    return var_dir() / "log" / f"{service.name}.log"


def alive(pid: int) -> bool:
    """Whether the process exists and is not a zombie (an exited child nobody reaped yet,
    which is what orphans become where no init reaps them)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state not in ("Z", "X")
    except FileNotFoundError:
        return False
    except OSError:  # no /proc here: ask the kernel
        try:
            os.kill(pid, 0)
            return True
        except ProcessLookupError:
            return False


def _runs(pid: int, service: Service) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return False
    except OSError:
        return True  # cannot tell without /proc: trust the pid file
    return service.target in command


def running_pid(service: Service) -> int | None:
    """The pid of the service's running process, from its pid file; a stale file is removed."""
    path = pid_file(service)
    try:
        pid = int(path.read_text().strip())
    except (FileNotFoundError, ValueError):
        path.unlink(missing_ok=True)
        return None
    if alive(pid) and _runs(pid, service):
        return pid
    path.unlink(missing_ok=True)
    return None


def launch(service: Service, environment: dict[str, str], own_session: bool) -> subprocess.Popen:
    """Starts the service in the background. In a session of its own it outlives this
    command and the terminal; otherwise it shares this command's process group."""
    for directory in (pid_file(service).parent, log_file(service).parent):
        directory.mkdir(parents=True, exist_ok=True)
    nameko = Path(sys.executable).parent / "nameko"
    with open(log_file(service), "ab") as log:
        process = subprocess.Popen(
            [str(nameko), "run", "--config", NAMEKO_CONFIG, service.target], cwd=ROOT,
            env=environment, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            start_new_session=own_session)
    pid_file(service).write_text(f"{process.pid}\n")
    return process


def stop(pids: dict[Service, int], deadline_seconds: float,
         already_signalled: bool = False) -> dict[Service, bool]:
    """SIGTERM to each at once, then SIGKILL to what still runs after the deadline (a service
    exits within its STOP_DEADLINE_SECONDS; the margin covers a slow interpreter). Returns,
    per service, whether it had to be killed. Pid files are removed. `already_signalled`: they
    are stopping (a Ctrl-C reached them): only wait, as a second signal would slow them."""
    for pid in pids.values():
        if not already_signalled:
            _signal(pid, signal.SIGTERM)
    limit = time.monotonic() + deadline_seconds + STOP_MARGIN_SECONDS
    while any(alive(pid) for pid in pids.values()) and time.monotonic() < limit:
        time.sleep(0.1)
    killed = {service: alive(pid) for service, pid in pids.items()}
    for service, pid in pids.items():
        if killed[service]:
            _signal(pid, signal.SIGKILL)
        pid_file(service).unlink(missing_ok=True)
    return killed


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def log_tail(service: Service, lines: int = 15) -> list[str]:
    try:
        return log_file(service).read_text(errors="replace").splitlines()[-lines:]
    except FileNotFoundError:
        return []


def known(names: Iterable[str], everything: list[Service]) -> list[Service]:
    """The services named (all when none is), in deploy/services.list order."""
    wanted = set(names)
    unknown = wanted - {service.name for service in everything}
    if unknown:
        raise KeyError(f"no service {', '.join(sorted(unknown))} (deploy/services.list names "
                       f"{', '.join(s.name for s in everything)})")
    return [service for service in everything if not wanted or service.name in wanted]
