"""The gateway: the public HTTP API of ../shared/API.md, in front of the services' RPC."""

from werkzeug.wrappers import Request

from services.gateway import api_keys, openapi
from services.gateway.auth import Caller, Policy, admit, bearer_token, identify
from services.gateway.errors import ServiceUnavailable, json_response
from services.gateway.http import route
from services.gateway.models import ApiKeyDocument
from services.gateway.schemas import ApiKeySchema, CallerSchema, HealthSchema, IssuedApiKeySchema
from services.gateway.services import Service
from services.partnerships.schemas import (
    ActivityListSchema,
    ActivitySchema,
    NetworkSchema,
    OrganizationApplicationSchema,
    OrganizationFiltersSchema,
    OrganizationListSchema,
    OrganizationSchema,
    PartnershipFiltersSchema,
    PartnershipListSchema,
    PartnershipProposalSchema,
    PartnershipSchema,
    SuspensionSchema,
)
from shared import config
from shared.clock import now
from shared.correlation import CorrelationId
from shared.errors import Conflict, NotFound
from shared.mongo import MongoDatabase

HEALTH_TIMEOUT_SECONDS = 2.0
BACKENDS = ("partnerships", "catalog")


class OrganizationNotVerifiedForKeys(Conflict):
    code = "ORGANIZATION_NOT_VERIFIED"


class UnknownApiKey(NotFound):
    code = "UNKNOWN_API_KEY"


class GatewayService:
    name = "gateway"
    correlation_id = CorrelationId()
    database = MongoDatabase([ApiKeyDocument])
    partnerships = Service("partnerships")
    catalog = Service("catalog")

    def access(self, request: Request, policy: Policy) -> Caller:
        caller = identify(
            bearer_token(request.headers.get("Authorization")),
            config.load().operator_token,
            lambda organization_id: self.partnerships.get_organization(organization_id, True)[
                "status"],
        )
        admit(caller, policy)
        return caller

    # Organizations ------------------------------------------------------------------------

    @route("POST", "/v1/organizations", policy=Policy.PUBLIC, summary="Apply to join",
           body=OrganizationApplicationSchema, response=(201, OrganizationSchema))
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

    # Partnerships -------------------------------------------------------------------------

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

    # API keys -----------------------------------------------------------------------------

    @route("POST", "/v1/organizations/<organization_id>/api-keys", policy=Policy.OPERATOR,
           summary="Issue an API key (shown once)", response=(201, IssuedApiKeySchema))
    def issue_api_key(self, caller: Caller, organization_id: str):
        organization = self.partnerships.get_organization(organization_id, True)
        if organization["status"] != "verified":
            raise OrganizationNotVerifiedForKeys(
                f"organization {organization_id} is {organization['status']}, not verified")
        document = ApiKeyDocument(organization_id=organization_id, created_at=now())
        issued = api_keys.issue(document.id)
        document.secret_hash = issued.secret_hash
        document.save(force_insert=True)
        return 201, {**ApiKeySchema().dump(document), "key": issued.key}

    @route("DELETE", "/v1/organizations/<organization_id>/api-keys/<key_id>",
           policy=Policy.OPERATOR, summary="Revoke an API key", response=(200, ApiKeySchema))
    def revoke_api_key(self, caller: Caller, organization_id: str, key_id: str):
        key = ApiKeyDocument.objects(pk=key_id, organization_id=organization_id).first()
        if key is None:
            raise UnknownApiKey(f"organization {organization_id} has no API key {key_id}")
        ApiKeyDocument.objects(pk=key_id, revoked_at=None).update(set__revoked_at=now())
        key.reload()
        return ApiKeySchema().dump(key)

    @route("GET", "/v1/me", policy=Policy.MEMBER, summary="Who this token belongs to",
           response=(200, CallerSchema))
    def me(self, caller: Caller):
        return {"role": str(caller.role), "organization_id": caller.organization_id}

    # Operations ---------------------------------------------------------------------------

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
        return json_response(200, openapi.build(_route_specs()))


def _route_specs():
    return [member.route_spec for member in vars(GatewayService).values()
            if hasattr(member, "route_spec")]
