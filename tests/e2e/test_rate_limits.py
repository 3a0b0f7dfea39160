"""Public writes are rate limited per client address, with the default limits (10 applications
an hour from one address): a flood of fake applications is refused and writes nothing,
another address still applies, and X-Forwarded-For does not dodge the limit."""

import http.client
import json
import time
import uuid

import pytest

from tests.support.organizations import application, organizations_count
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e
APPLICATIONS_PER_HOUR = 10  # the default of RATE_LIMIT_APPLICATIONS


@pytest.fixture(scope="module")
def platform_settings():
    return {"RATE_LIMIT_APPLICATIONS": None}  # the tests' generous limit: back to default


@pytest.fixture(autouse=True)
def not_at_the_end_of_the_hour():
    """The windows are whole hours: a test that straddles two would see two allowances."""
    wait_until(lambda: time.time() % 3600 < 3590, timeout=15, interval=0.5)


def apply_from(platform, address: str, headers: dict | None = None):
    """POST /v1/organizations from `address` (any 127.x.y.z is this machine's loopback)."""
    connection = http.client.HTTPConnection("127.0.0.1", platform.port, timeout=15,
                                            source_address=(address, 0))
    try:
        connection.request("POST", "/v1/organizations", json.dumps(application()),
                           {"Content-Type": "application/json", **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), json.loads(response.read())
    finally:
        connection.close()


def test_the_application_past_the_hourly_limit_gets_429_and_writes_nothing(platform):
    statuses = [apply_from(platform, "127.0.0.11")[0] for _ in range(APPLICATIONS_PER_HOUR)]
    before = organizations_count(platform)

    status, headers, body = apply_from(platform, "127.0.0.11")

    assert statuses == [201] * APPLICATIONS_PER_HOUR
    assert (status, body["error"]["code"]) == (429, "RATE_LIMITED")
    assert 0 < int(headers["Retry-After"]) <= 3600
    assert organizations_count(platform) == before


def test_another_address_still_applies_while_one_is_limited(platform):
    for _ in range(APPLICATIONS_PER_HOUR + 1):
        apply_from(platform, "127.0.0.12")
    assert apply_from(platform, "127.0.0.12")[0] == 429

    assert apply_from(platform, "127.0.0.13")[0] == 201


def test_a_client_cannot_dodge_the_limit_by_sending_x_forwarded_for(platform):
    statuses = [apply_from(platform, "127.0.0.14",
                           {"X-Forwarded-For": f"198.51.100.{i}, {uuid.uuid4().int % 250}.0.0.1"})[0]
                for i in range(APPLICATIONS_PER_HOUR + 5)]

    assert statuses == [201] * APPLICATIONS_PER_HOUR + [429] * 5
