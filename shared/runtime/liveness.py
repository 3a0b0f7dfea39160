"""Liveness that needs neither RabbitMQ nor MongoDB: the process shows that its event loop turns.

Every service process touches a heartbeat file from a green thread every HEARTBEAT_SECONDS;
`python -m shared.runtime.probe --live <service>` passes while that file is younger than
LIVENESS_MAX_AGE_SECONDS. A process whose hub is blocked (a worker that never yields, a call
that hangs outside eventlet), or that began stopping and is stuck in it, stops touching the
file: its orchestrator restarts it. A broker or database outage does not stop the heartbeat:
that is readiness (the `health` RPC), which takes the replica out of rotation instead, because
restarting every replica would not bring the broker back.
"""

import logging
import time
from pathlib import Path

import eventlet
from nameko.extensions import DependencyProvider

from shared.runtime import config

log = logging.getLogger(__name__)


def heartbeat_path(service: str) -> Path:
    return Path(config.load().heartbeat_dir) / f"maillage-{service}.heartbeat"


def heartbeat_age(service: str) -> float | None:
    """Seconds since the service's process last beat, or None if it never did."""
    try:
        return time.time() - heartbeat_path(service).stat().st_mtime
    except FileNotFoundError:
        return None


class Heartbeat(DependencyProvider):
    """Declared on every service (shared/health.py's HealthCheck): `heartbeat = Heartbeat()`."""

    def setup(self) -> None:
        self.path = heartbeat_path(self.container.service_name)
        self.interval = config.load().heartbeat_seconds
        self.path.unlink(missing_ok=True)  # a previous process's file vouches for nothing
        self.beating = True

    def start(self) -> None:
        self.container.spawn_managed_thread(self._beat, identifier="heartbeat")

    def stop(self) -> None:
        self.beating = False

    def _beat(self) -> None:
        while self.beating:
            try:
                self.path.touch()
            except OSError as exc:  # never raise here: it would kill the whole container
                log.warning("cannot touch the heartbeat file %s: %s", self.path, exc)
            eventlet.sleep(self.interval)
