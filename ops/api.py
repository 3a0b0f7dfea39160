"""The gateway's public API as operators' commands reach it: over HTTP, with the operator's
token or a partner's key, and errors turned into exceptions a command can explain plainly.

    gateway = Gateway.from_environment()       # MAILLAGE_API, MAILLAGE_OPERATOR_TOKEN
    gateway.post("/v1/organizations/ID/verify", idempotency_key="verify-ID")
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import requests

from ops.platform import gateway_url, var_dir

PAGE_SIZE = 100  # the API's largest page


class GatewayUnreachable(Exception):
    """No answer at all: nothing listens, or the connection failed or timed out."""


class GatewayError(Exception):
    """The gateway answered with an error (its `{"error": {code, message, fields}}`)."""

    def __init__(self, method: str, path: str, status: int, body: Any):
        error = body.get("error", {}) if isinstance(body, dict) else {}
        self.status, self.code = status, error.get("code", "")
        self.fields = error.get("fields") or {}
        self.message = error.get("message") or str(body)[:300]
        super().__init__(f"{method} {path} → {status} {self.code}: {self.message}"
                         + (f" {self.fields}" if self.fields else ""))


def operator_token() -> str:
    """MAILLAGE_OPERATOR_TOKEN, else the token `make run` generated into var/."""
    token = os.environ.get("MAILLAGE_OPERATOR_TOKEN")
    if token:
        return token
    try:
        return (var_dir() / "operator-token").read_text().strip()
    except OSError:
        raise GatewayUnreachable("no operator token: set MAILLAGE_OPERATOR_TOKEN or run "
                                 "`make run` once (it writes var/operator-token)") from None


@dataclass(frozen=True)
class Gateway:
    url: str
    token: str | None = None
    timeout: float = 15.0

    @classmethod
    def from_environment(cls) -> "Gateway":
        return cls(gateway_url(), operator_token())

    def acting_as(self, token: str | None) -> "Gateway":
        """The same gateway with another caller's token (a partner's key, None: public)."""
        return Gateway(self.url, token, self.timeout)

    def get(self, path: str, **params: Any) -> Any:
        return self.request("GET", path, params=params)

    def post(self, path: str, body: dict | None = None, idempotency_key: str | None = None) -> Any:
        return self.request("POST", path, json=body, idempotency_key=idempotency_key)

    def items(self, path: str, **params: Any) -> Iterator[dict]:
        """Every item of a list endpoint, page after page."""
        cursor = None
        while True:
            page = self.get(path, **params, limit=PAGE_SIZE, **({"cursor": cursor} if cursor else {}))
            yield from page["items"]
            cursor = page.get("next_cursor")
            if not cursor:
                return

    def request(self, method: str, path: str, idempotency_key: str | None = None,
                **kwargs: Any) -> Any:
        headers = {}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        try:
            answer = requests.request(method, self.url + path, headers=headers,
                                      timeout=self.timeout, **kwargs)
        except requests.RequestException as exc:
            raise GatewayUnreachable(f"no answer from the gateway at {self.url} "
                                     f"({type(exc).__name__}): is the platform running?") from None
        body = _json_of(answer)
        if answer.status_code >= 400:
            raise GatewayError(method, path, answer.status_code, body)
        return body


def _json_of(answer: requests.Response) -> Any:
    try:
        return answer.json()
    except ValueError:
        return answer.text
