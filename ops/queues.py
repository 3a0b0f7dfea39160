"""A service's queues as RabbitMQ's management API counts them (RABBITMQ_MANAGEMENT, vhost
from AMQP_URI): each consumer queue `<service>.<queue>` with its dead letters in
`<service>.<queue>.dead` (shared/messaging/topology.py), and the `rpc-<service>` queue its
process consumes while it is connected. The API's counts lag the broker by a few seconds
(its statistics interval)."""

import os
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlparse

import requests

DEFAULT_MANAGEMENT = "http://guest:guest@127.0.0.1:15672/api"
DEAD_SUFFIX = ".dead"


class BrokerUnreachable(Exception):
    """The management API did not answer, or does not know our vhost."""


@dataclass(frozen=True)
class Queue:
    name: str
    messages: int  # ready and unacknowledged
    consumers: int


@dataclass(frozen=True)
class ConsumerQueue:
    queue: Queue
    dead: Queue | None


def management_url() -> str:
    return (os.environ.get("RABBITMQ_MANAGEMENT") or DEFAULT_MANAGEMENT).rstrip("/")


def vhost() -> str:
    path = urlparse(os.environ.get("AMQP_URI") or "amqp://guest:guest@127.0.0.1:5672/").path
    return unquote(path[1:]) if len(path) > 1 else "/"


def all_queues() -> dict[str, Queue]:
    """Every queue of our vhost by name, in one request."""
    url = f"{management_url()}/queues/{quote(vhost(), safe='')}"
    shown = url.split("@")[-1]
    try:
        response = requests.get(url, params={"columns": "name,messages,consumers"}, timeout=5)
    except requests.RequestException as exc:
        raise BrokerUnreachable(f"RabbitMQ's management API at {shown} is unreachable "
                                f"({type(exc).__name__})") from None
    if response.status_code == 404:
        raise BrokerUnreachable(f"RabbitMQ has no vhost {vhost()!r} (AMQP_URI)")
    if response.status_code != 200:
        raise BrokerUnreachable(f"RabbitMQ's management API at {shown} answered "
                                f"{response.status_code}")
    return {q["name"]: Queue(q["name"], q.get("messages") or 0, q.get("consumers") or 0)
            for q in response.json()}


def consumer_queues(service: str, queues: dict[str, Queue]) -> list[ConsumerQueue]:
    prefix = f"{service}."
    return [ConsumerQueue(queue, queues.get(name + DEAD_SUFFIX))
            for name, queue in sorted(queues.items())
            if name.startswith(prefix) and not name.endswith(DEAD_SUFFIX)]


def rpc_consumers(service: str, queues: dict[str, Queue]) -> int | None:
    """Processes consuming the service's RPC queue (None: it never started on this vhost)."""
    queue = queues.get(f"rpc-{service}")
    return None if queue is None else queue.consumers
