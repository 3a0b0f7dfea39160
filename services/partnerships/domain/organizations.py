"""Partner organizations: how an application becomes a verified member of the network.

    pending ──verify──▶ verified ──suspend──▶ suspended
       │                   ▲                      │
       └──────suspend──────┼──────────────────────┘
                           └──────verify (reinstate)

Only a verified organization publishes trainings and conferences or gets API keys.
Every change bumps the organization's revision, which its events carry, so that a replica
elsewhere can tell a newer fact from an older one that arrives late.
"""

import enum
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from services.partnerships.errors import IllegalTransition
from shared.events import DomainEvent


class Region(enum.StrEnum):
    NORTH = "north"
    SOUTH = "south"


class OrganizationStatus(enum.StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    SUSPENDED = "suspended"


@dataclass(frozen=True)
class OrganizationRegistered(DomainEvent):
    event_type = "organization.registered"
    organization_id: str
    name: str
    country: str
    region: str
    revision: int


@dataclass(frozen=True)
class OrganizationVerified(DomainEvent):
    event_type = "organization.verified"
    organization_id: str
    name: str
    country: str
    city: str
    region: str
    sectors: list[str]
    contact_email: str
    language: str
    revision: int


@dataclass(frozen=True)
class OrganizationSuspended(DomainEvent):
    event_type = "organization.suspended"
    organization_id: str
    reason: str
    active_partnership_ids: list[str]  # left for its partners to decide on
    revision: int


def name_key(name: str) -> str:
    """The name as compared for duplicates: case, accents and spacing do not count."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


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
    revision: int = 0
    name_key: str = field(default="")

    def __post_init__(self) -> None:
        self.name_key = name_key(self.name)

    def registered(self) -> OrganizationRegistered:
        return OrganizationRegistered(
            self.id, self.name, self.country, str(self.region), self.revision + 1
        )

    def verify(self, now: datetime) -> OrganizationVerified:
        self._require(OrganizationStatus.PENDING, OrganizationStatus.SUSPENDED, action="verify")
        self.status, self.verified_at = OrganizationStatus.VERIFIED, now
        self.suspended_at = self.suspension_reason = None
        return OrganizationVerified(
            self.id, self.name, self.country, self.city, str(self.region), list(self.sectors),
            self.contact_email, self.language, self.revision + 1,
        )

    def suspend(self, reason: str, now: datetime,
                active_partnership_ids: list[str]) -> OrganizationSuspended:
        self._require(OrganizationStatus.PENDING, OrganizationStatus.VERIFIED, action="suspend")
        self.status, self.suspended_at, self.suspension_reason = (
            OrganizationStatus.SUSPENDED, now, reason
        )
        return OrganizationSuspended(self.id, reason, list(active_partnership_ids),
                                     self.revision + 1)

    def _require(self, *allowed: OrganizationStatus, action: str) -> None:
        if self.status not in allowed:
            raise IllegalTransition(
                f"cannot {action} an organization that is {self.status}",
                {"status": [f"is {self.status}; {action} needs {' or '.join(allowed)}"]},
            )
