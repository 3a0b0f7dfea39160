"""RabbitMQ as operators' commands reach it: its management API (which queues exist, their
depth, consumers and arguments) and AMQP (reading dead letters, tailing events), every
failure to reach it turned into BrokerUnreachable, which a command explains in one line.
Generic: `maillage status`, `dlq` and `events` all read the broker through this module.

    AMQP_URI             amqp://guest:guest@127.0.0.1:5672/   (its path is the vhost)
    RABBITMQ_MANAGEMENT  http://guest:guest@127.0.0.1:15672/api
"""

import contextlib
import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, unquote, urlparse

import amqp
import requests

from shared.messaging.broker import BROKER_ERRORS, close_quietly, open_connection

DEFAULT_AMQP_URI = "amqp://guest:guest@127.0.0.1:5672/"
DEFAULT_MANAGEMENT = "http://guest:guest@127.0.0.1:15672/api"
QUEUE_COLUMNS = "name,messages,messages_ready,messages_unacknowledged,consumers,arguments," \
                "effective_policy_definition"


class BrokerUnreachable(Exception):
    """RabbitMQ (or its management API) did not answer, or refused our credentials."""


def amqp_uri() -> str:
    return os.environ.get("AMQP_URI") or DEFAULT_AMQP_URI


def vhost(uri: str | None = None) -> str:
    """The vhost an AMQP URI names, as kombu reads it: its path, "/" when empty."""
    return unquote(urlparse(uri or amqp_uri()).path[1:]) or "/"


def management_url() -> str:
    return (os.environ.get("RABBITMQ_MANAGEMENT") or DEFAULT_MANAGEMENT).rstrip("/")


def without_password(url: str) -> str:
    """A URL as it may be printed: never its credentials."""
    parts = urlparse(url)
    host = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=host).geturl()


def management_get(path: str) -> Any:
    """GET on the management API; None when it says 404 (no such queue or vhost)."""
    url = management_url() + path
    try:
        answer = requests.get(url, timeout=10)
    except requests.RequestException as exc:
        raise BrokerUnreachable(
            f"no answer from RabbitMQ's management API at {without_password(management_url())} "
            f"({type(exc).__name__}): is RabbitMQ running, with rabbitmq_management?") from None
    if answer.status_code == 404:
        return None
    if answer.status_code in (401, 403):
        raise BrokerUnreachable(f"RabbitMQ's management API refused our credentials "
                                f"({answer.status_code}): check RABBITMQ_MANAGEMENT")
    answer.raise_for_status()
    return answer.json()


def queues(of_vhost: str | None = None) -> list[dict]:
    """Every queue of the vhost (AMQP_URI's by default), with its depth, consumers and
    arguments. Depths are the management API's, refreshed every few seconds."""
    name = of_vhost or vhost()
    found = management_get(f"/queues/{quote(name, safe='')}?columns={QUEUE_COLUMNS}")
    if found is None:
        raise BrokerUnreachable(f"RabbitMQ has no vhost {name!r} (AMQP_URI)")
    return found


def counts_deliveries(queue: dict) -> bool:
    """Whether the broker would dead-letter or drop a message returned to this queue too
    often: reading such a queue by taking and returning its messages would push them there."""
    policy = queue.get("effective_policy_definition") or {}
    return "x-delivery-limit" in (queue.get("arguments") or {}) or "delivery-limit" in policy


@contextlib.contextmanager
def connection(uri: str | None = None) -> Iterator[amqp.Connection]:
    """An AMQP connection, closed on the way out (its unacknowledged messages go back)."""
    uri = uri or amqp_uri()
    try:
        opened = open_connection(uri)
    except BROKER_ERRORS as exc:
        raise BrokerUnreachable(f"cannot connect to RabbitMQ at {without_password(uri)} "
                                f"({type(exc).__name__}: {exc}): is it running?") from None
    try:
        yield opened
    finally:
        close_quietly(opened)
