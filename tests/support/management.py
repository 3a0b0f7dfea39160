"""RabbitMQ's management API, to read what the broker itself knows of a queue."""

from urllib.parse import quote, urlparse

import requests

MANAGEMENT = "http://guest:guest@127.0.0.1:15672/api"


def queue_info(amqp_uri: str, queue: str) -> dict:
    """Arguments, ready and unacknowledged counts of a queue, as the broker reports them."""
    vhost = urlparse(amqp_uri).path.lstrip("/") or "/"
    response = requests.get(f"{MANAGEMENT}/queues/{quote(vhost, safe='')}/{quote(queue, safe='')}",
                            timeout=10)
    response.raise_for_status()
    return response.json()
