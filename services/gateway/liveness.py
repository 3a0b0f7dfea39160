"""The gateway's liveness, answered by its HTTP server itself: no worker, no token, no broker,
no database.

Every other route waits for a free worker. When a service is slow, all of them (MAX_WORKERS,
10) may wait on it for up to RPC_TIMEOUT_SECONDS each; a liveness probe that also needed one
would time out, and the orchestrator would restart healthy gateways in the middle of someone
else's outage. What this answer proves is what liveness should: the process and its event
loop run, and its HTTP server accepts requests.
"""

from services.gateway.auth import Policy
from services.gateway.errors import json_response
from services.gateway.http import ApiRoute, RouteSpec
from services.gateway.schemas import HealthSchema

ALIVE = {"status": "ok", "services": {"gateway": "ok"}}


class LivenessRoute(ApiRoute):
    def handle_request(self, request):
        return json_response(200, ALIVE)


def liveness_route(url: str, summary: str):
    """Declares `url` as answered by LivenessRoute (and documents it in the OpenAPI)."""
    spec = RouteSpec("GET", url, summary, Policy.PUBLIC, None, None, (200, HealthSchema))

    def decorate(function):
        function.route_spec = spec
        return LivenessRoute.decorator("GET", url, spec=spec)(function)

    return decorate
