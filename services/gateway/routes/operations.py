"""Routes for operations: health of the platform, liveness and readiness of the gateway,
OpenAPI."""

import inspect

import eventlet

from services.gateway.auth import Caller, Policy
from services.gateway.errors import ServiceUnavailable, json_response
from services.gateway.http import route
from services.gateway.liveness import liveness_route
from services.gateway.openapi import document as openapi
from services.gateway.schemas import HealthSchema
from shared.runtime import config
from shared.service.health import broker_reachable
from shared.storage import mongo

HEALTH_TIMEOUT_SECONDS = 2.0


class OperationRoutes:
    backend_names: tuple[str, ...]  # the registry's (services/gateway/backends.py), set by the class

    @route("GET", "/health", policy=Policy.PUBLIC, summary="Health of every service",
           response=(200, HealthSchema))
    def health(self, caller: Caller):
        """Every backend of the registry (services/gateway/backends.py), asked all at once:
        the answer takes at most HEALTH_TIMEOUT_SECONDS however many are down."""

        def status_of(name: str) -> tuple[str, str]:
            try:
                service = getattr(self, name).with_timeout(HEALTH_TIMEOUT_SECONDS)
                return name, service.health()["status"]
            except ServiceUnavailable:
                return name, "down"

        pool = eventlet.GreenPool(max(1, len(self.backend_names)))
        services = {"gateway": "ok", **dict(pool.imap(status_of, self.backend_names))}
        healthy = all(status == "ok" for status in services.values())
        return (200 if healthy else 503), {"status": "ok" if healthy else "degraded",
                                           "services": services}

    @liveness_route("/health/live", summary="The gateway process answers (liveness)")
    def liveness(self, request):
        raise AssertionError("never called: LivenessRoute answers without a worker")

    @route("GET", "/health/ready", policy=Policy.PUBLIC,
           summary="The gateway reaches its own database and the broker (readiness)",
           response=(200, HealthSchema))
    def readiness(self, caller: Caller):
        """Not the services behind it: when one is down the gateway still answers (503 for
        what needs it), and taking every replica out of rotation would answer nothing."""
        checks = {"database": mongo.ping("gateway"),
                  "broker": broker_reachable(config.load().amqp_uri)}
        ready = all(checks.values())
        return (200 if ready else 503), {
            "status": "ok" if ready else "down",
            "services": {name: "ok" if fine else "down" for name, fine in checks.items()}}

    @route("GET", "/v1/openapi.json", policy=Policy.PUBLIC, summary="This API's description")
    def openapi_document(self, caller: Caller):
        return json_response(200, openapi.build(route_specs(type(self))))


def route_specs(service_class: type) -> list:
    return [member.route_spec for _, member in inspect.getmembers(service_class)
            if hasattr(member, "route_spec")]

