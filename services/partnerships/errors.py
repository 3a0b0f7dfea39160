"""Errors the partnerships service raises over RPC (the gateway maps them to HTTP)."""

from shared.errors import Conflict, NotFound


class UnknownOrganization(NotFound):
    code = "UNKNOWN_ORGANIZATION"


class DuplicateOrganization(Conflict):
    code = "DUPLICATE_ORGANIZATION"


class IllegalTransition(Conflict):
    code = "ILLEGAL_TRANSITION"
