"""A client that does what the README tells clients to do: send every command with an
Idempotency-Key, and retry it with the same key after a 503, a 504, a 429, a request still in
progress or a lost connection, until a final answer comes (or its patience runs out)."""

import time
import uuid
from dataclasses import dataclass

import eventlet
import requests

from tests.support.platform import Platform

RETRIED_STATUSES = (502, 503, 504, 429)
PAUSE_SECONDS = 0.2


@dataclass
class Answer:
    """The final answer to a command (None if none came in time) and how many tries it took."""

    response: requests.Response | None
    attempts: int

    @property
    def status(self) -> int | None:
        return None if self.response is None else self.response.status_code

    @property
    def body(self) -> dict:
        assert self.response is not None, "no answer came"
        return self.response.json()

    @property
    def code(self) -> str | None:
        """The error code of a final error answer."""
        if self.response is None or self.response.status_code < 400:
            return None
        return self.response.json()["error"]["code"]


def until_answered(platform: Platform, method: str, path: str, patience: float = 30,
                   headers: dict | None = None, **kwargs) -> Answer:
    """Sends the command under one Idempotency-Key until it gets a final answer."""
    headers = {**(headers or {}), "Idempotency-Key": uuid.uuid4().hex}
    deadline, attempts = time.monotonic() + patience, 0
    while time.monotonic() < deadline:
        attempts += 1
        try:
            response = requests.request(method, f"{platform.url}{path}", headers=headers,
                                        timeout=15, **kwargs)
        except requests.RequestException:
            response = None
        if response is not None and not _worth_retrying(response):
            return Answer(response, attempts)
        eventlet.sleep(PAUSE_SECONDS)
    return Answer(None, attempts)


def _worth_retrying(response: requests.Response) -> bool:
    if response.status_code in RETRIED_STATUSES:
        return True
    return response.status_code == 409 and response.json()["error"]["code"] == "REQUEST_IN_PROGRESS"
