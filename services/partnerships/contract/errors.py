"""Errors the partnerships service raises over RPC (the gateway maps them to HTTP statuses;
class names are unique across every contract: errors and logs name them by class)."""

from shared.contract.errors import Conflict, Forbidden, NotFound


class UnknownOrganization(NotFound):
    code = "UNKNOWN_ORGANIZATION"


class DuplicateOrganization(Conflict):
    code = "DUPLICATE_ORGANIZATION"


class IllegalTransition(Conflict):
    code = "ILLEGAL_TRANSITION"


class UnknownPartnership(NotFound):
    code = "UNKNOWN_PARTNERSHIP"


class DuplicatePartnership(Conflict):
    code = "DUPLICATE_PARTNERSHIP"


class KindDoesNotMatchRegions(Conflict):
    code = "KIND_DOES_NOT_MATCH_REGIONS"


class OrganizationNotVerified(Conflict):
    code = "ORGANIZATION_NOT_VERIFIED"


class NotInvited(Forbidden):
    code = "NOT_THE_INVITED_ORGANIZATION"


class NotAPartner(Forbidden):
    code = "NOT_A_PARTNER"


class ActivityLimitReached(Conflict):
    code = "ACTIVITY_LIMIT_REACHED"


class SelfPartnership(Conflict):
    code = "SELF_PARTNERSHIP"
