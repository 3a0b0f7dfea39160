"""Where rate-limit counts live: the gateway's own MongoDB database, shared by its replicas.

One document per (policy, address, window), `{_id: "applications|203.0.113.7|482113",
count: 3, expires_at: <window end>}`, incremented by one atomic `find_one_and_update`
(upsert): concurrent requests on any replica each get their own count. A TTL index deletes
a window's document once it has ended. If the database cannot be reached the request fails
with 503 (errors.py) rather than passing unlimited: the same database holds the API keys,
so the gateway is degraded anyway, and a limit that lifts when its store fails invites
floods at exactly that moment.
"""

from datetime import UTC, datetime

from nameko.extensions import DependencyProvider
from pymongo import ReturnDocument
from pymongo.collection import Collection
from pymongo.errors import DuplicateKeyError
from werkzeug.wrappers import Request

from services.gateway.client_address import client_address, trusted_networks
from services.gateway.ratelimit import Limiter, RateLimit, quotas_from
from shared.runtime import config
from shared.storage import mongo

COLLECTION = "rate_limit_windows"


class WindowCounters:
    def __init__(self, collection: Collection):
        self._collection = collection

    def ensure_indexes(self) -> None:
        self._collection.create_index("expires_at", expireAfterSeconds=0, name="window_ended")

    def increment(self, key: str, expires_at: float) -> int:
        update = {"$inc": {"count": 1},
                  "$setOnInsert": {"expires_at": datetime.fromtimestamp(expires_at, UTC)}}
        try:
            return self._increment(key, update)
        except DuplicateKeyError:  # two first requests upserted at once (MongoDB SERVER-20380)
            return self._increment(key, update)

    def _increment(self, key: str, update: dict) -> int:
        counted = self._collection.find_one_and_update(
            {"_id": key}, update, upsert=True, return_document=ReturnDocument.AFTER,
            projection={"count": True})
        return counted["count"]


class RequestLimiter:
    """What a route's worker holds: `self.rate_limits.admit(RateLimit.APPLICATIONS, request)`."""

    def __init__(self, limiter: Limiter, trusted: tuple):
        self._limiter, self._trusted = limiter, trusted

    def admit(self, policy: RateLimit, request: Request) -> None:
        address = client_address(request.remote_addr, request.headers.get("X-Forwarded-For"),
                                 self._trusted)
        self._limiter.admit(policy, address)


class RateLimits(DependencyProvider):
    def setup(self) -> None:
        settings = config.load()
        counters = WindowCounters(mongo.connect(self.container.service_name)[COLLECTION])
        counters.ensure_indexes()
        self.request_limiter = RequestLimiter(Limiter(quotas_from(settings), counters),
                                              trusted_networks(settings.trusted_proxies))

    def get_dependency(self, worker_ctx) -> RequestLimiter:
        return self.request_limiter
