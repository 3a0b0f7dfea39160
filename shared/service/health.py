"""What a service's deployment asks it: alive? (the heartbeat, no I/O beyond a local file)
and ready? (the `health` RPC: it consumes from the broker and reaches its database). The
gateway's /health calls the same RPC; `python -m shared.runtime.probe` runs both checks."""

import kombu

from shared.messaging.rpc import rpc
from shared.runtime.liveness import Heartbeat
from shared.storage import mongo


class HealthCheck:
    """Mixed into a service class: `class CatalogService(HealthCheck): ...`"""

    name: str
    heartbeat = Heartbeat()

    @rpc
    def health(self) -> dict:
        database = "ok" if mongo.ping(self.name) else "down"
        return {"service": self.name, "status": "ok" if database == "ok" else "down",
                "database": database}


def broker_reachable(amqp_uri: str, timeout: float = 2.0) -> bool:
    """Whether a connection to the broker opens now (closed at once)."""
    try:
        with kombu.Connection(amqp_uri, connect_timeout=timeout) as connection:
            connection.connect()
        return True
    except Exception:  # any failure means "not reachable" to a health check
        return False
