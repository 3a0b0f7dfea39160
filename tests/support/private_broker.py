"""A RabbitMQ node of a test's own (Debian's rabbitmq-server, a second node on this machine),
so that a fault test can restart "the broker" without touching the one every other test uses.

    with private_broker() as broker:           # broker.amqp_uri
        broker.restart(down_seconds=3)         # clients see every connection drop
"""

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from tests.support.mongo_wire import accepts_connections, free_port
from tests.support.waiting import wait_until


class PrivateBroker:
    def __init__(self):
        self.port, self.dist_port = free_port(), free_port()
        self.node = f"maillage-test-{uuid.uuid4().hex[:8]}@localhost"
        # the server runs as the rabbitmq user: pytest's tmp_path (mode 700) is not for it
        self.folder = Path(tempfile.mkdtemp(prefix="maillage-broker-"))
        self.amqp_uri = f"amqp://guest:guest@127.0.0.1:{self.port}/"

    def start(self) -> None:
        for sub in ("mnesia", "log"):
            (self.folder / sub).mkdir(parents=True, exist_ok=True)
        (self.folder / "enabled_plugins").write_text("[].\n")
        shutil.chown(self.folder, "rabbitmq", "rabbitmq")
        for path in self.folder.rglob("*"):
            shutil.chown(path, "rabbitmq", "rabbitmq")
        env = {**os.environ, "RABBITMQ_NODENAME": self.node, "RABBITMQ_NODE_PORT": str(self.port),
               "RABBITMQ_DIST_PORT": str(self.dist_port),
               "RABBITMQ_MNESIA_BASE": str(self.folder / "mnesia"),
               "RABBITMQ_LOG_BASE": str(self.folder / "log"),
               "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.folder / "enabled_plugins"),
               "RABBITMQ_PID_FILE": str(self.folder / "pid")}
        subprocess.run(["rabbitmq-server", "-detached"], env=env, check=True, timeout=30,
                       capture_output=True)
        wait_until(lambda: accepts_connections(self.port), timeout=60, interval=0.2)

    def restart(self, down_seconds: float) -> None:
        """Stops the broker application (every connection drops, the port closes), waits,
        starts it again; durable queues and persistent messages survive, as on a restart."""
        self.stop_app()
        time.sleep(down_seconds)
        self.start_app()

    def stop_app(self) -> None:
        self._ctl("stop_app")

    def start_app(self) -> None:
        self._ctl("start_app")
        wait_until(lambda: accepts_connections(self.port), timeout=30)

    def queues(self) -> str:
        """name, ready and unacknowledged messages of every queue (to say where things are)."""
        return subprocess.run(
            ["rabbitmqctl", "-q", "-n", self.node, "list_queues", "name", "messages_ready",
             "messages_unacknowledged"], check=True, timeout=30, capture_output=True, text=True,
        ).stdout

    def stop(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError):
            self._ctl("stop", timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _ctl(self, *args: str, timeout: float = 30) -> None:
        subprocess.run(["rabbitmqctl", "-q", "-n", self.node, *args], check=True,
                       timeout=timeout, capture_output=True)


@contextlib.contextmanager
def private_broker():
    broker = PrivateBroker()
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()
