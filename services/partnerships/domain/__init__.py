"""The partnerships service's rules, in plain Python (no nameko, no MongoDB):
organizations.py (joining the network) and partnerships.py (relationships between members)."""

from services.partnerships.domain.organizations import (
    Organization,
    OrganizationRegistered,
    OrganizationStatus,
    OrganizationSuspended,
    OrganizationVerified,
    Region,
    name_key,
)
from services.partnerships.domain.partnerships import (
    Activity,
    ActivityKind,
    ActivityRecorded,
    Partnership,
    PartnershipAccepted,
    PartnershipDeclined,
    PartnershipEnded,
    PartnershipKind,
    PartnershipProposed,
    PartnershipStatus,
    kind_between,
)

__all__ = [
    "Activity", "ActivityKind", "ActivityRecorded", "Organization", "OrganizationRegistered",
    "OrganizationStatus", "OrganizationSuspended", "OrganizationVerified", "Partnership",
    "PartnershipAccepted", "PartnershipDeclined", "PartnershipEnded", "PartnershipKind",
    "PartnershipProposed", "PartnershipStatus", "Region", "kind_between", "name_key",
]
