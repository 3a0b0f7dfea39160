"""A session's seats and waiting list, in plain Python: first come first served, positions
1..N without gaps, a freed seat goes to the first waiting in the same step."""

from datetime import UTC, datetime, timedelta

import pytest

from services.catalog.contract.errors import (
    AlreadyEnrolled,
    EnrollmentClosed,
    EnrollmentNotActive,
    SessionNotStarted,
)
from services.catalog.contract.events import EnrollmentCancelled, EnrollmentPromoted
from services.catalog.contract.trainings import CancelledBy, EnrollmentStatus, Language
from services.catalog.domain.enrollments import Enrollment
from services.catalog.domain.sessions import Location, Session
from shared.rules.seating import Join, Leave, Place

NOW = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)


def session(capacity: int = 2) -> Session:
    return Session(id="s1", training_id="t1", organization_id="o1",
                   training_title="Français langue étrangère", starts_at=NOW + timedelta(days=7),
                   ends_at=NOW + timedelta(days=7, hours=3), capacity=capacity,
                   location=Location(city="Bruxelles", address="Rue Haute 1"),
                   closes_at=NOW + timedelta(days=6))


def newcomer(name: str, email: str | None = None) -> Enrollment:
    return Enrollment(id=f"e-{name}", name=name, email=email or f"{name}@example.org",
                      language=Language.FR, token_hash="h", enrolled_at=NOW)


def enrolled(room: Session, *names: str) -> list:
    steps = []
    for name in names:
        steps.append(room.enroll(newcomer(name), NOW))
        room.apply(steps[-1])
    return steps


def test_seats_are_confirmed_in_order_then_newcomers_wait_in_line():
    room = session(capacity=2)
    steps = enrolled(room, "awa", "binta", "chantal", "dalila")
    assert [s.place for s in steps] == [Place.SEATED, Place.SEATED, Place.QUEUED, Place.QUEUED]
    assert room.seats_left == 0
    assert [room.position_of(i) for i in ("e-awa", "e-chantal", "e-dalila")] == [None, 1, 2]
    assert [e.event_type for e in steps[2].events] == ["enrollment.waitlisted"]
    assert (steps[0].events[0].email, steps[0].events[0].city) == ("awa@example.org", "Bruxelles")
    assert room.enrollments["e-chantal"].status is EnrollmentStatus.WAITLISTED


def test_the_same_email_twice_is_refused_whatever_its_case_but_may_come_back_after_cancelling():
    room = session()
    enrolled(room, "awa")
    with pytest.raises(AlreadyEnrolled):
        room.enroll(newcomer("awa2", email=" AWA@Example.org"), NOW)
    room.apply(room.cancel_enrollment("e-awa", CancelledBy.PARTICIPANT, NOW))
    again = room.enroll(newcomer("awa3", email="awa@example.org"), NOW)
    assert isinstance(again, Join) and again.place is Place.SEATED


def test_a_freed_seat_goes_to_the_first_waiting_in_the_same_step():
    room = session(capacity=1)
    enrolled(room, "awa", "binta", "chantal")
    step = room.cancel_enrollment("e-awa", CancelledBy.PARTICIPANT, NOW)
    assert isinstance(step, Leave) and step.promoted_id == "e-binta"
    assert [type(e) for e in step.events] == [EnrollmentCancelled, EnrollmentPromoted]
    room.apply(step)
    assert room.enrollments["e-binta"].status is EnrollmentStatus.CONFIRMED
    assert room.enrollments["e-binta"].promoted_at == NOW
    assert (room.seats_left, room.position_of("e-chantal")) == (0, 1)


def test_leaving_the_waiting_list_closes_the_gap():
    room = session(capacity=1)
    enrolled(room, "awa", "binta", "chantal", "dalila")
    step = room.cancel_enrollment("e-chantal", CancelledBy.ORGANIZATION, NOW)
    assert isinstance(step, Leave) and step.was is Place.QUEUED
    assert step.events[0].cancelled_by == "organization"
    room.apply(step)
    assert [room.position_of(i) for i in ("e-binta", "e-dalila")] == [1, 2]
    assert room.seats_left == 0


def test_a_seat_freed_with_nobody_waiting_is_left_free():
    room = session(capacity=2)
    enrolled(room, "awa")
    step = room.cancel_enrollment("e-awa", CancelledBy.PARTICIPANT, NOW)
    assert isinstance(step, Leave) and step.promoted_id is None
    room.apply(step)
    assert room.seats_left == 2
    assert room.cancel_enrollment("e-awa", CancelledBy.PARTICIPANT, NOW) is None  # taken


@pytest.mark.parametrize("when", [NOW + timedelta(days=6), NOW + timedelta(days=8)])
def test_a_closed_or_started_session_takes_no_enrollment(when):
    with pytest.raises(EnrollmentClosed):
        session().enroll(newcomer("awa"), when)


def test_cancelling_the_session_cancels_every_active_enrollment_each_with_its_event():
    room = session(capacity=1)
    enrolled(room, "awa", "binta")
    room.apply(room.cancel_enrollment("e-awa", CancelledBy.PARTICIPANT, NOW))  # binta promoted
    enrolled(room, "chantal")
    step = room.cancel(NOW)
    assert step is not None and set(step.holder_ids) == {"e-binta", "e-chantal"}
    assert step.freed_seats == 1  # binta's; chantal was waiting
    assert [e.event_type for e in step.events] == [
        "session.cancelled", "enrollment.cancelled", "enrollment.cancelled"]
    room.apply(step)
    assert room.waiting_list == [] and not room.is_open(NOW)
    assert (room.seats_left, room.seats.keys) == (1, set())
    with pytest.raises(EnrollmentClosed):
        room.enroll(newcomer("dalila"), NOW)
    assert room.cancel(NOW) is None  # cancelled already: no second step


def test_attendance_is_recorded_for_the_confirmed_once_the_session_started():
    room = session(capacity=1)
    enrolled(room, "awa", "binta")
    with pytest.raises(SessionNotStarted):
        room.record_attendance("e-awa", True, False, NOW)
    started = NOW + timedelta(days=7, minutes=5)
    with pytest.raises(EnrollmentNotActive):
        room.record_attendance("e-binta", True, False, started)  # still waiting
    step = room.record_attendance("e-awa", True, False, started)
    assert step is not None
    room.apply(step)
    assert (room.enrollments["e-awa"].attended, step.event.attended) == (True, True)
    assert room.record_attendance("e-awa", True, False, started) is None  # recorded already
