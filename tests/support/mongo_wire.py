"""Starts the local Mongo-wire server (deploy/local/mongo-wire.sh) with its memory backend."""

import contextlib
import os
import signal
import socket
import subprocess
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
    port = free_port()
    process = subprocess.Popen(
        [str(ROOT / "deploy/local/mongo-wire.sh"), "memory", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        preexec_fn=die_with_parent,
    )
    try:
        wait_until(lambda: accepts_connections(port) or process.poll() is not None, timeout=60)
        if process.poll() is not None:
            raise RuntimeError(f"mongo-wire server failed: {process.stderr.read().decode()}")
        yield f"mongodb://127.0.0.1:{port}/"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
