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
from services.catalog.domain.steps import RecordAttendance, Step
from shared.rules.seating import CloseAll, Join, Leave, Place, Refusal, Seating

WAITING_LIST_LIMIT = 1000  # a session's enrollments live in its document: keep it bounded
# Where each status stands in the seating (a cancelled enrollment is out).
PLACES = {EnrollmentStatus.CONFIRMED: Place.SEATED, EnrollmentStatus.WAITLISTED: Place.QUEUED}
STATUSES = {place: status for status, place in PLACES.items()}
JOINED = {Place.SEATED: EnrollmentConfirmed, Place.QUEUED: EnrollmentWaitlisted}


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
    # none but the newcomer's own). The seating (seats left, the queue, the emails in) is
    # kept whole; a session built without one counts it from its enrollments.
    enrollments: dict[str, Enrollment] = field(default_factory=dict)
    seating: Seating | None = None

    def __post_init__(self) -> None:
        if self.seating is None:
            confirmed = [e for e in self.enrollments.values()
                         if e.status == EnrollmentStatus.CONFIRMED]
            self.seating = Seating(
                self.capacity, self.capacity - len(confirmed),
                [e.id for e in self.enrollments.values()
                 if e.status == EnrollmentStatus.WAITLISTED],
                {e.email_key for e in self.enrollments.values() if e.is_active},
                WAITING_LIST_LIMIT)

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

    @property
    def seats(self) -> Seating:
        assert self.seating is not None, "set by __post_init__"
        return self.seating

    @property
    def seats_left(self) -> int:
        return self.seats.left

    @property
    def waiting_list(self) -> list[str]:
        return self.seats.queue

    def is_open(self, now: datetime) -> bool:
        return (self.status == SessionStatus.SCHEDULED and now < self.closes_at
                and now < self.starts_at)

    def position_of(self, enrollment_id: str) -> int | None:
        """1 for the first waiting, None for anyone not waiting."""
        return self.seats.position_of(enrollment_id)

    def require_owner(self, organization_id: str | None) -> None:
        if organization_id != self.organization_id:
            raise NotTheOwner("only the organization that offers this session may do this")

    def enrollment(self, enrollment_id: str) -> Enrollment:
        try:
            return self.enrollments[enrollment_id]
        except KeyError:
            raise UnknownEnrollment(f"no enrollment {enrollment_id}") from None

    # What it decides (a step asked for again once taken is None: the same command
    # delivered twice, or a client's retry, finds its effect in the session and answers
    # from it, however many other writes came between) --------------------------------

    def enroll(self, newcomer: Enrollment, now: datetime) -> Join | None:
        if newcomer.id in self.enrollments:  # its id derives from its request: this request
            return None
        if not self.is_open(now):
            raise EnrollmentClosed(f"session {self.id} takes no more enrollments")
        place = self.seats.admission(newcomer.email_key)
        if place is Refusal.DUPLICATE:
            raise AlreadyEnrolled("this email is already enrolled in this session",
                                  {"email": ["already enrolled in this session"]})
        if not isinstance(place, Place):
            raise WaitingListFull(f"the waiting list of session {self.id} is full")
        joining = replace(newcomer, status=STATUSES[place])
        return Join(joining.id, joining.email_key, place, joining,
                    (self._about(JOINED[place], joining),))

    def cancel_enrollment(self, enrollment_id: str, by: CancelledBy,
                          now: datetime) -> Leave | None:
        leaving = self.enrollment(enrollment_id)
        if leaving.status == EnrollmentStatus.CANCELLED:
            return None
        was = PLACES[leaving.status]
        promoted = self.seats.successor(was)
        events = [self._about(EnrollmentCancelled, leaving, cancelled_by=by)]
        if promoted is not None:
            events.append(self._about(EnrollmentPromoted, self.enrollments[promoted]))
        return Leave(enrollment_id, leaving.email_key, was, str(EnrollmentStatus.CANCELLED),
                     promoted, now, tuple(events))

    def cancel(self, now: datetime) -> CloseAll | None:
        if self.status == SessionStatus.CANCELLED:
            return None
        active = [e for e in self.enrollments.values() if e.is_active]
        events = [self._session_event(SessionCancelled)] + [
            self._about(EnrollmentCancelled, e, cancelled_by=CancelledBy.SESSION_CANCELLED)
            for e in active]
        freed = sum(e.status == EnrollmentStatus.CONFIRMED for e in active)
        return CloseAll(tuple(e.id for e in active), freed, str(EnrollmentStatus.CANCELLED),
                        now, tuple(events))

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
            case Join(holder=joining):
                self.enrollments[joining.id] = joining
            case Leave(holder_id=gone, promoted_id=promoted, at=at):
                self._cancelled(gone, at)
                if promoted is not None:
                    self.enrollments[promoted].status = EnrollmentStatus.CONFIRMED
                    self.enrollments[promoted].promoted_at = at
            case CloseAll(holder_ids=gone, at=at):
                self.status = SessionStatus.CANCELLED
                for enrollment_id in gone:
                    self._cancelled(enrollment_id, at)
            case RecordAttendance(enrollment_id=present, attended=attended, completed=completed):
                self.enrollments[present].attended = attended
                self.enrollments[present].completed = completed
        if isinstance(step, Join | Leave | CloseAll):
            self.seats.apply(step)

    def _cancelled(self, enrollment_id: str, at: datetime) -> None:
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
