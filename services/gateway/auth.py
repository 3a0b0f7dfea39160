"""Who is calling, and may they call this endpoint? (401: we don't know you; 403: we do,
and you may not.)"""

import enum
import hmac
from collections.abc import Callable
from dataclasses import dataclass

from services.gateway import api_keys
from services.gateway.models import ApiKeyDocument
from shared.contract.errors import Forbidden, Unauthorized


class Role(enum.StrEnum):
    PUBLIC = "public"
    PARTNER = "partner"
    OPERATOR = "operator"


class Policy(enum.StrEnum):
    PUBLIC = "public"  # anyone; a token, if sent, must still be valid
    PARTNER = "partner"  # an API key of a verified organization
    OPERATOR = "operator"  # the operator token
    MEMBER = "member"  # a partner or an operator


class CallerOrganizationNotVerified(Forbidden):
    code = "ORGANIZATION_NOT_VERIFIED"


@dataclass(frozen=True)
class Caller:
    role: Role
    organization_id: str | None = None

    @property
    def is_operator(self) -> bool:
        return self.role is Role.OPERATOR


def bearer_token(authorization: str | None) -> str | None:
    if authorization is None:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("send the token as: Authorization: Bearer <token>")
    return token.strip()


def identify(
    token: str | None, operator_token: str, organization_status: Callable[[str], str]
) -> Caller:
    if token is None:
        return Caller(Role.PUBLIC)
    if operator_token and hmac.compare_digest(token.encode(), operator_token.encode()):
        return Caller(Role.OPERATOR)
    key = _valid_api_key(token)
    if key is None:
        raise Unauthorized("the token is invalid or has been revoked")
    if organization_status(key.organization_id) != "verified":
        raise CallerOrganizationNotVerified("this organization is not verified (or was suspended)")
    return Caller(Role.PARTNER, key.organization_id)


def _valid_api_key(token: str) -> ApiKeyDocument | None:
    """The stored, unrevoked API key whose secret this token holds; None for any other token."""
    parsed = api_keys.parse(token)
    if parsed is None:
        return None
    key_id, secret = parsed
    key = ApiKeyDocument.objects(pk=key_id).first()
    if key is None or key.revoked_at is not None or not api_keys.matches(secret, key.secret_hash):
        return None
    return key


def admit(caller: Caller, policy: Policy) -> None:
    if policy is Policy.PUBLIC:
        return
    if caller.role is Role.PUBLIC:
        raise Unauthorized("this endpoint needs a token")
    if policy is Policy.OPERATOR and caller.role is not Role.OPERATOR:
        raise Forbidden("only operators may do this")
    if policy is Policy.PARTNER and caller.role is not Role.PARTNER:
        raise Forbidden("only partner organizations may do this")
