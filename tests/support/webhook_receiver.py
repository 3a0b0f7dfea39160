"""The tests' webhook receiver: an HTTP server on 127.0.0.1, as a process of its own
(spooling_server.py says why), keeping every request it gets, and a partner's signature check.

    hooks = WebhookReceiver(tmp_path / "hooks").start()   # hooks.url: http://127.0.0.1:<port>/hooks
    [delivery] = hooks.wait_for(1)
    delivery.header("X-Maillage-Event-Id"), delivery.body, delivery.json()
    assert verify_signature(secret, delivery.header("X-Maillage-Signature"), delivery.body)
    hooks.answer(500, times=2)              # the next 2 requests get a 500
    hooks.answer(204, delay_seconds=30)     # every request waits 30 s (past a sender's timeout)
    hooks.answer_normally()                 # 204 at once

A request is on disk, with the status it is going to get, before its answer (and its delay)
begins: a request its sender gave up on is kept too.
"""

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.support.spooling_server import Spool, SpoolingServer, server_arguments

NORMAL_STATUS = 204


@dataclass(frozen=True)
class ReceivedRequest:
    method: str
    path: str  # with its query string
    headers: list[tuple[str, str]]  # as sent, in order
    body: bytes
    received_at: float  # unix seconds
    status: int  # what it was answered (after delay_seconds)
    delay_seconds: float

    def header(self, name: str) -> str | None:
        """The first header of that name (case-insensitive), as HTTP reads them."""
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)

    def json(self) -> Any:
        return json.loads(self.body)

    @classmethod
    def from_record(cls, entry: dict) -> "ReceivedRequest":
        return cls(entry["method"], entry["path"], [tuple(pair) for pair in entry["headers"]],
                   base64.b64decode(entry["body"]), entry["received_at"], entry["status"],
                   entry["delay_seconds"])


class WebhookReceiver(SpoolingServer[ReceivedRequest]):
    def __init__(self, spool: Path, port: int | None = None):
        super().__init__("tests.support.webhook_receiver", spool, ReceivedRequest.from_record, port)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def requests(self) -> list[ReceivedRequest]:
        return self.records()

    def answer(self, status: int, delay_seconds: float = 0.0, times: int | None = None) -> None:
        """The next `times` requests (None: all, until told otherwise) get `status`, each after
        `delay_seconds`."""
        self.steer({"status": status, "delay_seconds": delay_seconds, "times": times})

    def answer_normally(self) -> None:
        self.steer(None)


def verify_signature(secret: str, header: str | None, body: bytes,
                     tolerance_seconds: float = 300, now: float | None = None) -> bool:
    """What a partner checks of `X-Maillage-Signature: t=<unix seconds>,v1=<hex>`: some v1 is
    HMAC-SHA256(secret, "<t>.<body>") (compared in constant time), and t is within
    `tolerance_seconds` of now, so a captured delivery cannot be replayed later."""
    fields: dict[str, list[str]] = {}
    for item in (header or "").split(","):
        key, _, value = item.strip().partition("=")
        fields.setdefault(key, []).append(value)
    timestamps = fields.get("t", [])
    if len(timestamps) != 1 or not (timestamps[0].isascii() and timestamps[0].isdigit()):
        return False
    if abs((time.time() if now is None else now) - int(timestamps[0])) > tolerance_seconds:
        return False
    signed = timestamps[0].encode() + b"." + body
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest().encode()
    return any(hmac.compare_digest(expected, candidate.encode()) for candidate in fields.get("v1", []))


class RecordingHandler(BaseHTTPRequestHandler):
    """Any method: record the request, wait if told to, answer the status told."""

    server: "RecordingServer"

    def handle_any_method(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        rule = self.server.spool.rule_for_next_request() or {}
        status, delay = rule.get("status", NORMAL_STATUS), rule.get("delay_seconds", 0.0)
        self.server.spool.record({
            "method": self.command, "path": self.path, "headers": list(self.headers.items()),
            "body": base64.b64encode(body).decode(), "received_at": time.time(),
            "status": status, "delay_seconds": delay,
        }, rule or None)
        time.sleep(delay)
        try:
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()
        except OSError:  # the sender gave up waiting: nobody to answer
            pass

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any_method


class RecordingServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, spool: Spool):
        super().__init__(("127.0.0.1", port), RecordingHandler)
        self.spool = spool


if __name__ == "__main__":
    port, spool_path = server_arguments()
    RecordingServer(port, Spool(spool_path)).serve_forever()
