"""Partner organizations: how an application becomes a verified member of the network.

    pending ──verify──▶ verified ──suspend──▶ suspended
       │                   ▲                      │
       └──────suspend──────┼──────────────────────┘
                           └──────verify (reinstate)

Only a verified organization publishes trainings and conferences or gets API keys.
Every change bumps the organization's revision (its repository stamps it on the events), so
that a replica elsewhere can tell a newer fact from an older one that arrives late.
"""

from dataclasses import dataclass, field
from datetime import datetime

from services.partnerships.contract.errors import IllegalTransition
from services.partnerships.contract.events import (
    OrganizationRegistered,
    OrganizationSuspended,
    OrganizationVerified,
)
from services.partnerships.contract.organizations import OrganizationStatus, Region
from shared.contract.text import fold


def name_key(name: str) -> str:
    """The name as compared for duplicates: case, accents and spacing do not count."""
    return " ".join(fold(name).split())


@dataclass
class Organization:
    id: str
    name: str
    country: str
    city: str
    region: Region
    sectors: list[str]
    contact_email: str
    registered_at: datetime
    language: str = "fr"
    website: str | None = None
    description: str | None = None
    status: OrganizationStatus = OrganizationStatus.PENDING
    verified_at: datetime | None = None
    suspended_at: datetime | None = None
    suspension_reason: str | None = None
    name_key: str = field(default="")

    def __post_init__(self) -> None:
        self.name_key = name_key(self.name)

    def registered(self) -> OrganizationRegistered:
        return OrganizationRegistered(self.id, self.name, self.country, self.region)

    def verify(self, now: datetime) -> OrganizationVerified:
        self._require(OrganizationStatus.PENDING, OrganizationStatus.SUSPENDED, action="verify")
        self.status, self.verified_at = OrganizationStatus.VERIFIED, now
        self.suspended_at = self.suspension_reason = None
        return OrganizationVerified(
            organization_id=self.id, name=self.name, country=self.country, region=self.region,
            city=self.city, sectors=list(self.sectors), contact_email=self.contact_email,
            language=self.language,
        )

    def suspend(self, reason: str, now: datetime,
                active_partnership_ids: list[str]) -> OrganizationSuspended:
        self._require(OrganizationStatus.PENDING, OrganizationStatus.VERIFIED, action="suspend")
        self.status, self.suspended_at, self.suspension_reason = (
            OrganizationStatus.SUSPENDED, now, reason
        )
        return OrganizationSuspended(self.id, reason, list(active_partnership_ids))

    def _require(self, *allowed: OrganizationStatus, action: str) -> None:
        if self.status not in allowed:
            raise IllegalTransition(
                f"cannot {action} an organization that is {self.status}",
                {"status": [f"is {self.status}; {action} needs {' or '.join(allowed)}"]},
            )
