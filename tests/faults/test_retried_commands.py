"""A write committed by a process killed before it replied: the broker redelivers the request
(nameko acks only after replying) and the client may retry with its Idempotency-Key. Either
way the caller gets the answer of its own write (never a 409 for it), one event is published
and nothing is applied twice."""

import signal
import uuid

import eventlet
import pytest
import requests

from tests.support.broker import EventSpy
from tests.support.organizations import (
    application,
    apply,
    outbox_empty,
    published_about,
    stored_organization,
)
from tests.support.platform import OPERATOR_TOKEN
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e
INJECTOR = "tests/faults/partnerships_dying_before_reply.py"


@pytest.fixture
def dying_after(platform, tmp_path):
    """Starts the platform with a partnerships process that dies once, right after it saved
    an event of the given type; returns how to restart it as its supervisor would."""
    def start(event_type: str, rpc_timeout_seconds: float):
        platform.env["RPC_TIMEOUT_SECONDS"] = str(rpc_timeout_seconds)
        crash = {"CRASH_MARKER": str(tmp_path / "crashed"), "CRASH_AFTER_SAVING": event_type}
        platform.start_all(targets={"partnerships": INJECTOR}, extra_env={"partnerships": crash})

        def restart_after_the_crash():
            assert platform.processes["partnerships"].wait(timeout=30) == -signal.SIGKILL
            platform.processes.pop("partnerships")
            platform.start("partnerships", target=INJECTOR, extra_env=crash)
        return restart_after_the_crash
    return start


@pytest.fixture
def spy(platform):
    """What the platform publishes about organizations, from a queue of the test's own."""
    return EventSpy(platform.env["AMQP_URI"], "organization.*")


def tally(platform, spy: EventSpy, event_type: str, organization_id: str, revision: int) -> tuple:
    """(lost, duplicated) once every event the write left in the outbox is published."""
    wait_until(lambda: outbox_empty(platform, organization_id), timeout=30)
    stored = stored_organization(platform, organization_id)
    events = published_about(spy, event_type, organization_id)
    lost = int(not events or stored["revision"] < revision)
    duplicated = max(0, len(events) - 1) + max(0, stored["revision"] - revision)
    print(f"{event_type}: lost={lost} duplicated={duplicated} (events published: {len(events)})")
    return lost, duplicated


def suspend(platform, organization_id: str, key: str | None = None, timeout: float = 15):
    headers = {"Authorization": f"Bearer {OPERATOR_TOKEN}", **({"Idempotency-Key": key} if key else {})}
    return requests.post(f"{platform.url}/v1/organizations/{organization_id}/suspend",
                         json={"reason": "no activity this year"}, headers=headers, timeout=timeout)


def test_a_suspension_committed_before_a_crash_is_answered_200_to_the_retry_with_its_key(
    platform, dying_after, spy
):
    restart = dying_after("organization.suspended", rpc_timeout_seconds=3)
    organization, key = apply(platform), uuid.uuid4().hex

    unanswered = suspend(platform, organization["id"], key)
    restart()
    platform.wait_healthy()
    retried = suspend(platform, organization["id"], key)
    replayed = suspend(platform, organization["id"], key)

    assert unanswered.status_code in (503, 504)  # it died before replying: no answer in time
    assert retried.status_code == 200, retried.text
    assert retried.json()["status"] == "suspended"
    as_stored = platform.http("GET", f"/v1/organizations/{organization['id']}", OPERATOR_TOKEN)
    assert retried.json() == as_stored.json()  # the first write's answer, not a second decision
    assert (replayed.status_code, replayed.content) == (200, retried.content)
    assert tally(platform, spy, "organization.suspended", organization["id"], revision=2) == (0, 0)


def test_the_redelivered_suspension_alone_answers_the_waiting_gateway_200_not_409(
    platform, dying_after, spy
):
    restart = dying_after("organization.suspended", rpc_timeout_seconds=60)
    organization = apply(platform)

    waiting = eventlet.spawn(suspend, platform, organization["id"], None, 90)  # no key, no retry
    restart()
    answer = waiting.wait()

    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "suspended"
    assert tally(platform, spy, "organization.suspended", organization["id"], revision=2) == (0, 0)


def test_an_application_committed_before_a_crash_is_answered_201_to_the_retry_with_its_key(
    platform, dying_after, spy
):
    restart = dying_after("organization.registered", rpc_timeout_seconds=3)
    body, key = application(), uuid.uuid4().hex

    def send():
        return platform.http("POST", "/v1/organizations", json=body, headers={"Idempotency-Key": key})

    unanswered = send()
    restart()
    platform.wait_healthy()
    retried = send()

    assert unanswered.status_code in (503, 504)
    assert retried.status_code == 201, retried.text
    [stored] = platform.database("partnerships").organizations.find({"name": body["name"]})
    assert retried.json()["id"] == stored["_id"]
    assert tally(platform, spy, "organization.registered", stored["_id"], revision=1) == (0, 0)
