"""A conference's registrations, in plain Python: confirmed while seats are left, waitlisted
after, held for approval when it requires one; approvals take a seat, cancellations give it
to the first waiting; check-in once, from the first day; and `apply` keeping the seating in
step with the registrations (the conference's life, agenda and proposals:
test_conference_life.py)."""

import random
from datetime import timedelta

import pytest

from services.conferences.contract.errors import (
    AlreadyCheckedIn,
    AlreadyRegistered,
    CheckInNotOpen,
    ConferenceFull,
    ConferenceWaitingListFull,
    RegistrationClosed,
    RegistrationNotConfirmed,
    RegistrationNotPending,
    UnknownRegistration,
)
from services.conferences.contract.vocabulary import CancelledBy, ConferenceStatus
from services.conferences.contract.vocabulary import RegistrationStatus as S
from services.conferences.domain.conferences import Conference
from shared.rules.seating import Seating
from tests.support.conference_domain import (
    NOW,
    STARTS,
    conference,
    person,
    recounted,
    register,
    seating,
    status_of,
    taken,
)

BY = CancelledBy.PARTICIPANT


def test_newcomers_are_confirmed_while_seats_are_left_then_waitlisted_in_arrival_order():
    c = conference(capacity=2)
    assert register(c, "awa", "binta", "chantal", "dalila") == [S.CONFIRMED, S.CONFIRMED,
                                                                S.WAITLISTED, S.WAITLISTED]
    assert [c.seats.position_of(f"r-{n}") for n in ("binta", "chantal", "dalila")] == [None, 1, 2]
    [event] = taken(c, c.register(person("esther"), NOW)).events
    assert event.event_type == "registration.waitlisted"
    assert (event.participant_name, event.email, event.language, event.title, event.starts_at,
            event.ends_at, event.time_zone, event.city) == (
        "Esther", "esther@example.org", "nl", c.title, c.starts_at, c.ends_at,
        "Europe/Brussels", "Bruxelles")


def test_the_same_email_is_refused_without_case_or_accents_wherever_it_stands():
    c = conference(capacity=1)
    register(c, "awa", "aissatou")  # confirmed, waitlisted
    for email in ("AWA@example.org", " aïssatou@EXAMPLE.org"):
        with pytest.raises(AlreadyRegistered):
            c.register(person("again", email), NOW)


def test_a_registration_asked_for_again_is_no_step():
    c = conference()
    register(c, "awa")
    assert c.register(person("awa"), NOW) is None


@pytest.mark.parametrize("status", [ConferenceStatus.DRAFT, ConferenceStatus.CANCELLED,
                                    ConferenceStatus.FINISHED])
def test_registration_is_closed_unless_the_conference_is_published(status):
    with pytest.raises(RegistrationClosed):
        conference(status=status).register(person("awa"), NOW)


def test_registration_closes_at_its_closing_time():
    c = conference()
    closes = c.registration_closes_at
    assert c.register(person("awa"), closes - timedelta(seconds=1)) is not None
    with pytest.raises(RegistrationClosed):
        c.register(person("awa"), closes)


def test_the_waiting_list_is_bounded():
    c = conference(capacity=1, seating=Seating(1, 1, queue_limit=1))
    register(c, "awa", "binta")
    with pytest.raises(ConferenceWaitingListFull):
        c.register(person("chantal"), NOW)


def test_with_approval_a_newcomer_is_held_and_an_approval_takes_a_seat_while_one_is_left():
    c = conference(capacity=1, requires_approval=True)
    assert register(c, "awa", "binta") == [S.PENDING_APPROVAL, S.PENDING_APPROVAL]
    assert c.seats.left == 1
    approved = taken(c, c.approve("r-awa", NOW))
    assert [e.event_type for e in approved.events] == ["registration.approved"]
    assert (status_of(c, "awa"), c.registrations["r-awa"].approved_at, c.seats.left) == (
        S.CONFIRMED, NOW, 0)
    with pytest.raises(ConferenceFull):
        c.approve("r-binta", NOW)
    rejected = taken(c, c.reject("r-binta", NOW))
    assert [e.event_type for e in rejected.events] == ["registration.rejected"]
    assert (status_of(c, "binta"), c.seats.left, c.seats.keys) == (S.REJECTED, 0, {"awa@example.org"})


def test_a_repeated_approve_reject_or_cancel_is_no_step():
    c = conference(capacity=2, requires_approval=True)
    register(c, "awa", "binta", "chantal")
    taken(c, c.approve("r-awa", NOW))
    taken(c, c.reject("r-binta", NOW))
    taken(c, c.cancel_registration("r-chantal", BY, NOW))
    assert (c.approve("r-awa", NOW), c.reject("r-binta", NOW),
            c.cancel_registration("r-chantal", BY, NOW),
            c.cancel_registration("r-binta", BY, NOW)) == (None, None, None, None)
    with pytest.raises(RegistrationNotPending):  # a decision is not taken back
        c.reject("r-awa", NOW)
    with pytest.raises(RegistrationNotPending):
        c.approve("r-binta", NOW)
    with pytest.raises(UnknownRegistration):
        c.approve("r-nobody", NOW)


def test_a_freed_seat_goes_to_the_first_waiting_in_the_same_step():
    c = conference(capacity=1)
    register(c, "awa", "binta", "chantal")
    step = taken(c, c.cancel_registration("r-awa", CancelledBy.ORGANIZER, NOW))
    cancelled, promoted = step.events
    assert (cancelled.event_type, cancelled.cancelled_by, cancelled.email) == (
        "registration.cancelled", CancelledBy.ORGANIZER, "awa@example.org")
    assert (promoted.event_type, promoted.registration_id) == ("registration.promoted", "r-binta")
    assert (status_of(c, "awa"), status_of(c, "binta"), c.registrations["r-binta"].promoted_at) == (
        S.CANCELLED, S.CONFIRMED, NOW)
    assert (c.seats.left, c.seats.position_of("r-chantal")) == (0, 1)


def test_leaving_the_waiting_list_or_a_hold_promotes_nobody_and_frees_the_email():
    c = conference(capacity=1)
    register(c, "awa", "binta", "chantal")
    step = taken(c, c.cancel_registration("r-chantal", BY, NOW))
    assert (step.promoted_id, [e.event_type for e in step.events]) == (
        None, ["registration.cancelled"])
    assert (c.seats.queue, c.seats.left) == (["r-binta"], 0)
    held = conference(capacity=1, requires_approval=True)
    register(held, "awa")
    assert taken(held, held.cancel_registration("r-awa", BY, NOW)).promoted_id is None
    assert held.seats.left == 1 and held.register(person("again", "awa@example.org"), NOW)


def test_a_confirmed_attendee_checks_in_once():
    c = conference()
    register(c, "awa")
    on_the_day = STARTS + timedelta(hours=1)
    step = taken(c, c.check_in("r-awa", on_the_day))
    assert (step.event.event_type, step.event.checked_in_at, step.event.email) == (
        "attendee.checked_in", on_the_day, "awa@example.org")
    assert c.registrations["r-awa"].checked_in_at == on_the_day
    with pytest.raises(AlreadyCheckedIn):
        c.check_in("r-awa", on_the_day)


def test_only_a_confirmed_registration_checks_in():
    c = conference(capacity=1)
    register(c, "awa", "binta")
    with pytest.raises(RegistrationNotConfirmed):
        c.check_in("r-binta", STARTS)


def test_check_in_opens_at_midnight_of_the_first_day_in_the_conferences_time_zone():
    c = conference()  # starts at 08:00 in Brussels: its first day begins at 23:00 UTC before
    register(c, "awa")
    midnight_in_brussels = STARTS - timedelta(hours=8)
    with pytest.raises(CheckInNotOpen):
        c.check_in("r-awa", midnight_in_brussels - timedelta(minutes=1))
    assert c.check_in("r-awa", midnight_in_brussels).at == midnight_in_brussels
    c.status = ConferenceStatus.CANCELLED
    with pytest.raises(CheckInNotOpen):
        c.check_in("r-awa", STARTS)


@pytest.mark.parametrize("requires_approval", [False, True])
def test_apply_keeps_the_seating_as_the_registrations_say_through_any_steps(requires_approval):
    c = conference(capacity=3, requires_approval=requires_approval)
    moves = random.Random(10)
    for turn in range(300):
        step = _any_step(c, moves, f"p{turn}")
        if step is not None:
            c.apply(step)
        assert seating(c) == recounted(c), f"after {step}"
        assert 0 <= c.seats.left <= c.capacity


def _any_step(c: Conference, moves: random.Random, newcomer: str):
    """A registration, or a cancellation, approval or rejection of someone still in (a
    refusal is None)."""
    ids = [r.id for r in c.registrations.values() if r.is_in]
    try:
        match moves.choice(["register", "register", "cancel", "approve", "reject"]):
            case "register":
                return c.register(person(newcomer, f"{moves.randrange(12)}@example.org"), NOW)
            case "cancel" if ids:
                return c.cancel_registration(moves.choice(ids), BY, NOW)
            case "approve" if ids:
                return c.approve(moves.choice(ids), NOW)
            case "reject" if ids:
                return c.reject(moves.choice(ids), NOW)
    except (AlreadyRegistered, ConferenceFull, RegistrationNotPending):
        return None
    return None
