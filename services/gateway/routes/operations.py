"""Routes for operations: health of the platform, liveness of the gateway, OpenAPI."""

import inspect

from services.gateway import openapi
from services.gateway.auth import Caller, Policy
from services.gateway.errors import ServiceUnavailable, json_response
from services.gateway.http import route
from services.gateway.schemas import HealthSchema

HEALTH_TIMEOUT_SECONDS = 2.0
BACKENDS = ("partnerships", "catalog")


class OperationRoutes:
    @route("GET", "/health", policy=Policy.PUBLIC, summary="Health of every service",
           response=(200, HealthSchema))
    def health(self, caller: Caller):
        services = {"gateway": "ok"}
        for name in BACKENDS:
            try:
                service = getattr(self, name).with_timeout(HEALTH_TIMEOUT_SECONDS)
                services[name] = service.health()["status"]
            except ServiceUnavailable:
                services[name] = "down"
        healthy = all(status == "ok" for status in services.values())
        return (200 if healthy else 503), {"status": "ok" if healthy else "degraded",
                                           "services": services}

    @route("GET", "/health/live", policy=Policy.PUBLIC, summary="The gateway process answers",
           response=(200, HealthSchema))
    def liveness(self, caller: Caller):
        return {"status": "ok", "services": {"gateway": "ok"}}

    @route("GET", "/v1/openapi.json", policy=Policy.PUBLIC, summary="This API's description")
    def openapi_document(self, caller: Caller):
        return json_response(200, openapi.build(route_specs(type(self))))


def route_specs(service_class: type) -> list:
    return [member.route_spec for _, member in inspect.getmembers(service_class)
            if hasattr(member, "route_spec")]

