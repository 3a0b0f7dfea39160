"""The services behind the gateway, one entry each: adding a service to the public API is writing
its routes (routes/<area>.py) and adding a `Backend` to BACKENDS, nothing else in the gateway.

    Backend(name="partnerships",                          # its RPC name, and `self.partnerships`
            routes=(OrganizationRoutes, PartnershipRoutes),   # from services/gateway/routes/
            errors=partnerships_errors)                   # its contract's errors

From this table service.py assembles the gateway's nameko class (one RPC proxy per backend, its
routes as mixins) and /health asks every backend. Each backend's errors module is imported here:
nameko rebuilds a remote error's class only if the caller imported the module that defines it,
and a typed error that arrives as a plain RemoteError is a 500 instead of its 404 or 409.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType

from services.catalog.contract import errors as catalog_errors
from services.conferences.contract import errors as conferences_errors
from services.gateway.routes.api_keys import ApiKeyRoutes
from services.gateway.routes.catalog import EnrollmentRoutes, TrainingRoutes
from services.gateway.routes.conferences import (
    ConferenceRoutes,
    ProposalRoutes,
    RegistrationRoutes,
)
from services.gateway.routes.notifications import (
    DeliveryLogRoutes,
    UnsubscribeRoutes,
    WebhookRoutes,
)
from services.gateway.routes.organizations import OrganizationRoutes
from services.gateway.routes.partnerships import PartnershipRoutes
from services.notifications.contract import errors as notifications_errors
from services.partnerships.contract import errors as partnerships_errors
from shared.contract import errors as shared_errors

ErrorClasses = tuple[type[shared_errors.MaillageError], ...]


@dataclass(frozen=True)
class Backend:
    """A service the gateway calls over RPC: its routes call it as `self.<name>.<method>(...)`;
    `errors` is its contract's errors module, or a tuple of classes."""

    name: str
    routes: tuple[type, ...] = ()
    errors: ModuleType | ErrorClasses = ()

    @property
    def error_classes(self) -> ErrorClasses:
        if isinstance(self.errors, ModuleType):
            return errors_defined_in(self.errors)
        return tuple(self.errors)


def errors_defined_in(module: ModuleType) -> ErrorClasses:
    """The typed errors a module defines (a contract package: those it takes from its modules)."""
    return tuple(value for value in vars(module).values()
                 if isinstance(value, type) and issubclass(value, shared_errors.MaillageError)
                 and f"{value.__module__}.".startswith(f"{module.__name__}."))


# What any service may raise besides its own contract's errors (e.g. the revision guard's).
SHARED_ERRORS: ErrorClasses = tuple(
    error for error in errors_defined_in(shared_errors)
    if error is not shared_errors.MaillageError)  # untyped: a 500

PARTNERSHIPS = Backend(
    name="partnerships",
    # API keys are issued to its organizations (the route asks it whether one is verified)
    routes=(OrganizationRoutes, PartnershipRoutes, ApiKeyRoutes),
    errors=partnerships_errors,
)
CATALOG = Backend(name="catalog", routes=(TrainingRoutes, EnrollmentRoutes), errors=catalog_errors)
CONFERENCES = Backend(name="conferences",
                      routes=(ConferenceRoutes, ProposalRoutes, RegistrationRoutes),
                      errors=conferences_errors)
NOTIFICATIONS = Backend(name="notifications",
                        routes=(DeliveryLogRoutes, WebhookRoutes, UnsubscribeRoutes),
                        errors=notifications_errors)

BACKENDS: tuple[Backend, ...] = (PARTNERSHIPS, CATALOG, CONFERENCES, NOTIFICATIONS)

# Owns organizations: the gateway asks it whether a partner's organization is verified.
ORGANIZATIONS = PARTNERSHIPS


def check(registry: Sequence[Backend], *gateway_classes: type) -> None:
    """Refuses a registry that the assembled class would get silently wrong: a backend or a
    route method hiding an attribute of the gateway or another route (the first one in the
    class's MRO would win, the other route would just be missing), or no owner of organizations
    to check partners' tokens against."""
    names = [backend.name for backend in registry]
    members = [member for backend in registry for route in backend.routes
               for member in vars(route) if not member.startswith("__")]
    gateway = {member for cls in gateway_classes for member in dir(cls)}
    clashes = _repeated(names + members) | (set(names + members) & gateway)
    if clashes:
        raise ValueError(f"gateway attributes defined twice: {', '.join(sorted(clashes))}")
    if ORGANIZATIONS.name not in names:
        raise ValueError(f"the {ORGANIZATIONS.name} backend (owner of organizations) is missing")


def _repeated(names: list[str]) -> set[str]:
    return {name for name in names if names.count(name) > 1}
