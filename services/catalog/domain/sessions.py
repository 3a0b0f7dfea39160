"""A session of a training: its seats, its waiting list, first come first served.

    scheduled ──cancel──▶ cancelled (every active enrollment with it)

While it is open (scheduled, not started, before its closing time) a newcomer is confirmed
while seats are left, else queued at the end of the waiting list. When a confirmed
participant leaves, the first waiting takes the seat in the same step; positions on the
waiting list are the order of the queue, so they stay 1..N without gaps.
"""

from dataclasses import dataclass, field, replace
from datetime import datetime

from services.catalog.contract.errors import (
    AlreadyEnrolled,
    EnrollmentClosed,
    EnrollmentNotActive,
    NotTheOwner,
    SessionInThePast,
    SessionNotStarted,
    UnknownEnrollment,
    WaitingListFull,
)
from services.catalog.contract.events import (
    AttendanceRecorded,
    EnrollmentCancelled,
    EnrollmentConfirmed,
    EnrollmentPromoted,
    EnrollmentWaitlisted,
    SessionCancelled,
    SessionScheduled,
)
from services.catalog.contract.sessions import MAX_CAPACITY as MAX_CAPACITY  # declared where clients see it
from services.catalog.contract.trainings import CancelledBy, EnrollmentStatus, SessionStatus
from services.catalog.domain.enrollments import Enrollment
from services.catalog.domain.steps import (
    CancelSeat,
    CancelSession,
    Confirm,
    JoinWaitingList,
    LeaveWaitingList,
    RecordAttendance,
    Step,
)

WAITING_LIST_LIMIT = 1000  # a session's enrollments live in its document: keep it bounded
COUNT = -1  # seats_left not given: counted from the enrollments (a session built whole)


@dataclass(frozen=True)
class Location:
    city: str | None = None
    address: str | None = None
    online_url: str | None = None


@dataclass
class Session:
    id: str
    training_id: str
    organization_id: str
    training_title: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    location: Location
    closes_at: datetime
    status: SessionStatus = SessionStatus.SCHEDULED
    # The enrollments loaded: all of them, or only those a step needs (an enrollment reads
    # none but the newcomer's own). What a step decides on besides is kept whole:
    enrollments: dict[str, Enrollment] = field(default_factory=dict)
    waiting_list: list[str] = field(default_factory=list)
    seats_left: int = COUNT  # capacity - confirmed
    active_emails: set[str] = field(default_factory=set)  # email keys not cancelled

    def __post_init__(self) -> None:
        if self.seats_left == COUNT:
            confirmed = [e for e in self.enrollments.values()
                         if e.status == EnrollmentStatus.CONFIRMED]
            self.seats_left = self.capacity - len(confirmed)
            self.active_emails = {e.email_key for e in self.enrollments.values() if e.is_active}

    @classmethod
    def schedule(cls, now: datetime, **details) -> "tuple[Session, SessionScheduled]":
        """A new session of a training, and the event that announces it; it must start, and
        its enrollment close, after `now`."""
        session = cls(**details)
        if session.starts_at <= now or session.closes_at <= now:
            raise SessionInThePast("a session must start, and its enrollment close, in the "
                                   "future", {"starts_at": ["must be in the future"]})
        return session, session._session_event(SessionScheduled, capacity=session.capacity)

    # What it is ------------------------------------------------------------------------

    def is_open(self, now: datetime) -> bool:
        return (self.status == SessionStatus.SCHEDULED and now < self.closes_at
                and now < self.starts_at)

    def position_of(self, enrollment_id: str) -> int | None:
        """1 for the first waiting, None for anyone not waiting."""
        if enrollment_id not in self.waiting_list:
            return None
        return self.waiting_list.index(enrollment_id) + 1

    def require_owner(self, organization_id: str | None) -> None:
        if organization_id != self.organization_id:
            raise NotTheOwner("only the organization that offers this session may do this")

    def enrollment(self, enrollment_id: str) -> Enrollment:
        try:
            return self.enrollments[enrollment_id]
        except KeyError:
            raise UnknownEnrollment(f"no enrollment {enrollment_id}") from None

    # What it decides -------------------------------------------------------------------

    # Each step asked for again once taken is no step (None): the same command delivered
    # twice, or a client's retry, finds its effect in the session and answers from it, however
    # many other writes came between (the request ids a document remembers are bounded).

    def enroll(self, newcomer: Enrollment, now: datetime) -> Confirm | JoinWaitingList | None:
        if newcomer.id in self.enrollments:  # its id derives from its request: this request
            return None
        if not self.is_open(now):
            raise EnrollmentClosed(f"session {self.id} takes no more enrollments")
        if newcomer.email_key in self.active_emails:
            raise AlreadyEnrolled("this email is already enrolled in this session",
                                  {"email": ["already enrolled in this session"]})
        if self.seats_left > 0:
            confirmed = replace(newcomer, status=EnrollmentStatus.CONFIRMED)
            return Confirm(confirmed, self._about(EnrollmentConfirmed, confirmed))
        if len(self.waiting_list) >= WAITING_LIST_LIMIT:
            raise WaitingListFull(f"the waiting list of session {self.id} is full")
        waiting = replace(newcomer, status=EnrollmentStatus.WAITLISTED)
        return JoinWaitingList(waiting, self._about(EnrollmentWaitlisted, waiting))

    def cancel_enrollment(self, enrollment_id: str, by: CancelledBy,
                          now: datetime) -> CancelSeat | LeaveWaitingList | None:
        leaving = self.enrollment(enrollment_id)
        if leaving.status == EnrollmentStatus.CANCELLED:
            return None
        cancelled = self._about(EnrollmentCancelled, leaving, cancelled_by=by)
        if leaving.status == EnrollmentStatus.WAITLISTED:
            return LeaveWaitingList(enrollment_id, leaving.email_key, now, cancelled)
        if not self.waiting_list:
            return CancelSeat(enrollment_id, leaving.email_key, None, now, (cancelled,))
        first = self.enrollments[self.waiting_list[0]]
        promoted = self._about(EnrollmentPromoted, first)
        return CancelSeat(enrollment_id, leaving.email_key, first.id, now, (cancelled, promoted))

    def cancel(self, now: datetime) -> CancelSession | None:
        if self.status == SessionStatus.CANCELLED:
            return None
        active = [e for e in self.enrollments.values() if e.is_active]
        events = [self._session_event(SessionCancelled)] + [
            self._about(EnrollmentCancelled, e, cancelled_by=CancelledBy.SESSION_CANCELLED)
            for e in active]
        freed = sum(e.status == EnrollmentStatus.CONFIRMED for e in active)
        return CancelSession(tuple(e.id for e in active), freed, now, tuple(events))

    def record_attendance(self, enrollment_id: str, attended: bool, completed: bool,
                          now: datetime) -> RecordAttendance | None:
        participant = self.enrollment(enrollment_id)
        if (participant.attended, participant.completed) == (attended, completed):
            return None
        if participant.status != EnrollmentStatus.CONFIRMED:
            raise EnrollmentNotActive(f"enrollment {enrollment_id} is not confirmed")
        if now < self.starts_at:
            raise SessionNotStarted(f"session {self.id} has not started yet")
        event = self._about(AttendanceRecorded, participant, attended=attended,
                            completed=completed)
        return RecordAttendance(enrollment_id, attended, completed, event)

    # The step, in memory (the repository writes the same in one update) ---------------

    def apply(self, step: Step | None) -> None:
        """`step` on the object in memory (None, a step found taken already: nothing)."""
        match step:
            case Confirm(enrollment=e) | JoinWaitingList(enrollment=e):
                self.enrollments[e.id] = e
                self.active_emails.add(e.email_key)
                if e.status == EnrollmentStatus.WAITLISTED:
                    self.waiting_list.append(e.id)
                else:
                    self.seats_left -= 1
            case CancelSeat(enrollment_id=gone, promoted_id=promoted, at=at):
                self._cancelled(gone, at)
                if promoted is None:
                    self.seats_left += 1
                else:
                    self.waiting_list.remove(promoted)
                    self.enrollments[promoted].status = EnrollmentStatus.CONFIRMED
                    self.enrollments[promoted].promoted_at = at
            case LeaveWaitingList(enrollment_id=gone, at=at):
                self._cancelled(gone, at)
                self.waiting_list.remove(gone)
            case CancelSession(cancelled_ids=gone, at=at):
                self.status = SessionStatus.CANCELLED
                for enrollment_id in gone:
                    self._cancelled(enrollment_id, at)
                self.waiting_list.clear()
                self.seats_left += step.freed_seats
            case RecordAttendance(enrollment_id=present, attended=attended, completed=completed):
                self.enrollments[present].attended = attended
                self.enrollments[present].completed = completed

    def _cancelled(self, enrollment_id: str, at: datetime) -> None:
        self.active_emails.discard(self.enrollments[enrollment_id].email_key)
        self.enrollments[enrollment_id].status = EnrollmentStatus.CANCELLED
        self.enrollments[enrollment_id].cancelled_at = at

    def _session_event(self, event_type, **details):
        return event_type(
            session_id=self.id, training_id=self.training_id,
            organization_id=self.organization_id, training_title=self.training_title,
            starts_at=self.starts_at, ends_at=self.ends_at, city=self.location.city,
            address=self.location.address, online_url=self.location.online_url, **details)

    def _about(self, event_type, enrollment: Enrollment, **details):
        return self._session_event(
            event_type, enrollment_id=enrollment.id, participant_name=enrollment.name,
            email=enrollment.email, language=enrollment.language, **details)
