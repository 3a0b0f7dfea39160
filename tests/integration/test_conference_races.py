"""Conference registrations under concurrency, over RPC against the real RabbitMQ and
Mongo-wire server: the last seats go to exactly as many callers, approvals racing with
cancellations never seat more than the capacity, and a registration delivered twice
registers once."""

from collections import Counter

import pytest

from services.conferences.contract.errors import ConferenceFull
from services.conferences.models import ConferenceDocument
from services.conferences.service import ConferencesService
from shared.storage import requests
from tests.support.concurrency import at_once
from tests.support.conferences import attendee
from tests.support.conferences_over_rpc import answers, organization, published, statuses, stored
from tests.support.rpc_calls import rpc_call
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.spy_on("registration.*")]


@pytest.fixture
def conferences(proxy_to_running):
    return proxy_to_running(ConferencesService)


def test_sixty_concurrent_registrations_on_the_last_ten_seats_seat_exactly_ten(
        conferences, config, spy):
    conference = published(conferences, organization(config), capacity=15)
    early = [conferences.register(conference["id"], attendee()) for _ in range(5)]
    people = [attendee() for _ in range(60)]

    receipts = answers(config, *[("register", conference["id"], p) for p in people])

    by_status = Counter(r["status"] for r in receipts)
    assert by_status == {"confirmed": 10, "waitlisted": 50}
    waiting = sorted((r for r in receipts if r["status"] == "waitlisted"),
                     key=lambda r: r["waitlist_position"])
    assert [r["waitlist_position"] for r in waiting] == list(range(1, 51))
    raw = stored(conference["id"])
    assert (raw["seats_left"], raw["waitlist"]) == (0, [r["id"] for r in waiting])
    ids = [r["id"] for r in early + receipts]
    assert sorted(raw["registrations"]) == sorted(set(ids)) and len(set(ids)) == 65
    assert Counter(statuses(raw)) == {"confirmed": 15, "waitlisted": 50}
    assert sorted(raw["active_emails"]) == sorted({r["email_key"] for r in
                                                   raw["registrations"].values()})
    events = wait_until(lambda: len(spy.events()) >= 65 and spy.events())
    assert sorted(e["payload"]["registration_id"] for e in events) == sorted(ids)


def test_approvals_racing_with_cancellations_never_seat_more_than_the_capacity(
        conferences, config):
    owner = organization(config)
    conference = published(conferences, owner, capacity=5, requires_approval=True)
    held = [conferences.register(conference["id"], attendee()) for _ in range(15)]
    seated, waiting = held[:5], held[5:]  # full, ten more awaiting approval
    for registration in seated:
        conferences.approve_registration(registration["id"], owner)

    approve = [("approve_registration", r["id"], owner) for r in waiting]
    cancel = [("cancel_registration", r["id"], r["cancel_token"]) for r in seated]
    outcomes = answers(config, *approve[:5], *cancel, *approve[5:])  # a cancellation, 1 in 3

    approvals, cancellations = outcomes[:5] + outcomes[10:], outcomes[5:10]
    assert [c["status"] for c in cancellations] == ["cancelled"] * 5
    refused = [r for r, a in zip(waiting, approvals, strict=True) if isinstance(a, ConferenceFull)]
    confirmed = [a["id"] for a in approvals if isinstance(a, dict)]
    assert len(refused) + len(confirmed) == 10, approvals  # nothing else was answered
    assert {a["status"] for a in approvals if isinstance(a, dict)} <= {"confirmed"}
    assert len(confirmed) <= 5
    raw = stored(conference["id"])
    in_store = raw["registrations"]
    assert sorted(k for k, r in in_store.items() if r["status"] == "confirmed") == sorted(confirmed)
    assert {in_store[r["id"]]["status"] for r in refused} <= {"pending_approval"}
    assert raw["seats_left"] == 5 - len(confirmed)
    late = answers(config, *[("approve_registration", r["id"], owner) for r in refused])
    assert sum(isinstance(a, dict) for a in late) == 5 - len(confirmed)  # the seats left, no more
    assert len(raw["active_emails"]) == 10


def test_seats_taken_never_exceed_the_capacity_while_approvals_and_cancellations_race(
        conferences, config):
    owner = organization(config)
    conference = published(conferences, owner, capacity=3, requires_approval=True)
    held = [conferences.register(conference["id"], attendee()) for _ in range(12)]
    seen: list[tuple[int, int]] = []
    done: list[str] = []

    def watch() -> None:
        while len(done) < len(held):
            raw = ConferenceDocument._get_collection().find_one({"_id": conference["id"]})
            seen.append((statuses(raw).count("confirmed"), raw["seats_left"]))

    def approve_then_cancel(registration: dict) -> None:
        try:
            rpc_call(config, "conferences", "approve_registration", registration["id"], owner)
            rpc_call(config, "conferences", "cancel_registration", registration["id"], None, owner)
        except ConferenceFull:
            pass
        done.append(registration["id"])

    at_once(watch, *[lambda r=r: approve_then_cancel(r) for r in held])

    assert len(seen) > 10 and max(taken for taken, _ in seen) <= 3
    assert {taken + left for taken, left in seen} == {3}  # taken and left add up, always
    raw = stored(conference["id"])
    assert raw["seats_left"] == 3 and "confirmed" not in statuses(raw)


def test_a_registration_delivered_twice_answers_the_same_id_and_token_and_registers_once(
        conferences, config, spy):
    owner = organization(config)
    conference = published(conferences, owner, capacity=3)
    person, request_id = attendee(), requests.new_id()

    def deliver():
        return rpc_call(config, "conferences", "register", conference["id"], person,
                        request_id=request_id)

    first, *copies = [deliver(), *at_once(deliver, deliver, deliver), deliver()]

    assert all(copy == first for copy in copies) and first["status"] == "confirmed"
    raw = stored(conference["id"])
    assert (list(raw["registrations"]), raw["seats_left"]) == ([first["id"]], 2)
    assert [e["payload"]["registration_id"] for e in spy.of_type("registration.confirmed")] == [
        first["id"]]
    assert conferences.cancel_registration(first["id"], first["cancel_token"])["status"] == "cancelled"
