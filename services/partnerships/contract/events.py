"""The events the partnerships service publishes, each declared once (its payload schema is
derived from the dataclass). The envelope names the aggregate (`aggregate_id`) and the
revision its change produced; payloads carried that revision themselves before version 2
(organization.suspended: version 3), and the upcasters drop it."""

from dataclasses import dataclass
from typing import Annotated

from marshmallow import validate

from services.partnerships.contract.organizations import Region
from services.partnerships.contract.partnerships import ActivityKind, PartnershipKind
from shared.contract.declared_events import DomainEvent, EventOptions, event
from shared.contract.events import Payload


def without_revision(payload: Payload) -> Payload:
    """Version 1 payloads carried the revision, which the envelope carries since."""
    return {key: value for key, value in payload.items() if key != "revision"}


def suspended_v1_to_v2(payload: Payload) -> Payload:  # v1 did not report active partnerships
    return {**payload, "active_partnership_ids": []}


ORGANIZATION_V1: EventOptions = {"upcasters": {1: without_revision}, "subject": "organization_id"}
PARTNERSHIP_V1: EventOptions = {"upcasters": {1: without_revision}, "subject": "partnership_id"}


# Organizations -------------------------------------------------------------------------

@dataclass(frozen=True)
class OrganizationEvent(DomainEvent):
    """What the registration and the verification of an organization both say."""

    organization_id: str
    name: str
    country: str
    region: Region


@event("organization.registered", 2, **ORGANIZATION_V1)
@dataclass(frozen=True)
class OrganizationRegistered(OrganizationEvent):
    pass


@event("organization.verified", 2, **ORGANIZATION_V1)
@dataclass(frozen=True)
class OrganizationVerified(OrganizationEvent):
    city: str
    sectors: list[str]
    contact_email: Annotated[str, validate.Email()]
    language: str


@event("organization.suspended", 3, subject="organization_id",
       upcasters={1: suspended_v1_to_v2, 2: without_revision})
@dataclass(frozen=True)
class OrganizationSuspended(DomainEvent):
    organization_id: str
    reason: str
    active_partnership_ids: list[str]  # left for its partners to decide on


# Partnerships --------------------------------------------------------------------------

@dataclass(frozen=True)
class PartnershipEvent(DomainEvent):
    """What every event of a partnership's life (not of its activities) says."""

    partnership_id: str
    proposer_id: str
    partner_id: str
    kind: PartnershipKind


@event("partnership.proposed", 2, **PARTNERSHIP_V1)
@dataclass(frozen=True)
class PartnershipProposed(PartnershipEvent):
    focus_areas: list[str]
    starts_on: str  # ISO dates
    ends_on: str | None


@event("partnership.accepted", 2, **PARTNERSHIP_V1)
@dataclass(frozen=True)
class PartnershipAccepted(PartnershipEvent):
    pass


@event("partnership.declined", 2, **PARTNERSHIP_V1)
@dataclass(frozen=True)
class PartnershipDeclined(PartnershipEvent):
    pass


@event("partnership.ended", 2, **PARTNERSHIP_V1)
@dataclass(frozen=True)
class PartnershipEnded(PartnershipEvent):
    ended_by: str


@event("partnership.activity_recorded", 2, **PARTNERSHIP_V1)
@dataclass(frozen=True)
class ActivityRecorded(DomainEvent):
    partnership_id: str
    activity_id: str
    title: str
    kind: ActivityKind
    date: str
    recorded_by: str
    participants_count: int | None
