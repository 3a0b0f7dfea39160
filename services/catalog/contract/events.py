"""The events the catalog publishes, each declared once. Enrollment events carry what a
notification needs without asking anyone: who, in which language, for which training and
session, when and where."""

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from marshmallow import validate

from services.catalog.contract.trainings import CancelledBy, Category, Language
from shared.contract.declared_events import DomainEvent, event

Email = Annotated[str, validate.Email()]


@dataclass(frozen=True)
class TrainingEvent(DomainEvent):
    training_id: str
    organization_id: str
    title: str
    category: Category
    languages: list[Language]


@event("training.published", 1)
@dataclass(frozen=True)
class TrainingPublished(TrainingEvent):
    pass


@event("training.unpublished", 1)
@dataclass(frozen=True)
class TrainingUnpublished(TrainingEvent):
    pass


@dataclass(frozen=True)
class SessionEvent(DomainEvent):
    session_id: str
    training_id: str
    organization_id: str
    training_title: str
    starts_at: datetime
    ends_at: datetime
    city: str | None
    address: str | None
    online_url: str | None


@event("session.scheduled", 1)
@dataclass(frozen=True)
class SessionScheduled(SessionEvent):
    capacity: int


@event("session.cancelled", 1)
@dataclass(frozen=True)
class SessionCancelled(SessionEvent):
    pass


@dataclass(frozen=True)
class EnrollmentEvent(SessionEvent):
    enrollment_id: str
    participant_name: str
    email: Email
    language: Language


@event("enrollment.confirmed", 1)
@dataclass(frozen=True)
class EnrollmentConfirmed(EnrollmentEvent):
    pass


@event("enrollment.waitlisted", 1)
@dataclass(frozen=True)
class EnrollmentWaitlisted(EnrollmentEvent):
    """Their position is in the answer and in GET: it moves as others leave."""


@event("enrollment.promoted", 1)
@dataclass(frozen=True)
class EnrollmentPromoted(EnrollmentEvent):
    """From the waiting list to a seat, in the same write as the cancellation that freed it."""


@event("enrollment.cancelled", 1)
@dataclass(frozen=True)
class EnrollmentCancelled(EnrollmentEvent):
    cancelled_by: CancelledBy


@event("enrollment.attendance_recorded", 1)
@dataclass(frozen=True)
class AttendanceRecorded(EnrollmentEvent):
    attended: bool
    completed: bool
