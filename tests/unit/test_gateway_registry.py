"""One registry of backends (services/gateway/backends.py) makes the gateway: a service is one
entry, its RPC proxy, its routes and its errors follow, and /health asks it."""

import importlib
import importlib.util
import inspect
import re
from collections import Counter
from typing import Any
from unittest.mock import Mock

import pytest
from nameko.cli.run import import_service
from nameko.containers import ServiceContainer
from nameko.rpc import RpcProxy
from nameko.testing.services import worker_factory
from nameko.web.handlers import HttpRequestHandler

from services.gateway.auth import Caller, Policy, Role
from services.gateway.backends import (
    BACKENDS,
    CATALOG,
    CONFERENCES,
    NOTIFICATIONS,
    PARTNERSHIPS,
    SHARED_ERRORS,
    Backend,
    ErrorClasses,
    errors_defined_in,
)
from services.gateway.errors import ServiceUnavailable, status_of
from services.gateway.http import route
from services.gateway.routes.docs import DocsRoutes
from services.gateway.routes.operations import OperationRoutes, route_specs
from services.gateway.service import GatewayService, gateway_class
from services.gateway.services import TimedService
from shared.contract.errors import Conflict, MaillageError


class SessionFull(Conflict):
    code = "SESSION_FULL"


class TrainingRoutes:
    """The routes a new service would bring, in services/gateway/routes/trainings.py."""

    trainings: TimedService

    @route("GET", "/v1/trainings", policy=Policy.PUBLIC, summary="List trainings")
    def list_trainings(self, caller: Caller):
        return self.trainings.list_trainings()


TRAININGS = Backend(name="trainings", routes=(TrainingRoutes,), errors=(SessionFull,))


def backend_answering(status: str | None) -> Mock:
    """A stand-in for a backend's proxy whose health RPC says `status` (None: unreachable)."""
    proxy = Mock()
    health = proxy.with_timeout.return_value.health
    if status is None:
        health.side_effect = ServiceUnavailable("the service is unavailable")
    else:
        health.return_value = {"status": status}
    return proxy


def call(gateway: Any, route_name: str, worker) -> Any:
    """A route of the gateway, as its worker runs it once access and inputs are checked."""
    return getattr(gateway, route_name).__wrapped__(worker, Caller(Role.PUBLIC))


def proxies_of(service_class: type) -> dict[str, str]:
    return {name: member.target_service
            for name, member in inspect.getmembers(service_class)
            if isinstance(member, RpcProxy)}


def test_the_gateway_has_one_rpc_proxy_per_backend_named_after_it():
    assert proxies_of(GatewayService) == {"partnerships": "partnerships", "catalog": "catalog",
                                          "conferences": "conferences",
                                          "notifications": "notifications"}
    assert GatewayService.name == "gateway"


def test_the_gateway_serves_every_route_of_every_backend_and_its_own():
    expected = {spec for cls in (*PARTNERSHIPS.routes, *CATALOG.routes, *CONFERENCES.routes,
                                 *NOTIFICATIONS.routes, OperationRoutes, DocsRoutes)
                for spec in route_specs(cls)}
    assert set(route_specs(GatewayService)) == expected
    assert {"/v1/organizations", "/v1/partnerships", "/health"} <= {s.url for s in expected}


def test_nameko_binds_an_http_entrypoint_for_every_route():
    container = ServiceContainer(GatewayService, config={"AMQP_URI": "memory://"})
    served = {(e.method, e.url) for e in container.entrypoints
              if isinstance(e, HttpRequestHandler)}
    assert served == {(spec.method, spec.url) for spec in route_specs(GatewayService)}


def test_nameko_run_finds_the_gateway_class_as_deployed():
    assert import_service("services.gateway.service:GatewayService") == [GatewayService]
    assert import_service("services.gateway.service") == [GatewayService]


def test_every_service_a_route_calls_is_a_registered_backend():
    """`self.trainings.list()` in a route with no trainings backend would be a 500 at run time."""
    for cls in (*(r for backend in BACKENDS for r in backend.routes), OperationRoutes):
        used = set(re.findall(r"\bself\.(\w+)", inspect.getsource(cls)))
        assert {name for name in used if not hasattr(GatewayService, name)} == set(), cls


def test_health_asks_every_registered_backend():
    worker = worker_factory(GatewayService, partnerships=backend_answering("ok"),
                            catalog=backend_answering(None),
                            conferences=backend_answering("ok"),
                            notifications=backend_answering("ok"))
    status, body = call(GatewayService, "health", worker)
    assert (status, body) == (503, {"status": "degraded", "services": {
        "gateway": "ok", "partnerships": "ok", "catalog": "down", "conferences": "ok",
        "notifications": "ok"}})


def test_a_new_service_is_one_entry_in_the_registry():
    gateway = gateway_class((*BACKENDS, TRAININGS))
    assert proxies_of(gateway)["trainings"] == "trainings"
    assert "/v1/trainings" in {spec.url for spec in route_specs(gateway)}

    trainings = backend_answering("ok")
    trainings.list_trainings.return_value = {"items": []}
    worker = worker_factory(gateway, partnerships=backend_answering("ok"),
                            catalog=backend_answering("ok"),
                            conferences=backend_answering("ok"),
                            notifications=backend_answering("ok"), trainings=trainings)
    status, body = call(gateway, "health", worker)
    assert (status, body["services"]["trainings"]) == (200, "ok")
    trainings.with_timeout.return_value.health.assert_called_once_with()
    assert call(gateway, "list_trainings", worker) == {"items": []}


@pytest.mark.parametrize("registry", [
    pytest.param((*BACKENDS, CATALOG), id="a backend registered twice"),
    pytest.param((*BACKENDS, Backend(name="database")), id="a backend hiding the database"),
    pytest.param((*BACKENDS, Backend(name="health")), id="a backend hiding a route"),
    pytest.param((*BACKENDS, Backend(name="other", routes=(TrainingRoutes, TrainingRoutes))),
                 id="a route hiding another"),
    pytest.param((CATALOG, TRAININGS), id="no owner of organizations to check tokens against"),
])
def test_a_registry_the_gateway_would_get_silently_wrong_is_refused(registry):
    with pytest.raises(ValueError):
        gateway_class(registry)


def contract_errors(service: str) -> ErrorClasses:
    """The errors `services/<service>/contract/errors.py` defines, if the service has one."""
    for package in (f"services.{service}.contract", f"services.{service}.contract.errors"):
        if importlib.util.find_spec(package) is None:
            return ()
    return errors_defined_in(importlib.import_module(f"services.{service}.contract.errors"))


@pytest.mark.parametrize("backend", BACKENDS, ids=lambda backend: backend.name)
def test_the_registry_has_every_error_of_a_backends_contract(backend):
    """A contract error the registry did not import would reach clients as a 500."""
    assert set(contract_errors(backend.name)) <= set(backend.error_classes)
    assert contract_errors("partnerships")  # what finds them does find some


def subclasses(base: type) -> set[type]:
    return {base}.union(*map(subclasses, base.__subclasses__()))


CONTRACT_ERRORS = sorted({*SHARED_ERRORS, *(e for b in BACKENDS for e in b.error_classes)},
                         key=lambda error: (error.__module__, error.__name__))
GATEWAY_ERRORS = sorted((error for error in subclasses(MaillageError)  # errors.py, auth, ...
                         if error.__module__.startswith("services.gateway.")),
                        key=lambda error: (error.__module__, error.__name__))

# The codes API.md names (its example SESSION_FULL, and its "Errors" section) and their statuses
DOCUMENTED_STATUSES = {
    "MALFORMED_JSON": 400, "INVALID_INPUT": 422, "UNAUTHORIZED": 401, "FORBIDDEN": 403,
    "NOT_FOUND": 404, "CONFLICT": 409, "BODY_TOO_LARGE": 413, "RATE_LIMITED": 429,
    "SERVICE_UNAVAILABLE": 503, "SESSION_FULL": 409,
}


def status(error: type[MaillageError]) -> int:
    return status_of(error("a message"))


@pytest.mark.parametrize("error", CONTRACT_ERRORS + GATEWAY_ERRORS,
                         ids=lambda error: f"{error.__module__}.{error.__name__}")
def test_every_typed_error_a_client_can_meet_has_a_status_other_than_500(error):
    assert status(error) != 500
    assert "code" in vars(error) and re.fullmatch(r"[A-Z]+(_[A-Z]+)*", error.code)
    expected = DOCUMENTED_STATUSES.get(error.code)
    if error.code.startswith("DUPLICATE_"):
        expected = 409  # API.md: "409 conflict (state does not allow it, duplicate)"
    assert expected in (None, status(error))


def test_the_tables_cover_the_gateways_own_errors_and_every_contract():
    names = {error.__name__ for error in CONTRACT_ERRORS + GATEWAY_ERRORS}
    assert {"UnknownOrganization", "ConcurrentModification", "NotFound", "UnknownApiKey",
            "RateLimited", "ServiceTimeout"} <= names


def test_error_class_names_are_unique_across_contracts():
    """What a service's error is, when the caller did not import its module (a RemoteError),
    and what logs and dead letters say, is its class name only."""
    names = Counter(error.__name__ for error in CONTRACT_ERRORS)
    assert [name for name, count in names.items() if count > 1] == []


def test_a_code_means_one_status_in_every_contract():
    statuses: dict[str, set[int]] = {}
    for error in CONTRACT_ERRORS:
        statuses.setdefault(error.code, set()).add(status(error))
    assert {code: found for code, found in statuses.items() if len(found) > 1} == {}
