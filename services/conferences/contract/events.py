"""The events the conferences service publishes, each declared once. Registration events carry
what a notification needs without asking anyone: who, in which language, for which
conference, when (with its time zone) and where."""

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from marshmallow import validate

from services.conferences.contract.vocabulary import CancelledBy
from shared.contract.declared_events import DomainEvent, event
from shared.contract.languages import Language

Email = Annotated[str, validate.Email()]


@dataclass(frozen=True)
class ConferenceEvent(DomainEvent):
    conference_id: str
    organization_id: str
    co_organizer_ids: list[str]
    title: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    city: str | None
    country: str | None
    address: str | None
    online_url: str | None


@event("conference.published", 1)
@dataclass(frozen=True)
class ConferencePublished(ConferenceEvent):
    pass


@event("conference.cancelled", 1)
@dataclass(frozen=True)
class ConferenceCancelled(ConferenceEvent):
    pass


@dataclass(frozen=True)
class ProposalEvent(DomainEvent):
    proposal_id: str
    conference_id: str
    conference_title: str
    organization_id: str  # the submitter
    title: str
    language: str
    speakers: list[str]  # their names


@event("proposal.submitted", 1)
@dataclass(frozen=True)
class ProposalSubmitted(ProposalEvent):
    pass


@event("proposal.accepted", 1)
@dataclass(frozen=True)
class ProposalAccepted(ProposalEvent):
    pass


@event("proposal.rejected", 1)
@dataclass(frozen=True)
class ProposalRejected(ProposalEvent):
    pass


@dataclass(frozen=True)
class RegistrationEvent(ConferenceEvent):
    registration_id: str
    participant_name: str
    email: Email
    language: Language
    participant_organization: str | None


@event("registration.confirmed", 1)
@dataclass(frozen=True)
class RegistrationConfirmed(RegistrationEvent):
    pass


@event("registration.pending_approval", 1)
@dataclass(frozen=True)
class RegistrationPendingApproval(RegistrationEvent):
    pass


@event("registration.approved", 1)
@dataclass(frozen=True)
class RegistrationApproved(RegistrationEvent):
    pass


@event("registration.rejected", 1)
@dataclass(frozen=True)
class RegistrationRejected(RegistrationEvent):
    pass


@event("registration.waitlisted", 1)
@dataclass(frozen=True)
class RegistrationWaitlisted(RegistrationEvent):
    """Their position is in the answer and in GET: it moves as others leave."""


@event("registration.promoted", 1)
@dataclass(frozen=True)
class RegistrationPromoted(RegistrationEvent):
    """From the waiting list to a seat, in the same write as the cancellation that freed it."""


@event("registration.cancelled", 1)
@dataclass(frozen=True)
class RegistrationCancelled(RegistrationEvent):
    cancelled_by: CancelledBy


@event("attendee.checked_in", 1)
@dataclass(frozen=True)
class AttendeeCheckedIn(RegistrationEvent):
    checked_in_at: datetime
