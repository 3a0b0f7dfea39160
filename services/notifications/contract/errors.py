"""Errors the notifications service raises over RPC (the gateway maps them to HTTP statuses;
class names are unique across every contract)."""

from shared.contract.errors import Forbidden, NotFound


class OrganizationNotKnownToNotifications(NotFound):
    """No organization event has reached the service for this id (yet)."""

    code = "UNKNOWN_ORGANIZATION"


class UnknownMessage(NotFound):
    code = "UNKNOWN_NOTIFICATION"


class InvalidUnsubscribeToken(Forbidden):
    """The token is not the one this address's emails carry."""

    code = "INVALID_UNSUBSCRIBE_TOKEN"
