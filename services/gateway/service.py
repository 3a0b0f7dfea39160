"""The gateway: the public HTTP API of ../shared/API.md, in front of the services' RPC.
Its routes live in routes/, one module per area; this class adds what they share."""

from werkzeug.wrappers import Request

from services.gateway.auth import Caller, Policy, admit, bearer_token, identify
from services.gateway.idempotency import IdempotentRequests
from services.gateway.models import ApiKeyDocument
from services.gateway.rate_limit_counters import RateLimits
from services.gateway.routes.api_keys import ApiKeyRoutes
from services.gateway.routes.operations import OperationRoutes
from services.gateway.routes.organizations import OrganizationRoutes
from services.gateway.routes.partnerships import PartnershipRoutes
from services.gateway.services import Service
from shared import config
from shared.correlation import CorrelationId
from shared.mongo import MongoDatabase


class GatewayService(OrganizationRoutes, PartnershipRoutes, ApiKeyRoutes, OperationRoutes):
    name = "gateway"
    correlation_id = CorrelationId()
    database = MongoDatabase([ApiKeyDocument])
    idempotency = IdempotentRequests()
    rate_limits = RateLimits()
    partnerships = Service("partnerships")
    catalog = Service("catalog")

    def access(self, request: Request, policy: Policy) -> Caller:
        """Who calls (401 if the token is bad), and whether they may (403)."""
        caller = identify(
            bearer_token(request.headers.get("Authorization")),
            config.load().operator_token,
            lambda organization_id: self.partnerships.get_organization(organization_id, True)[
                "status"],
        )
        admit(caller, policy)
        return caller
