"""The partnerships service: nameko entrypoints only; rules live in domain/."""

from services.partnerships.contract.errors import UnknownOrganization, UnknownPartnership
from services.partnerships.contract.organizations import (
    OrganizationApplicationSchema,
    OrganizationFiltersSchema,
    OrganizationSchema,
    OrganizationStatus,
    SuspensionSchema,
)
from services.partnerships.contract.partnerships import (
    ActivitySchema,
    PartnershipFiltersSchema,
    PartnershipProposalSchema,
    PartnershipSchema,
)
from services.partnerships.domain import Activity, Organization, Partnership
from services.partnerships.models import new_id
from services.partnerships.network import network_of, partnership_filters
from services.partnerships.repositories import OrganizationRepository, PartnershipRepository
from shared.contract.validation import dump, load
from shared.messaging.rpc import rpc
from shared.runtime.clock import now
from shared.runtime.correlation import CorrelationId
from shared.service.health import HealthCheck
from shared.service.store import Store


class PartnershipsService(HealthCheck):
    name = "partnerships"
    correlation_id = CorrelationId()
    store = Store(organizations=OrganizationRepository, partnerships=PartnershipRepository)

    # Organizations -----------------------------------------------------------------------

    @rpc
    def apply_organization(self, application: dict) -> dict:
        """An organization applies: {"name": "Collectif des Femmes", "country": "BE",
        "city": "Louvain-la-Neuve", "region": "north", "sectors": ["literacy"],
        "contact_email": "info@example.org"} -> the organization, status "pending"."""
        fields = load(OrganizationApplicationSchema, application)
        organization = Organization(id=new_id(), registered_at=now(), **fields)
        stored = self.store.organizations.add(organization, organization.registered())
        return dump(OrganizationSchema, stored)

    @rpc
    def get_organization(self, organization_id: str, as_operator: bool = False) -> dict:
        """{"organization_id": "65f..."} -> the organization (verified ones only for the public)."""
        organization = self.store.organizations.get(organization_id)
        if not as_operator and organization.status != OrganizationStatus.VERIFIED:
            raise UnknownOrganization(f"no organization {organization_id}")
        return dump(OrganizationSchema, organization)

    @rpc
    def list_organizations(self, query: dict, as_operator: bool = False) -> dict:
        """{"region": "south", "sector": "literacy", "limit": 20, "cursor": null}"""
        filters = load(OrganizationFiltersSchema, query)
        if not as_operator:
            filters["status"] = OrganizationStatus.VERIFIED
        limit, after = filters.pop("limit"), filters.pop("cursor")
        criteria = {("sectors" if k == "sector" else k): str(v) for k, v in filters.items()}
        organizations, next_cursor = self.store.organizations.page(limit=limit, after=after,
                                                                   **criteria)
        return {"items": dump(OrganizationSchema, organizations, many=True),
                "next_cursor": next_cursor}

    @rpc
    def verify_organization(self, organization_id: str) -> dict:
        """{"organization_id": "65f..."} -> the organization, status "verified"."""
        organization = self.store.organizations.change(organization_id,
                                                       lambda o: o.verify(now()))
        return dump(OrganizationSchema, organization)

    @rpc
    def suspend_organization(self, organization_id: str, suspension: dict | None = None) -> dict:
        """{"organization_id": "65f...", "suspension": {"reason": "inactive"}}; the event
        lists its active partnerships."""
        reason = load(SuspensionSchema, suspension or {})["reason"]
        active = self.store.partnerships.active_ids_of(organization_id)
        organization = self.store.organizations.change(
            organization_id, lambda o: o.suspend(reason, now(), active))
        return dump(OrganizationSchema, organization)

    @rpc
    def organization_network(self, organization_id: str) -> dict:
        """{"organization_id": "65f..."} -> {"items": [{"organization", "partnership_id", "kind"}]}"""
        self.get_organization(organization_id)  # public: verified organizations only
        return {"items": network_of(organization_id)}

    # Partnerships ------------------------------------------------------------------------

    @rpc
    def propose_partnership(self, proposer_id: str, proposal: dict) -> dict:
        """{"proposer_id": "65f...", "proposal": {"partner_id": "65e...", "kind": "north_south",
        "focus_areas": ["literacy"], "description": "...", "starts_on": "2027-01-15"}}"""
        terms = load(PartnershipProposalSchema, proposal)
        proposer = self.store.organizations.get(proposer_id)
        partner = self._named_partner(terms.pop("partner_id"))
        partnership = Partnership.propose(new_id(), proposer, partner, terms.pop("kind"), now(),
                                          **terms)
        stored = self.store.partnerships.add(partnership, partnership.proposed())
        return dump(PartnershipSchema, stored)

    @rpc
    def accept_partnership(self, partnership_id: str, organization_id: str) -> dict:
        """{"partnership_id": "66a...", "organization_id": "<the invited one>"}"""
        invited = self.store.organizations.get(organization_id)
        return self._change(partnership_id, lambda p: p.accept(invited, now()))

    @rpc
    def decline_partnership(self, partnership_id: str, organization_id: str) -> dict:
        """{"partnership_id": "66a...", "organization_id": "<the invited one>"}"""
        return self._change(partnership_id, lambda p: p.decline(organization_id, now()))

    @rpc
    def end_partnership(self, partnership_id: str, organization_id: str) -> dict:
        """{"partnership_id": "66a...", "organization_id": "<either partner>"}"""
        return self._change(partnership_id, lambda p: p.end(organization_id, now()))

    @rpc
    def record_activity(self, partnership_id: str, organization_id: str, activity: dict) -> dict:
        """{"partnership_id": "66a...", "organization_id": "<either partner>", "activity":
        {"title": "Exchange visit in Dakar", "kind": "exchange_visit", "date": "2027-03-02"}}"""
        recorded = Activity(id=self.store.new_id("activity"), recorded_by=organization_id,
                            recorded_at=now(), **load(ActivitySchema, activity))
        partnership = self.store.partnerships.change(partnership_id,
                                                     lambda p: p.record_activity(recorded))
        return dump(ActivitySchema, partnership.activity(recorded.id))

    @rpc
    def get_partnership(self, partnership_id: str, viewer_id: str | None = None,
                        as_operator: bool = False) -> dict:
        """A partnership, if the viewer may see it (proposals are private to the two)."""
        return dump(PartnershipSchema, self._visible(partnership_id, viewer_id, as_operator))

    @rpc
    def list_activities(self, partnership_id: str, viewer_id: str | None = None,
                        as_operator: bool = False) -> dict:
        partnership = self._visible(partnership_id, viewer_id, as_operator)
        return {"items": dump(ActivitySchema, partnership.activities, many=True)}

    @rpc
    def list_partnerships(self, query: dict, viewer_id: str | None = None,
                          as_operator: bool = False) -> dict:
        """{"organization_id": "65f...", "status": "active", "kind": "north_south",
        "focus_area": "literacy", "limit": 20, "cursor": null}"""
        filters = load(PartnershipFiltersSchema, query)
        limit, after = filters.pop("limit"), filters.pop("cursor")
        partnerships, next_cursor = self.store.partnerships.page(
            partnership_filters(filters, viewer_id, as_operator), limit=limit, after=after)
        return {"items": dump(PartnershipSchema, partnerships, many=True),
                "next_cursor": next_cursor}

    def _named_partner(self, partner_id: str) -> Organization:
        try:
            return self.store.organizations.get(partner_id)
        except UnknownOrganization:
            raise UnknownOrganization(f"no organization {partner_id}",
                                      {"partner_id": ["is not an organization of the network"]}) from None

    def _visible(self, partnership_id: str, viewer_id: str | None, as_operator: bool):
        partnership = self.store.partnerships.get(partnership_id)
        if not (as_operator or partnership.is_public or partnership.involves(viewer_id)):
            raise UnknownPartnership(f"no partnership {partnership_id}")
        return partnership

    def _change(self, partnership_id: str, decide) -> dict:
        return dump(PartnershipSchema, self.store.partnerships.change(partnership_id, decide))
