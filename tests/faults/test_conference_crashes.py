"""A conferences process killed between steps leaks no seat: two conferences processes share
the registrations to one small published conference (no approval) while participants register
through the gateway and every third cancels with its token; one dies (SIGKILL) right after a
registration step it wrote, before publishing its events or replying, the other is SIGKILLed
from outside mid-load while it holds requests, and each is started again as a supervisor would
(tests/support/crash_storm.py). What a killed process held is delivered again to the other,
or retried by its client with its Idempotency-Key. Then the conference's books must balance
(tests/support/seat_audit.py): the seat rules hold and the waiting positions it answers run
1..N, nothing answered is lost, nothing is applied twice, the events say what the state says,
and the broker confirms that each process died holding requests."""

import pytest

from tests.support.broker import EventSpy
from tests.support.catalog import call
from tests.support.conferences import attendee, conference_draft
from tests.support.crash_storm import CrashPlan, TwoProcesses, settled, storm
from tests.support.organizations import partner
from tests.support.platform import Platform
from tests.support.retrying_client import until_answered
from tests.support.seat_audit import CONFERENCE_REGISTRATIONS, Answered, audit, check_positions
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e
CAPACITY, PARTICIPANTS, AT_ONCE = 8, 120, 24
CANCELLING_EVERY = 3  # every third participant answered 201 cancels at once, racing the others
# conferences dies after its 25th step of its own (about a third into the load);
# conferences_2 is killed from outside once 70 registrations were answered
PLAN = CrashPlan("conferences", "conferences", dies_after_steps=25, killed_after=70)
PACE_SECONDS = 0.08  # participant n starts n × this after the storm: the load outlasts a restart


@pytest.fixture
def two_conference_processes(platform, tmp_path):
    """The platform with two conferences processes: `conferences` dies once after its chosen
    step (its restart behaves), `conferences_2` as deployed."""
    processes = TwoProcesses(platform, PLAN, tmp_path)
    processes.start()
    return processes


def published_conference(platform: Platform) -> tuple[dict, str]:
    """A small published conference without approval, and its organizer's key."""
    organization_id, key = partner(platform)
    replicas = platform.database("conferences").organizations
    wait_until(lambda: (replicas.find_one({"_id": organization_id}) or {}).get("status")
               == "verified")
    conference = call(platform, "POST", "/v1/conferences", key, 201,
                      json=conference_draft(capacity=CAPACITY))
    return call(platform, "POST", f"/v1/conferences/{conference['id']}/publish", key), key


def register_and_maybe_cancel(platform: Platform, conference_id: str, number: int,
                              answered: Answered) -> None:
    person = attendee(f"Participante {number}")
    registered = until_answered(platform, "POST", f"/v1/conferences/{conference_id}/registrations",
                                json=person)
    answered.retried += registered.attempts > 1
    if registered.status != 201:
        (answered.refused_own_write if registered.code == "ALREADY_REGISTERED"
         else answered.failed).append(f"registration of {person['email']}: {registered.status}")
        return
    receipt = answered.joined[person["email"]] = registered.body
    if number % CANCELLING_EVERY:
        return
    cancelled = until_answered(platform, "DELETE", f"/v1/registrations/{receipt['id']}",
                               headers={"X-Cancel-Token": receipt["cancel_token"]})
    answered.retried += cancelled.attempts > 1
    if cancelled.status == 200:
        answered.cancelled.add(receipt["id"])
    else:  # a cancellation asked again is answered as done: any 409 refuses its own write
        (answered.refused_own_write if cancelled.status == 409
         else answered.failed).append(f"cancellation of {receipt['id']}: {cancelled.status}")


def waiting_positions(platform: Platform, key: str, conference_id: str) -> dict[str, int]:
    """Registration id -> waiting position, as the organizers' listing answers them."""
    positions: dict[str, int] = {}
    cursor = None
    while True:
        page = call(platform, "GET", f"/v1/conferences/{conference_id}/registrations", key,
                    params={"limit": 100, **({"cursor": cursor} if cursor else {})})
        positions |= {r["id"]: r["waitlist_position"] for r in page["items"]
                      if r["waitlist_position"] is not None}
        if (cursor := page["next_cursor"]) is None:
            return positions


def test_conferences_processes_killed_mid_load_leak_no_seat_and_lose_or_double_nothing(
        two_conference_processes):
    processes, platform = two_conference_processes, two_conference_processes.platform
    conference, key = published_conference(platform)
    spy = EventSpy(platform.env["AMQP_URI"], "registration.*")

    load = storm(processes, lambda number, answered: register_and_maybe_cancel(
        platform, conference["id"], number, answered), PARTICIPANTS, AT_ONCE, PACE_SECONDS)

    answered, deaths = load.answered, load.deaths
    stored = settled(platform, "conferences", "conferences", conference["id"])
    events = spy.events()
    found = audit(stored, answered, events, CONFERENCE_REGISTRATIONS)
    check_positions(waiting_positions(platform, key, conference["id"]), stored, found)
    redelivered = processes.redelivered_after(deaths)
    swept = sum(e["revision"] is None for e in events)  # the stored copy: a writer died, or lagged
    registrations = stored["registrations"].values()
    print(f"\n[conference crashes] killed at {load.moments} s of a {load.seconds:.1f} s load, "
          f"holding {[d and d.in_hand for d in deaths]} requests, {redelivered} redelivered to "
          f"the others: {len(answered.joined)} registered, {len(answered.cancelled)} cancelled, "
          f"{sum(r['status'] == 'confirmed' for r in registrations)} confirmed of {CAPACITY}, "
          f"{len(stored['waitlist'])} waiting; {answered.retried} retried by their clients, "
          f"{swept} events published by a sweeper; lost {len(found.lost)}, "
          f"applied twice {len(found.twice)}")
    assert (found.lost, found.twice) == ([], [])
    assert found.seat_rules == []
    assert found.contradicted == []
    assert None not in deaths and all(d.in_hand > 0 for d in deaths if d)  # both, mid-load
    assert len(redelivered) == 2 and 0 not in redelivered  # the broker gave what they held
