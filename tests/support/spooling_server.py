"""A loopback server for tests, run as its own process, that keeps what it receives as files.

The tests' SMTP server and webhook receiver are built on it. The test process is patched by
eventlet (tests/conftest.py) and may run the services under test too: a server of asyncio or
plain threads in a process of its own stays out of that hub, keeps answering while a test
blocks, and stopping it is a real outage (the process is gone, the kernel refuses
connections). Started again, it listens on the same port and keeps what it recorded.

The test (parent) and the server (child) share one directory:
  records/00000001.json  one per request received, written before the request is answered
  control.json           the rule for answering the next requests, written by the test
  server.log             the server's output, across restarts
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from tests.support.children import die_with_parent
from tests.support.mongo_wire import ROOT, accepts_connections, free_port
from tests.support.waiting import wait_until

Record = TypeVar("Record")


def _write_atomically(path: Path, content: dict) -> None:
    """A reader never sees half a file: write aside, then rename over."""
    aside = path.with_name(path.name + ".tmp")
    aside.write_text(json.dumps(content))
    os.replace(aside, path)


class Spool:
    """The server's side: records requests and tells how to answer each one."""

    def __init__(self, path: Path):
        self.records, self.control = path / "records", path / "control.json"
        self.records.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        seen = [json.loads(f.read_text()) for f in sorted(self.records.glob("*.json"))]
        self._sequence = len(seen)
        self._turns_taken: dict[str, int] = {}
        for entry in seen:  # a rule's count goes on across restarts
            if entry.get("rule_id"):
                self._turns_taken[entry["rule_id"]] = self._turns_taken.get(entry["rule_id"], 0) + 1

    def rule_for_next_request(self) -> dict | None:
        """The test's rule if it still applies (its `times` not used up), else None."""
        with self._lock:
            if not self.control.exists():
                return None
            rule = json.loads(self.control.read_text())
            taken = self._turns_taken.get(rule["id"], 0)
            if rule.get("times") is not None and taken >= rule["times"]:
                return None
            self._turns_taken[rule["id"]] = taken + 1
            return rule

    def record(self, entry: dict, rule: dict | None) -> None:
        with self._lock:
            self._sequence += 1
            entry = {**entry, "sequence": self._sequence, "rule_id": rule and rule["id"]}
            _write_atomically(self.records / f"{self._sequence:08d}.json", entry)


def server_arguments() -> tuple[int, Path]:
    """The child's command line: `python -m <module> <port> <spool directory>`."""
    return int(sys.argv[1]), Path(sys.argv[2])


class SpoolingServer(Generic[Record]):
    """The test's side: starts and stops the server's process, reads what it recorded."""

    def __init__(self, module: str, spool: Path, read: Callable[[dict], Record], port: int | None = None):
        self.module, self.spool, self._read = module, spool, read
        self.port = port or free_port()
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._cache: dict[str, Record] = {}
        (spool / "records").mkdir(parents=True, exist_ok=True)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> "SpoolingServer[Record]":
        """Listens on `port` (the same one at every start) once this returns."""
        if self.running:
            return self
        with open(self.spool / "server.log", "ab") as log:
            self._process = subprocess.Popen(
                [sys.executable, "-m", self.module, str(self.port), str(self.spool)],
                cwd=ROOT, stdout=log, stderr=log, preexec_fn=die_with_parent)
        process = self._process
        wait_until(lambda: accepts_connections(self.port) or process.poll() is not None, timeout=20)
        if process.poll() is not None:
            log_tail = (self.spool / "server.log").read_text()[-2000:]
            raise RuntimeError(f"{self.module} did not start on port {self.port}: {log_tail}")
        return self

    def stop(self) -> None:
        """Gone at once, like a crashed host: open connections are cut, new ones refused."""
        if self._process is not None:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait(timeout=10)
            self._process = None

    def steer(self, rule: dict | None) -> None:
        """Answers the next requests by `rule` (its `times`: how many; None: all), or normally."""
        control = self.spool / "control.json"
        if rule is None:
            control.unlink(missing_ok=True)
        else:
            _write_atomically(control, {**rule, "id": uuid.uuid4().hex})

    def records(self) -> list[Record]:
        """Everything received so far, in arrival order (safe from any thread)."""
        with self._lock:
            for path in sorted((self.spool / "records").glob("*.json")):
                if path.name not in self._cache:
                    self._cache[path.name] = self._read(json.loads(path.read_text()))
            return [self._cache[name] for name in sorted(self._cache)]

    def received(self) -> list[Record]:
        """What `wait_for` and `assert_no_more_than` count: every record, unless a server
        counts only some (the SMTP server: the messages it accepted)."""
        return self.records()

    def wait_for(self, expected: int | Callable[[Record], bool], timeout: float = 10.0,
                 at_least: int = 1) -> list[Record]:
        """`wait_for(3)`: everything received once it is 3 or more; `wait_for(predicate)`: what
        matches it once `at_least` records do. Fails after `timeout` seconds."""
        if isinstance(expected, int):
            at_least, expected = expected, (lambda record: True)
        if at_least < 1:
            raise ValueError("wait for at least one record; assert_no_more_than proves absence")
        match = expected

        def enough() -> list[Record] | None:
            matching = [record for record in self.received() if match(record)]
            return matching if len(matching) >= at_least else None
        try:
            return wait_until(enough, timeout=timeout)
        except AssertionError:
            raise AssertionError(f"{self.module}: fewer than {at_least} matching records within "
                                 f"{timeout}s; received: {self.received()}") from None

    def assert_no_more_than(self, count: int, seconds: float,
                            match: Callable[[Record], bool] = lambda record: True) -> None:
        """Proving that nothing more arrives takes waiting: fails as soon as more than `count`
        received records match, within `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            matching = [record for record in self.received() if match(record)]
            assert len(matching) <= count, f"{len(matching)} records arrived, expected {count}"
            time.sleep(0.05)
