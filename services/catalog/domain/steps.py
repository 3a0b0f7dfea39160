"""The steps a session can take, as data: what changes and the events that say so.

The session decides which step applies (sessions.py); the repository writes each kind of step
as one conditional update whose condition makes the database refuse it if the session moved
meanwhile (docs/catalog.md); `Session.apply` is the same step on the object in memory."""

from dataclasses import dataclass
from datetime import datetime

from services.catalog.contract.events import (
    AttendanceRecorded,
    EnrollmentCancelled,
    EnrollmentConfirmed,
    EnrollmentPromoted,
    EnrollmentWaitlisted,
    SessionCancelled,
)
from services.catalog.domain.enrollments import Enrollment


@dataclass(frozen=True)
class Confirm:
    """A seat is left: the newcomer takes it."""

    enrollment: Enrollment
    event: EnrollmentConfirmed


@dataclass(frozen=True)
class JoinWaitingList:
    """No seat is left: the newcomer queues at the end of the waiting list."""

    enrollment: Enrollment
    event: EnrollmentWaitlisted


@dataclass(frozen=True)
class CancelSeat:
    """A confirmed participant leaves; the first waiting, if any, takes the seat at once."""

    enrollment_id: str
    email_key: str  # no longer enrolled: the same email may enroll again
    promoted_id: str | None
    at: datetime
    events: tuple[EnrollmentCancelled] | tuple[EnrollmentCancelled, EnrollmentPromoted]


@dataclass(frozen=True)
class LeaveWaitingList:
    enrollment_id: str
    email_key: str
    at: datetime
    event: EnrollmentCancelled


@dataclass(frozen=True)
class CancelSession:
    """The session is cancelled, and with it every enrollment still active."""

    cancelled_ids: tuple[str, ...]
    freed_seats: int  # of those, the confirmed ones
    at: datetime
    events: tuple[SessionCancelled | EnrollmentCancelled, ...]


@dataclass(frozen=True)
class RecordAttendance:
    enrollment_id: str
    attended: bool
    completed: bool
    event: AttendanceRecorded


Step = Confirm | JoinWaitingList | CancelSeat | LeaveWaitingList | CancelSession | RecordAttendance
