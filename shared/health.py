"""The `health` RPC every service answers (the gateway's /health and the probes call it)."""

from shared import mongo
from shared.rpc import rpc


class HealthCheck:
    """Mixed into a service class: `class CatalogService(HealthCheck): ...`"""

    name: str

    @rpc
    def health(self) -> dict:
        database = "ok" if mongo.ping(self.name) else "down"
        return {"service": self.name, "status": "ok" if database == "ok" else "down",
                "database": database}
