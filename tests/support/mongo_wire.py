"""Starts the local Mongo-wire server (deploy/local/mongo-wire.sh): its memory backend for the
whole run, or an H2-backed one that a test stops and starts again (H2Server)."""

import contextlib
import os
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tests.support.children import die_with_parent
from tests.support.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def accepts_connections(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
        return True
    return False


@contextlib.contextmanager
def memory_server():
    # Its log goes to a file: an unread pipe fills up and blocks the server mid-request.
    with tempfile.TemporaryFile() as log:
        port = free_port()
        process = subprocess.Popen(
            [str(ROOT / "deploy/local/mongo-wire.sh"), "memory", str(port)],
            stdout=log, stderr=log, start_new_session=True, preexec_fn=die_with_parent,
        )
        try:
            wait_until(lambda: accepts_connections(port) or process.poll() is not None, timeout=60)
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"mongo-wire server failed: {log.read().decode()[-2000:]}")
            yield f"mongodb://127.0.0.1:{port}/"
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


class MongoWireServerError(RuntimeError):
    """The Mongo-wire server did not start, or did not stop, as a test asked."""


class H2Server:
    """A Mongo-wire server with the H2 file backend, for tests that stop the database.

    Every start uses the same port and file, so clients keep their URI and find what the
    server acknowledged. Each write is committed to the file before its reply ("h2"); the
    "h2-background-commit" backend (the library as shipped) exists only to measure that.
    The server dies with the test run; start it from the test's own thread (under eventlet,
    every green thread is the main thread): PR_SET_PDEATHSIG follows the thread that started it.
    Its output, across restarts, is appended to `log_path`.
    """

    def __init__(self, path: Path, port: int | None = None, backend: str = "h2"):
        self.path = path
        self.port = port or free_port()
        self.uri = f"mongodb://127.0.0.1:{self.port}/"
        self.log_path = path.with_name(path.name + ".log")
        self.backend = backend
        self._process: subprocess.Popen | None = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int:
        if self._process is None:
            raise MongoWireServerError("the server is not started")
        return self._process.pid

    def start(self, timeout: float = 60) -> None:
        """Returns once the server accepts connections (its data file is open by then)."""
        if self.running:
            raise MongoWireServerError(f"already running on :{self.port}")
        if accepts_connections(self.port):
            raise MongoWireServerError(f"something else listens on :{self.port}")
        with open(self.log_path, "ab") as log:  # the child keeps its own descriptor
            self._process = process = subprocess.Popen(
                [str(ROOT / "deploy/local/mongo-wire.sh"), self.backend, str(self.port), str(self.path)],
                stdout=log, stderr=log, start_new_session=True, preexec_fn=die_with_parent,
            )
        wait_until(lambda: accepts_connections(self.port) or process.poll() is not None,
                   timeout=timeout, interval=0.05)
        if process.poll() is not None:
            self._process = None
            raise MongoWireServerError(f"exited with {process.returncode}: {self.log()[-2000:]}")

    def kill(self, sig: int = signal.SIGKILL, timeout: float = 30) -> int:
        """Sends `sig` (SIGKILL, or SIGTERM for a clean stop) and returns its exit status once
        it is gone; a server still there after `timeout` is killed and reported."""
        process, self._process = self._process, None
        if process is None:
            raise MongoWireServerError("the server is not started")
        if process.poll() is not None:
            return process.returncode  # it died by itself: the log says why
        os.killpg(process.pid, sig)
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=timeout)
            raise MongoWireServerError(f"still running {timeout}s after signal {sig}") from None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@contextlib.contextmanager
def h2_server(folder: Path, backend: str = "h2") -> Iterator[H2Server]:
    """An H2-backed server on a free port with its file in `folder` (a test's tmp_path)."""
    server = H2Server(folder / "mongo-wire.mv", backend=backend)
    server.start()
    try:
        yield server
    finally:
        if server.running:
            server.kill(signal.SIGKILL)  # the folder is thrown away: no need for a clean stop
