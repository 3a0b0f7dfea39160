"""Cancelling a seat (an enrollment, a registration): its participant sends the cancel token it
was given (`X-Cancel-Token`), or the organization that runs the place sends its API key.

    @route("DELETE", "/v1/enrollments/<enrollment_id>", policy=Policy.PUBLIC,
           headers=(cancel_token_header("enrollment"),), ...)
    def cancel_enrollment(self, caller, enrollment_id, cancel_token):
        return self.catalog.cancel_enrollment(enrollment_id, *cancelling(caller, cancel_token))
"""

from services.gateway.auth import Caller, Role
from services.gateway.http import HeaderParameter
from shared.contract.errors import Forbidden, Unauthorized
from shared.contract.formats import CANCEL_TOKEN_HEADER, CANCEL_TOKEN_PATTERN


def cancel_token_header(noun: str) -> HeaderParameter:
    return HeaderParameter(CANCEL_TOKEN_HEADER, "cancel_token", CANCEL_TOKEN_PATTERN,
                           f"the cancel_token the {noun} answered (a participant cancelling "
                           "their own)")


def cancelling(caller: Caller, token: str | None) -> tuple[str | None, str | None]:
    """(cancel token, organization id) for the service: the token if sent, else the caller's
    organization (the service checks it runs the place); 401 for the public without a token,
    403 for an operator (it is the participant's or the organizer's to do)."""
    if token is not None:
        return token, None
    if caller.role is Role.PUBLIC:
        raise Unauthorized(f"send {CANCEL_TOKEN_HEADER} (the cancel token you were given), or "
                           "the organizer's API key")
    if caller.role is Role.OPERATOR:
        raise Forbidden("a seat is cancelled by its participant or its organizer")
    return None, caller.organization_id
