"""The partnerships service: nameko entrypoints only; rules live in domain.py."""

from collections.abc import Callable

from pymongo.errors import DuplicateKeyError

from services.partnerships.domain import Organization, OrganizationStatus
from services.partnerships.errors import DuplicateOrganization, UnknownOrganization
from services.partnerships.models import OrganizationDocument, new_id
from services.partnerships.schemas import (
    OrganizationApplicationSchema,
    OrganizationFiltersSchema,
    OrganizationSchema,
    SuspensionSchema,
)
from shared.clock import now
from shared.correlation import CorrelationId
from shared.events import DomainEvent
from shared.health import HealthCheck
from shared.outbox import ConcurrentModification
from shared.pagination import page
from shared.rpc import rpc
from shared.store import AggregateStore
from shared.validation import load

SAVE_ATTEMPTS = 5


class PartnershipsService(HealthCheck):
    name = "partnerships"
    correlation_id = CorrelationId()
    aggregates = AggregateStore(OrganizationDocument)

    @rpc
    def apply_organization(self, application: dict) -> dict:
        """An organization applies: {"name": "Collectif des Femmes", "country": "BE",
        "city": "Louvain-la-Neuve", "region": "north", "sectors": ["literacy"],
        "contact_email": "info@example.org"} -> the organization, status "pending"."""
        fields = load(OrganizationApplicationSchema(), application)
        organization = Organization(id=new_id(), registered_at=now(), **fields)
        try:
            self.aggregates.add(
                OrganizationDocument.from_domain(organization), organization.registered()
            )
        except DuplicateKeyError:
            raise DuplicateOrganization(
                f"{organization.name} ({organization.country}) has already applied",
                {"name": ["an organization of this name already exists in this country"]},
            ) from None
        return OrganizationSchema().dump(organization)

    @rpc
    def get_organization(self, organization_id: str, as_operator: bool = False) -> dict:
        """{"organization_id": "65f..."} -> the organization (verified ones only for the public)."""
        organization = self._load(organization_id)
        if not as_operator and organization.status != OrganizationStatus.VERIFIED:
            raise UnknownOrganization(f"no organization {organization_id}")
        return OrganizationSchema().dump(organization)

    @rpc
    def list_organizations(self, query: dict, as_operator: bool = False) -> dict:
        """{"region": "south", "sector": "literacy", "limit": 20, "cursor": null}"""
        filters = load(OrganizationFiltersSchema(), query)
        if not as_operator:
            filters["status"] = OrganizationStatus.VERIFIED
        limit, after = filters.pop("limit"), filters.pop("cursor")
        criteria = {("sectors" if k == "sector" else k): str(v) for k, v in filters.items()}
        documents, next_cursor = page(OrganizationDocument.objects(**criteria), limit, after)
        schema = OrganizationSchema()
        return {"items": [schema.dump(d.to_domain()) for d in documents],
                "next_cursor": next_cursor}

    @rpc
    def verify_organization(self, organization_id: str) -> dict:
        """{"organization_id": "65f..."} -> the organization, status "verified"."""
        return self._change(organization_id, lambda o: o.verify(now()))

    @rpc
    def suspend_organization(self, organization_id: str, suspension: dict | None = None) -> dict:
        """{"organization_id": "65f...", "suspension": {"reason": "inactive"}}"""
        reason = load(SuspensionSchema(), suspension or {})["reason"]
        return self._change(organization_id, lambda o: o.suspend(reason, now()))

    def _load(self, organization_id: str) -> Organization:
        document = OrganizationDocument.objects(pk=str(organization_id)).first()
        if document is None:
            raise UnknownOrganization(f"no organization {organization_id}")
        return document.to_domain()

    def _change(self, organization_id: str, decide: Callable[[Organization], DomainEvent]) -> dict:
        """Applies a decision to the latest revision, deciding again if another writer won."""
        for _ in range(SAVE_ATTEMPTS):
            organization = self._load(organization_id)
            event = decide(organization)
            try:
                self.aggregates.save(OrganizationDocument.from_domain(organization), event)
                return OrganizationSchema().dump(organization)
            except ConcurrentModification:
                continue
        raise ConcurrentModification(f"organization {organization_id} keeps changing; try again")
