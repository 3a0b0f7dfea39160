"""Every service as its own `nameko run` process, as `make run` starts them, for e2e tests."""

import contextlib
import os
import signal
import subprocess
import uuid
from pathlib import Path

import pymongo
import requests

from tests.support.children import die_with_parent
from tests.support.mongo_wire import ROOT, free_port
from tests.support.waiting import wait_until

SERVICES = dict(  # name -> nameko service class, as deployed
    line.split() for line in (ROOT / "deploy/services.list").read_text().splitlines()
    if line.strip() and not line.startswith("#")
)
OPERATOR_TOKEN = "operator-e2e-token"
UNSUBSCRIBE_SECRET = "unsubscribe-secret-for-e2e"  # a test computes an address's own token


class Platform:
    def __init__(self, amqp_uri: str, mongo_uri: str, log_dir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db_prefix = f"e{uuid.uuid4().hex[:10]}_"
        self.log_dir = log_dir
        self.env = {
            **os.environ, "AMQP_URI": amqp_uri, "MONGODB_URI": mongo_uri,
            "MONGODB_DB_PREFIX": self.db_prefix, "GATEWAY_ADDRESS": "127.0.0.1",
            "GATEWAY_PORT": str(self.port), "MAILLAGE_OPERATOR_TOKEN": OPERATOR_TOKEN,
            "CANCEL_TOKEN_SECRET": "cancel-token-secret-for-e2e",
            "UNSUBSCRIBE_SECRET": UNSUBSCRIBE_SECRET,
            "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": "true",  # the tests' receivers are on 127.0.0.1
            # No mail server unless a test starts one (tests/support/smtp_server.py) and
            # points SMTP_URL at it: never a developer's `make run` sink on 1025.
            "SMTP_URL": "smtp://127.0.0.1:9", "DELIVERY_BACKOFF_SECONDS": "0.2,2",
            "CONSUMER_RETRY_DELAYS": "0.05,0.1", "OUTBOX_SWEEP_SECONDS": "1",
            # every test applies from 127.0.0.1; tests/e2e/test_rate_limits.py checks the default
            "RATE_LIMIT_APPLICATIONS": "100000/hour",
            "PYTHONWARNINGS": "ignore::DeprecationWarning",
        }
        self.processes: dict[str, subprocess.Popen] = {}
        self._mongo_client: pymongo.MongoClient | None = None

    def start(self, name: str, target: str | None = None, extra_env: dict | None = None) -> None:
        command = [str(ROOT / ".venv/bin/nameko"), "run", "--config", "deploy/nameko.yaml",
                   target or SERVICES[name]]
        if target and target.endswith(".py"):
            command = [str(ROOT / ".venv/bin/python"), target]
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 (closed with the process)
        self.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env={**self.env, **(extra_env or {})}, stdout=log, stderr=log,
            preexec_fn=die_with_parent,
        )

    def start_all(self, targets: dict[str, str] | None = None,
                  extra_env: dict[str, dict] | None = None) -> None:
        """Starts every service, as deployed unless `targets` names another target for one
        (a fault-injecting script) or `extra_env` other settings, and waits until healthy."""
        for name in SERVICES:
            self.start(name, (targets or {}).get(name), (extra_env or {}).get(name))
        self.wait_healthy()

    def wait_healthy(self, timeout: float = 60) -> None:
        def healthy():
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise AssertionError(f"{name} exited: {self.log(name)[-2000:]}")
            try:
                return requests.get(f"{self.url}/health", timeout=3).status_code == 200
            except requests.RequestException:  # not up yet, or busy reconnecting
                return False
        wait_until(healthy, timeout=timeout, interval=0.2)

    def kill(self, name: str, sig: int = signal.SIGKILL) -> int:
        process = self.processes.pop(name)
        process.send_signal(sig)
        return process.wait(timeout=30)

    def stop_all(self) -> None:
        """SIGTERM to every process at once, then waits for each: a service takes a few
        seconds to stop (up to STOP_DEADLINE_SECONDS), so one after another cost a platform
        ten seconds or more at the end of every module and fault test."""
        stopping = [self.processes.pop(name) for name in list(self.processes)]
        for process in stopping:
            process.send_signal(signal.SIGTERM)
        for process in stopping:
            process.wait(timeout=30)
        if self._mongo_client is not None:
            self._mongo_client.close()

    def log(self, name: str) -> str:
        return (self.log_dir / f"{name}.log").read_text(errors="replace")

    def database(self, service: str):
        """A service's database, read directly to see what it stored (one client per run)."""
        if self._mongo_client is None:
            self._mongo_client = pymongo.MongoClient(self.env["MONGODB_URI"])
        return self._mongo_client[f"{self.db_prefix}{service}"]

    def http(self, method: str, path: str, token: str | None = None, **kwargs):
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return requests.request(method, f"{self.url}{path}", headers=headers, timeout=15, **kwargs)


@contextlib.contextmanager
def platform_on(amqp_uri: str, mongo_uri: str, log_dir: Path):
    running = Platform(amqp_uri, mongo_uri, log_dir)
    try:
        yield running
    finally:
        running.stop_all()


@contextlib.contextmanager
def platform_on_own_vhost(vhost_pipeline, mongo_uri: str, log_dir: Path):
    with vhost_pipeline.get() as vhost, \
            platform_on(f"amqp://guest:guest@127.0.0.1:5672/{vhost}", mongo_uri, log_dir) as running:
        yield running
