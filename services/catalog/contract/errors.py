"""Errors the catalog service raises over RPC (the gateway maps them to HTTP statuses;
class names are unique across every contract: errors and logs name them by class)."""

from shared.contract.errors import NotFound


class OrganizationNotKnownToCatalog(NotFound):
    """No organization event has reached the catalog for this id (yet)."""

    code = "UNKNOWN_ORGANIZATION"
