"""The catalog service: nameko entrypoints only."""

import services.partnerships.schemas  # noqa: F401  (registers the organization.* events)
from services.catalog import replica
from services.catalog.models import OrganizationReplica
from shared.consumer import consumes
from shared.correlation import CorrelationId
from shared.errors import NotFound
from shared.events import Event
from shared.health import HealthCheck
from shared.mongo import MongoDatabase
from shared.rpc import rpc


class CatalogService(HealthCheck):
    name = "catalog"
    correlation_id = CorrelationId()
    database = MongoDatabase([OrganizationReplica])

    @consumes("organization.verified", "organization.suspended", queue="organization_replica")
    def replicate_organization(self, event: Event) -> None:
        """Keeps the replica of partner organizations: a verified one may publish trainings."""
        replica.apply(OrganizationReplica._get_collection(), event)

    @rpc
    def get_organization(self, organization_id: str) -> dict:
        """{"organization_id": "65f..."} -> {"id", "name", "status", "revision", ...}"""
        organization = OrganizationReplica.objects(pk=str(organization_id)).first()
        if organization is None:
            raise NotFound(f"the catalog knows no organization {organization_id}")
        return {key: organization[key] for key in ("id", "name", "country", "city", "region",
                                                   "status", "revision")}
