"""Routes of organizations: apply, read, verify, suspend, and their network."""

from services.gateway.auth import Caller, Policy
from services.gateway.http import route
from services.gateway.ratelimit import RateLimit
from services.gateway.services import TimedService
from services.partnerships.contract.organizations import (
    OrganizationApplicationSchema,
    OrganizationFiltersSchema,
    OrganizationListSchema,
    OrganizationSchema,
    SuspensionSchema,
)
from services.partnerships.contract.partnerships import NetworkSchema


class OrganizationRoutes:
    partnerships: TimedService  # its backend's RPC proxy, which the gateway's class adds

    @route("POST", "/v1/organizations", policy=Policy.PUBLIC, summary="Apply to join",
           body=OrganizationApplicationSchema, response=(201, OrganizationSchema),
           rate_limit=RateLimit.APPLICATIONS)
    def apply_organization(self, caller: Caller, body: dict):
        return 201, self.partnerships.apply_organization(body)

    @route("GET", "/v1/organizations", policy=Policy.PUBLIC, summary="List organizations",
           query=OrganizationFiltersSchema, response=(200, OrganizationListSchema))
    def list_organizations(self, caller: Caller, query: dict):
        return self.partnerships.list_organizations(query, caller.is_operator)

    @route("GET", "/v1/organizations/<organization_id>", policy=Policy.PUBLIC,
           summary="One organization", response=(200, OrganizationSchema))
    def get_organization(self, caller: Caller, organization_id: str):
        own = caller.organization_id == organization_id
        return self.partnerships.get_organization(organization_id, caller.is_operator or own)

    @route("POST", "/v1/organizations/<organization_id>/verify", policy=Policy.OPERATOR,
           summary="Verify an organization", response=(200, OrganizationSchema))
    def verify_organization(self, caller: Caller, organization_id: str):
        return self.partnerships.verify_organization(organization_id)

    @route("POST", "/v1/organizations/<organization_id>/suspend", policy=Policy.OPERATOR,
           summary="Suspend an organization", body=SuspensionSchema,
           response=(200, OrganizationSchema))
    def suspend_organization(self, caller: Caller, body: dict, organization_id: str):
        return self.partnerships.suspend_organization(organization_id, body)

    @route("GET", "/v1/organizations/<organization_id>/network", policy=Policy.PUBLIC,
           summary="An organization's active partners", response=(200, NetworkSchema))
    def organization_network(self, caller: Caller, organization_id: str):
        return self.partnerships.organization_network(organization_id)
