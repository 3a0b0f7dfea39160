"""A loopback TCP link a test can cut, as if a host became unreachable.

    link = link_to("amqp://guest:guest@127.0.0.1:5672/vhost")      # to port 5672, started
    uri = link.rerouted("amqp://guest:guest@127.0.0.1:5672/vhost")   # through link.port
    link.cut()                              # every connection closes, new ones are refused
    link.restore()                          # the same port forwards again

The forwarder runs as its own process (plain threads, no eventlet), so cutting it is a
kill -9: the kernel closes every socket at once, like a broker or database host going away.
"""

import signal
import socket
import subprocess
import sys
import threading
from urllib.parse import urlsplit

from tests.support.children import die_with_parent
from tests.support.mongo_wire import ROOT, accepts_connections, free_port
from tests.support.waiting import wait_until


class Link:
    def __init__(self, target_port: int):
        self.target_port, self.port = target_port, free_port()
        self._process: subprocess.Popen | None = None

    def start(self) -> "Link":
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.tcp_link", str(self.port), str(self.target_port)],
            cwd=ROOT, preexec_fn=die_with_parent)
        wait_until(lambda: accepts_connections(self.port), timeout=10)
        return self

    def cut(self) -> None:
        if self._process is not None:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait(timeout=10)
            self._process = None

    restore = start

    def rerouted(self, uri: str) -> str:
        """`uri` (of the target) with the link's port instead, so connections go through it."""
        parts = urlsplit(uri)
        return parts._replace(netloc=parts.netloc.replace(f":{parts.port}", f":{self.port}")).geturl()

    def close(self) -> None:
        self.cut()


def link_to(uri: str) -> Link:
    """A started link to the port `uri` names (a broker's or a database's on this machine)."""
    port = urlsplit(uri).port
    if port is None:
        raise ValueError(f"{uri} names no port to link to")
    return Link(port).start()


def _pipe(source: socket.socket, destination: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            destination.sendall(data)
    except OSError:
        pass
    finally:
        for end in (source, destination):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def forward(listen_port: int, target_port: int) -> None:
    server = socket.create_server(("127.0.0.1", listen_port))
    while True:
        client, _ = server.accept()
        try:
            upstream = socket.create_connection(("127.0.0.1", target_port), timeout=5)
        except OSError:
            client.close()
            continue
        upstream.settimeout(None)
        for source, destination in ((client, upstream), (upstream, client)):
            threading.Thread(target=_pipe, args=(source, destination), daemon=True).start()


if __name__ == "__main__":
    forward(int(sys.argv[1]), int(sys.argv[2]))
