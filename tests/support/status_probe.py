"""Answers through the gateway while something behind it fails, to count them afterwards."""

import eventlet
import requests

from tests.support.platform import Platform


class StatusProbe:
    """Reads through the gateway (gateway -> partnerships -> its database) five times a
    second, each read on its own, so that one slow answer hides none of the others."""

    def __init__(self, platform: Platform):
        self.platform, self._running = platform, True
        self.statuses: list[int | str] = []
        self._pool = eventlet.GreenPool(50)
        self._thread = eventlet.spawn(self._run)

    def _run(self) -> None:
        while self._running:
            self._pool.spawn(self._read)
            eventlet.sleep(0.2)

    def _read(self) -> None:
        try:
            self.statuses.append(self.platform.http("GET", "/v1/organizations").status_code)
        except requests.RequestException:
            self.statuses.append("no answer")

    def stop(self) -> list:
        self._running = False
        self._thread.wait()
        self._pool.waitall()
        return self.statuses
