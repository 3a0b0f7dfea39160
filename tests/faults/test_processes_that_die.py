"""Nothing is lost when a process dies: the outbox and durable queues carry events across."""

import signal

import pytest

from tests.support.organizations import (
    apply,
    catalog_replica,
    outbox_empty,
    stored_organization,
    verified_organization,
)
from tests.support.platform import OPERATOR_TOKEN
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e


def test_an_event_written_but_not_published_before_a_crash_is_delivered_after_restart(platform):
    platform.env["RPC_TIMEOUT_SECONDS"] = "2"
    platform.start_all(targets={"partnerships": "tests/faults/crashing_partnerships.py"})
    organization = apply(platform)
    crashing = platform.processes["partnerships"]

    response = platform.http("POST", f"/v1/organizations/{organization['id']}/verify",
                             OPERATOR_TOKEN)

    # the relay publishes after the worker returns: the reply may or may not leave first
    assert response.status_code in (200, 504)  # 504: no reply within the RPC timeout
    assert crashing.wait(timeout=10) == -signal.SIGKILL
    platform.processes.pop("partnerships")
    stored = stored_organization(platform, organization["id"])
    assert stored["status"] == "verified"
    assert [e["type"] for e in stored["outbox"]] == ["organization.verified"]
    assert catalog_replica(platform, organization["id"]) == {}

    platform.start("partnerships")

    wait_until(lambda: catalog_replica(platform, organization["id"]).get("status") == "verified",
               timeout=30)
    wait_until(lambda: outbox_empty(platform, organization["id"]))


def test_events_for_a_consumer_that_is_down_wait_for_it(platform):
    platform.start_all()
    organization = verified_organization(platform)
    wait_until(lambda: catalog_replica(platform, organization["id"]).get("status") == "verified")

    platform.kill("catalog")
    health = platform.http("GET", "/health")
    assert health.status_code == 503
    assert health.json()["services"]["catalog"] == "down"
    suspended = platform.http("POST", f"/v1/organizations/{organization['id']}/suspend",
                              OPERATOR_TOKEN)
    assert suspended.status_code == 200

    platform.start("catalog")

    wait_until(lambda: catalog_replica(platform, organization["id"]).get("status") == "suspended",
               timeout=30)
    platform.wait_healthy()
