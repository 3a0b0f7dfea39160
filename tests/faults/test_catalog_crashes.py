"""A catalog process killed between steps leaks no seat: two catalog processes share the
enrollments of one small session while participants enroll and cancel at once; one dies
(SIGKILL) right after a step it wrote, before publishing its events or replying, the other is
SIGKILLed from outside mid-load, and each is started again as a supervisor would. Whatever a
killed process had in hand is redelivered to the other (nameko acks a request only after
replying) or retried by its client with its Idempotency-Key. Then the session's books must
balance: the seat rules hold, nothing answered is lost, nothing is applied twice, and the
events say what the state says."""

import signal
import time

import eventlet
import pytest

from shared.messaging.broker import open_connection
from tests.support.broker import EventSpy
from tests.support.catalog import catalog_knows, participant, published_training, session_draft
from tests.support.management import queue_info
from tests.support.organizations import partner
from tests.support.platform import SERVICES, Platform
from tests.support.retrying_client import until_answered
from tests.support.seat_audit import Answered, audit
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e
CAPACITY, PARTICIPANTS, AT_ONCE = 8, 120, 24
CANCELLING_EVERY = 3  # every third participant answered 201 cancels at once, racing the others
INJECTOR = "tests/faults/catalog_dying_after_a_step.py"
DIES_AFTER_STEPS = "25"  # of its own: about a third into the load
KILLED_AFTER = 70  # enrollments answered, when catalog_2 is killed from outside
PACE_SECONDS = 0.08  # participant n starts n × this after the storm: the load outlasts a restart
SETTLING_SECONDS = 15  # the sweepers run every second (tests/support/platform.py)


def rpc_consumers(platform: Platform) -> int:
    """How many catalog processes take RPC requests now (the broker's own count)."""
    connection = open_connection(platform.env["AMQP_URI"])
    try:
        return connection.channel().queue_declare("rpc-catalog", passive=True).consumer_count
    finally:
        connection.collect()


def redeliveries(platform: Platform) -> int:
    """How many RPC requests the broker delivered again (a killed process held them
    unacknowledged); its statistics lag by a few seconds."""
    def count() -> int:
        stats = queue_info(platform.env["AMQP_URI"], "rpc-catalog").get("message_stats", {})
        return stats.get("redeliver", 0)
    try:
        return wait_until(count, timeout=10, interval=0.5)
    except AssertionError:
        return 0


@pytest.fixture
def two_catalogs(platform, tmp_path):
    """The platform with two catalog processes: `catalog` dies once after its
    DIES_AFTER_STEPS-th step (its restart behaves), `catalog_2` as deployed."""
    platform.env["RPC_TIMEOUT_SECONDS"] = "5"
    crash = {"CRASH_MARKER": str(tmp_path / "crashed"), "CRASH_AFTER_STEPS": DIES_AFTER_STEPS}
    platform.start("catalog_2", SERVICES["catalog"])  # starts beside the others
    platform.start_all(targets={"catalog": INJECTOR}, extra_env={"catalog": crash})
    wait_until(lambda: rpc_consumers(platform) == 2, timeout=30)
    return platform, crash


def enroll_and_maybe_cancel(platform: Platform, session_id: str, number: int,
                            answered: Answered, started: float) -> None:
    eventlet.sleep(max(0.0, started + number * PACE_SECONDS - time.monotonic()))
    person = participant(f"Participante {number}")
    enrolled = until_answered(platform, "POST", f"/v1/sessions/{session_id}/enrollments",
                              json=person)
    answered.retried += enrolled.attempts > 1
    if enrolled.status != 201:
        (answered.refused_own_write if enrolled.code == "ALREADY_ENROLLED"
         else answered.failed).append(f"enrollment of {person['email']}: {enrolled.status}")
        return
    receipt = answered.enrolled[person["email"]] = enrolled.body
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


def restarted(platform: Platform, name: str, **how) -> None:
    platform.start(name, **how)
    wait_until(lambda: rpc_consumers(platform) == 2, timeout=30)


def kills_mid_load(platform: Platform, crash: dict, answered: Answered,
                   load_over: eventlet.Event) -> list[float | None]:
    """Restarts `catalog` once it died after its chosen step, then SIGKILLs `catalog_2`
    once KILLED_AFTER enrollments were answered, and starts it again; the moments (s) of
    the two deaths (None: the load was over first, and the audit says why)."""
    dying, started = platform.processes["catalog"], time.monotonic()
    wait_until(lambda: dying.poll() is not None or load_over.ready(), timeout=60)
    if dying.poll() is None:
        return [None, None]
    moments: list[float | None] = [round(time.monotonic() - started, 2)]
    assert dying.returncode == -signal.SIGKILL, platform.log("catalog")[-2000:]
    platform.processes.pop("catalog")
    restarted(platform, "catalog", target=INJECTOR, extra_env=crash)
    wait_until(lambda: len(answered.enrolled) >= KILLED_AFTER or load_over.ready(), timeout=60)
    if not load_over.ready():
        platform.kill("catalog_2")  # SIGKILL: no stop, no goodbye to the broker
        moments.append(round(time.monotonic() - started, 2))
        restarted(platform, "catalog_2", target=SERVICES["catalog"])
    return moments + [None] * (2 - len(moments))


def storm(platform: Platform, crash: dict, session_id: str) -> tuple[Answered, list, float]:
    """Every participant enrolls (and every third cancels) at once, AT_ONCE at a time, while
    each catalog process dies in turn: what they were answered, the moments of the deaths
    and how long it all took."""
    answered, started, load_over = Answered(), time.monotonic(), eventlet.Event()
    killer = eventlet.spawn(kills_mid_load, platform, crash, answered, load_over)
    participants = eventlet.GreenPool(AT_ONCE).imap(  # a client's own failure fails the test
        lambda number: enroll_and_maybe_cancel(platform, session_id, number, answered, started),
        range(PARTICIPANTS))
    list(participants)
    load_over.send(True)
    return answered, killer.wait(), time.monotonic() - started


def settled(platform: Platform, session_id: str) -> dict:
    """The session as stored once every event its writes left in its outbox is published,
    or as it stands after SETTLING_SECONDS (an event still unpublished then counts as lost)."""
    sessions = platform.database("catalog").sessions
    try:
        wait_until(lambda: sessions.find_one({"_id": session_id})["outbox"] == [],
                   timeout=SETTLING_SECONDS)
    except AssertionError:
        pass
    return sessions.find_one({"_id": session_id})


def test_catalog_processes_killed_mid_load_leak_no_seat_and_lose_or_double_nothing(two_catalogs):
    platform, crash = two_catalogs
    organization_id, key = partner(platform)
    catalog_knows(platform, organization_id)
    _, [session] = published_training(platform, key, sessions=(session_draft(CAPACITY),))
    spy = EventSpy(platform.env["AMQP_URI"], "enrollment.*")

    answered, kills, seconds = storm(platform, crash, session["id"])

    stored, events = settled(platform, session["id"]), spy.events()
    found, redelivered = audit(stored, answered, events), redeliveries(platform)
    swept = sum(e["revision"] is None for e in events)  # the stored copy: a writer died, or lagged
    print(f"\n[catalog crashes] killed at {kills} s of a {seconds:.1f} s load: "
          f"{len(answered.enrolled)} enrolled, {len(answered.cancelled)} cancelled, "
          f"{sum(e['status'] == 'confirmed' for e in stored['enrollments'].values())} confirmed "
          f"of {CAPACITY}, {len(stored['waitlist'])} waiting; at least {redelivered} requests "
          f"redelivered, {answered.retried} retried by their clients, {swept} events published "
          f"by a sweeper; lost {len(found.lost)}, applied twice {len(found.twice)}")
    assert (found.lost, found.twice) == ([], [])
    assert found.seat_rules == []
    assert found.contradicted == []
    assert None not in kills and redelivered > 0  # both died mid-load, with requests in hand
