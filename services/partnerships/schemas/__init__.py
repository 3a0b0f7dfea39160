"""What crosses the partnerships service's boundaries: RPC payloads and its events."""

from services.partnerships.schemas.organizations import (
    OrganizationApplicationSchema,
    OrganizationFiltersSchema,
    OrganizationListSchema,
    OrganizationSchema,
    SuspensionSchema,
)
from services.partnerships.schemas.partnerships import (
    ActivityListSchema,
    ActivitySchema,
    NetworkSchema,
    PartnershipFiltersSchema,
    PartnershipListSchema,
    PartnershipProposalSchema,
    PartnershipSchema,
)

__all__ = [
    "ActivityListSchema", "ActivitySchema", "NetworkSchema", "OrganizationApplicationSchema",
    "OrganizationFiltersSchema", "OrganizationListSchema", "OrganizationSchema",
    "PartnershipFiltersSchema", "PartnershipListSchema", "PartnershipProposalSchema",
    "PartnershipSchema", "SuspensionSchema",
]
