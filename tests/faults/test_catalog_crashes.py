"""A catalog process killed between steps leaks no seat: two catalog processes share the
enrollments of one small session while participants enroll and cancel at once; one dies
(SIGKILL) right after a step it wrote, before publishing its events or replying, the other is
SIGKILLed from outside mid-load while it holds requests, and each is started again as a
supervisor would (tests/support/crash_storm.py). Whatever a killed process had in hand is
redelivered to the other (nameko acks a request only after replying) or retried by its client
with its Idempotency-Key. Then the session's books must balance: the seat rules hold, nothing
answered is lost, nothing is applied twice, and the events say what the state says."""

import pytest

from tests.support.broker import EventSpy
from tests.support.catalog import catalog_knows, participant, published_training, session_draft
from tests.support.crash_storm import CrashPlan, TwoProcesses, settled, storm
from tests.support.organizations import partner
from tests.support.platform import Platform
from tests.support.retrying_client import until_answered
from tests.support.seat_audit import SESSION_ENROLLMENTS, Answered, audit

pytestmark = pytest.mark.e2e
CAPACITY, PARTICIPANTS, AT_ONCE = 8, 120, 24
CANCELLING_EVERY = 3  # every third participant answered 201 cancels at once, racing the others
# catalog dies after its 25th step of its own (about a third into the load); catalog_2 is
# killed from outside once 70 enrollments were answered
PLAN = CrashPlan("catalog", "sessions", dies_after_steps=25, killed_after=70)
PACE_SECONDS = 0.08  # participant n starts n × this after the storm: the load outlasts a restart


@pytest.fixture
def two_catalogs(platform, tmp_path):
    """The platform with two catalog processes: `catalog` dies once after its chosen step
    (its restart behaves), `catalog_2` as deployed."""
    processes = TwoProcesses(platform, PLAN, tmp_path)
    processes.start()
    return processes


def enroll_and_maybe_cancel(platform: Platform, session_id: str, number: int,
                            answered: Answered) -> None:
    person = participant(f"Participante {number}")
    enrolled = until_answered(platform, "POST", f"/v1/sessions/{session_id}/enrollments",
                              json=person)
    answered.retried += enrolled.attempts > 1
    if enrolled.status != 201:
        (answered.refused_own_write if enrolled.code == "ALREADY_ENROLLED"
         else answered.failed).append(f"enrollment of {person['email']}: {enrolled.status}")
        return
    receipt = answered.joined[person["email"]] = enrolled.body
    if number % CANCELLING_EVERY:
        return
    cancelled = until_answered(platform, "DELETE", f"/v1/enrollments/{receipt['id']}",
                               headers={"X-Cancel-Token": receipt["cancel_token"]})
    answered.retried += cancelled.attempts > 1
    if cancelled.status == 200:
        answered.cancelled.add(receipt["id"])
    else:
        (answered.refused_own_write if cancelled.code == "ENROLLMENT_NOT_ACTIVE"
         else answered.failed).append(f"cancellation of {receipt['id']}: {cancelled.status}")


def test_catalog_processes_killed_mid_load_leak_no_seat_and_lose_or_double_nothing(two_catalogs):
    platform = two_catalogs.platform
    organization_id, key = partner(platform)
    catalog_knows(platform, organization_id)
    _, [session] = published_training(platform, key, sessions=(session_draft(CAPACITY),))
    spy = EventSpy(platform.env["AMQP_URI"], "enrollment.*")

    load = storm(two_catalogs, lambda number, answered: enroll_and_maybe_cancel(
        platform, session["id"], number, answered), PARTICIPANTS, AT_ONCE, PACE_SECONDS)

    answered = load.answered
    stored, events = settled(platform, "catalog", "sessions", session["id"]), spy.events()
    found = audit(stored, answered, events, SESSION_ENROLLMENTS)
    redelivered = two_catalogs.broker_redeliveries()
    swept = sum(e["revision"] is None for e in events)  # the stored copy: a writer died, or lagged
    print(f"\n[catalog crashes] killed at {load.moments} s of a {load.seconds:.1f} s load: "
          f"{len(answered.joined)} enrolled, {len(answered.cancelled)} cancelled, "
          f"{sum(e['status'] == 'confirmed' for e in stored['enrollments'].values())} confirmed "
          f"of {CAPACITY}, {len(stored['waitlist'])} waiting; at least {redelivered} requests "
          f"redelivered, {answered.retried} retried by their clients, {swept} events published "
          f"by a sweeper; lost {len(found.lost)}, applied twice {len(found.twice)}")
    assert (found.lost, found.twice) == ([], [])
    assert found.seat_rules == []
    assert found.contradicted == []
    assert None not in load.moments and redelivered > 0  # both died mid-load, with requests in hand
