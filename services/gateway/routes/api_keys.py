"""Routes of API credentials: operators issue and revoke partner keys; anyone with a
token may ask whose it is."""

from services.gateway import api_keys
from services.gateway.auth import Caller, Policy
from services.gateway.http import route
from services.gateway.models import ApiKeyDocument
from services.gateway.schemas import ApiKeySchema, CallerSchema, IssuedApiKeySchema
from services.gateway.services import TimedService
from shared.contract.errors import Conflict, NotFound
from shared.contract.validation import dump
from shared.runtime.clock import now


class OrganizationNotVerifiedForKeys(Conflict):
    code = "ORGANIZATION_NOT_VERIFIED"


class UnknownApiKey(NotFound):
    code = "UNKNOWN_API_KEY"


class ApiKeyRoutes:
    partnerships: TimedService  # its backend's RPC proxy, which the gateway's class adds

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
        return 201, {**dump(ApiKeySchema, document), "key": issued.key}

    @route("DELETE", "/v1/organizations/<organization_id>/api-keys/<key_id>",
           policy=Policy.OPERATOR, summary="Revoke an API key", response=(200, ApiKeySchema))
    def revoke_api_key(self, caller: Caller, organization_id: str, key_id: str):
        key = ApiKeyDocument.objects(pk=key_id, organization_id=organization_id).first()
        if key is None:
            raise UnknownApiKey(f"organization {organization_id} has no API key {key_id}")
        ApiKeyDocument.objects(pk=key_id, revoked_at=None).update(set__revoked_at=now())
        key.reload()
        return dump(ApiKeySchema, key)

    @route("GET", "/v1/me", policy=Policy.MEMBER, summary="Who this token belongs to",
           response=(200, CallerSchema))
    def me(self, caller: Caller):
        return {"role": str(caller.role), "organization_id": caller.organization_id}
