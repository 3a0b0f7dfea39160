"""The catalog service: nameko entrypoints only; what it does with events is in handlers.py."""

from services.catalog.contract.errors import OrganizationNotKnownToCatalog
from services.catalog.contract.organizations import KnownOrganizationSchema
from services.catalog.handlers import ORGANIZATION_EVENTS
from services.catalog.models import OrganizationReplica
from shared.contract.events import Event
from shared.messaging.consumer import consumes
from shared.messaging.rpc import rpc
from shared.runtime.correlation import CorrelationId
from shared.service.health import HealthCheck
from shared.storage.mongo import MongoDatabase


class CatalogService(HealthCheck):
    name = "catalog"
    correlation_id = CorrelationId()
    database = MongoDatabase([OrganizationReplica])

    @consumes(*ORGANIZATION_EVENTS, queue="organization_replica")
    def replicate_organization(self, event: Event) -> None:
        ORGANIZATION_EVENTS.handle(event, self.database)

    @rpc
    def get_organization(self, organization_id: str) -> dict:
        """{"organization_id": "65f..."} -> {"id", "name", "status", "revision", ...}"""
        organization = OrganizationReplica.objects(pk=str(organization_id)).first()
        if organization is None:
            raise OrganizationNotKnownToCatalog(f"the catalog knows no organization {organization_id}")
        return KnownOrganizationSchema().dump(organization)
