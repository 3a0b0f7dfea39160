"""Routes of partnerships between organizations, and their joint activities."""

from services.gateway.auth import Caller, Policy
from services.gateway.http import route
from services.gateway.services import TimedService
from services.partnerships.contract.partnerships import (
    ActivityListSchema,
    ActivitySchema,
    PartnershipFiltersSchema,
    PartnershipListSchema,
    PartnershipProposalSchema,
    PartnershipSchema,
)


class PartnershipRoutes:
    partnerships: TimedService  # its backend's RPC proxy, which the gateway's class adds

    @route("POST", "/v1/partnerships", policy=Policy.PARTNER, summary="Propose a partnership",
           body=PartnershipProposalSchema, response=(201, PartnershipSchema))
    def propose_partnership(self, caller: Caller, body: dict):
        return 201, self.partnerships.propose_partnership(caller.organization_id, body)

    @route("GET", "/v1/partnerships", policy=Policy.PUBLIC, summary="List partnerships",
           query=PartnershipFiltersSchema, response=(200, PartnershipListSchema))
    def list_partnerships(self, caller: Caller, query: dict):
        return self.partnerships.list_partnerships(query, caller.organization_id, caller.is_operator)

    @route("GET", "/v1/partnerships/<partnership_id>", policy=Policy.PUBLIC,
           summary="One partnership", response=(200, PartnershipSchema))
    def get_partnership(self, caller: Caller, partnership_id: str):
        return self.partnerships.get_partnership(partnership_id, caller.organization_id,
                                                 caller.is_operator)

    @route("POST", "/v1/partnerships/<partnership_id>/accept", policy=Policy.PARTNER,
           summary="Accept a proposal (the invited organization)", response=(200, PartnershipSchema))
    def accept_partnership(self, caller: Caller, partnership_id: str):
        return self.partnerships.accept_partnership(partnership_id, caller.organization_id)

    @route("POST", "/v1/partnerships/<partnership_id>/decline", policy=Policy.PARTNER,
           summary="Decline a proposal (the invited organization)", response=(200, PartnershipSchema))
    def decline_partnership(self, caller: Caller, partnership_id: str):
        return self.partnerships.decline_partnership(partnership_id, caller.organization_id)

    @route("POST", "/v1/partnerships/<partnership_id>/end", policy=Policy.PARTNER,
           summary="End a partnership (either partner)", response=(200, PartnershipSchema))
    def end_partnership(self, caller: Caller, partnership_id: str):
        return self.partnerships.end_partnership(partnership_id, caller.organization_id)

    @route("POST", "/v1/partnerships/<partnership_id>/activities", policy=Policy.PARTNER,
           summary="Record a joint activity (either partner, while active)",
           body=ActivitySchema, response=(201, ActivitySchema))
    def record_activity(self, caller: Caller, body: dict, partnership_id: str):
        return 201, self.partnerships.record_activity(partnership_id, caller.organization_id, body)

    @route("GET", "/v1/partnerships/<partnership_id>/activities", policy=Policy.PUBLIC,
           summary="A partnership's joint activities", response=(200, ActivityListSchema))
    def list_activities(self, caller: Caller, partnership_id: str):
        return self.partnerships.list_activities(partnership_id, caller.organization_id,
                                                 caller.is_operator)
