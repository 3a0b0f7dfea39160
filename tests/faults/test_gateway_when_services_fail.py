"""When something behind the gateway fails, clients get an answer they can act on, in bounded
time: 503 + Retry-After when nothing was done (broker or database unreachable, a service never
deployed), 504 when a service did not answer in time (it may still do the work). Never a 500."""

import time

import pytest
import requests

from tests.support.organizations import application, apply, partner
from tests.support.tcp_link import link_to
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e
RPC_TIMEOUT_SECONDS = 2


@pytest.fixture
def platform(platform):
    platform.env["RPC_TIMEOUT_SECONDS"] = str(RPC_TIMEOUT_SECONDS)
    return platform


def timed(platform, method, path, **kwargs):
    started = time.monotonic()
    response = platform.http(method, path, **kwargs)
    return response, time.monotonic() - started


def answers(platform, path: str) -> bool:
    try:
        return platform.http("GET", path).status_code == 200
    except requests.ConnectionError:
        return False


def stop_gateway(platform) -> None:
    if "gateway" in platform.processes:
        platform.kill("gateway")


def error_of(response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["code"]


def test_a_killed_partnerships_process_is_a_504_within_the_rpc_timeout(platform):
    platform.start_all()
    apply(platform)
    platform.kill("partnerships")
    late = application()

    written, written_in = timed(platform, "POST", "/v1/organizations", json=late)
    listed, listed_in = timed(platform, "GET", "/v1/organizations")
    health = platform.http("GET", "/health")

    for response, seconds in ((written, written_in), (listed, listed_in)):
        assert error_of(response) == (504, "SERVICE_TIMEOUT")
        assert RPC_TIMEOUT_SECONDS <= seconds < RPC_TIMEOUT_SECONDS + 3
    assert health.status_code == 503 and health.json()["services"]["partnerships"] == "down"

    # A 504 is not a "no": the request waited in the service's queue and runs when it returns.
    platform.start("partnerships")
    platform.wait_healthy()
    stored = wait_until(lambda: platform.database("partnerships").organizations.find_one(
        {"name": late["name"]}), timeout=30)
    assert stored["status"] == "pending"


def test_a_service_that_was_never_deployed_is_a_503_at_once(platform):
    platform.start("gateway")
    wait_until(lambda: answers(platform, "/health/live"), timeout=30)

    response, seconds = timed(platform, "POST", "/v1/organizations", json=application())

    assert error_of(response) == (503, "SERVICE_UNAVAILABLE")
    assert int(response.headers["Retry-After"]) >= 1 and seconds < RPC_TIMEOUT_SECONDS


def test_a_gateway_cut_off_from_the_broker_answers_503_then_recovers_by_itself(platform):
    broker = link_to(platform.env["AMQP_URI"])
    try:
        platform.start_all(extra_env={
            "gateway": {"AMQP_URI": broker.rerouted(platform.env["AMQP_URI"])}})
        broker.cut()

        response, seconds = timed(platform, "POST", "/v1/organizations", json=application())

        assert error_of(response) == (503, "SERVICE_UNAVAILABLE"), response.text
        assert int(response.headers["Retry-After"]) >= 1 and seconds < RPC_TIMEOUT_SECONDS
        assert platform.processes["gateway"].poll() is None
        broker.restore()
        wait_until(lambda: platform.http("POST", "/v1/organizations",
                                         json=application()).status_code == 201, timeout=30)
    finally:
        stop_gateway(platform)  # before the link goes: stopping waits for the broker
        broker.close()


def test_a_gateway_whose_own_database_is_down_answers_503_to_partners(platform):
    database = link_to(platform.env["MONGODB_URI"])
    try:
        platform.start_all(extra_env={
            "gateway": {"MONGODB_URI": database.rerouted(platform.env["MONGODB_URI"])}})
        assert platform.http("GET", "/health/ready").json() == {
            "status": "ok", "services": {"database": "ok", "broker": "ok"}}
        _, key = partner(platform)
        database.cut()

        me = platform.http("GET", "/v1/me", key)
        public = platform.http("GET", "/v1/organizations")
        ready = platform.http("GET", "/health/ready")

        assert error_of(me) == (503, "SERVICE_UNAVAILABLE"), me.text
        assert public.status_code == 200  # what does not need the API keys still works
        assert ready.status_code == 503 and ready.json()["services"]["database"] == "down"
        assert platform.http("GET", "/health/live").status_code == 200
        database.restore()
        wait_until(lambda: platform.http("GET", "/v1/me", key).status_code == 200, timeout=30)
    finally:
        stop_gateway(platform)
        database.close()
