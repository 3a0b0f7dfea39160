"""The gateway: the public HTTP API of ../shared/API.md, in front of the services' RPC.

Its nameko class is assembled from the registry of backends (backends.py): one RPC proxy per
backend, named after it, and the backend's routes (routes/, one module per area) as mixins,
on top of what every route shares (GatewayCore). Deployed as
`nameko run services.gateway.service:GatewayService` (deploy/services.list).
"""

from collections.abc import Sequence

from werkzeug.wrappers import Request

from services.gateway import models
from services.gateway.auth import Caller, Policy, admit, bearer_token, identify
from services.gateway.backends import BACKENDS, ORGANIZATIONS, Backend, check
from services.gateway.idempotency import IdempotentRequests
from services.gateway.rate_limit_counters import RateLimits
from services.gateway.routes import docs, operations
from services.gateway.services import Service
from shared.runtime.correlation import CorrelationId
from shared.service.settings import ServiceSettings
from shared.storage.mongo import MongoDatabase


class GatewayCore:
    """What the gateway is whichever services stand behind it. No entrypoint of its own, so
    that `nameko run services.gateway.service` finds only the assembled GatewayService."""

    name = "gateway"
    backend_names: tuple[str, ...] = ()  # set by gateway_class; /health asks each
    correlation_id = CorrelationId()
    database = MongoDatabase([models.ApiKeyDocument])
    idempotency = IdempotentRequests()
    rate_limits = RateLimits()
    settings = ServiceSettings()

    def access(self, request: Request, policy: Policy) -> Caller:
        """Who calls (401 if the token is bad), and whether they may (403)."""
        caller = identify(bearer_token(request.headers.get("Authorization")),
                          self.settings.operator_token, self.organization_status)
        admit(caller, policy)
        return caller

    def organization_status(self, organization_id: str) -> str:
        """Asked of the service that owns organizations (ORGANIZATIONS)."""
        owner = getattr(self, ORGANIZATIONS.name)
        return owner.get_organization(organization_id, True)["status"]


def gateway_class(registry: Sequence[Backend]) -> type[GatewayCore]:
    """The gateway's nameko service class for these backends."""
    check(registry, GatewayCore, operations.OperationRoutes, docs.DocsRoutes)
    routes = tuple(route for backend in registry for route in backend.routes)
    proxies = {backend.name: Service(backend.name) for backend in registry}
    return type("GatewayService", (*routes, operations.OperationRoutes, docs.DocsRoutes,
                                     GatewayCore), {
        **proxies, "backend_names": tuple(b.name for b in registry), "__module__": __name__,
        "__doc__": "The gateway in front of: " + ", ".join(b.name for b in registry) + "."})


GatewayService = gateway_class(BACKENDS)
