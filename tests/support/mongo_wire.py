"""Starts the local Mongo-wire server (deploy/local/mongo-wire.sh) with its memory backend."""

import contextlib
import os
import signal
import socket
import subprocess
import tempfile
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
