"""Idempotency-Key through the gateway, every service its own process: a retried write gets
the first answer and has one effect; a key cannot be reused for another request nor read by
another caller; without a key nothing changes."""

import uuid

import pytest

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


def keyed(key: str) -> dict:
    return {"Idempotency-Key": key}


def organizations_named(platform, name: str) -> list[dict]:
    return list(platform.database("partnerships").organizations.find({"name": name}))


@pytest.fixture(scope="module")
def spy(platform):
    return EventSpy(platform.env["AMQP_URI"], "organization.*")


def test_a_retried_application_gets_the_first_answer_and_creates_one_organization(platform, spy):
    body, key = application(), uuid.uuid4().hex

    first = platform.http("POST", "/v1/organizations", json=body, headers=keyed(key))
    again = platform.http("POST", "/v1/organizations", json=body, headers=keyed(key))

    assert first.status_code == again.status_code == 201, first.text
    assert again.content == first.content
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert len(organizations_named(platform, body["name"])) == 1
    wait_until(lambda: outbox_empty(platform, first.json()["id"]))
    assert len(published_about(spy, "organization.registered", first.json()["id"])) == 1


def test_a_retried_suspension_gets_its_200_again_not_a_409(platform, spy):
    organization, key = apply(platform), uuid.uuid4().hex
    path = f"/v1/organizations/{organization['id']}/suspend"

    first = platform.http("POST", path, OPERATOR_TOKEN, json={"reason": "inactive"},
                          headers=keyed(key))
    again = platform.http("POST", path, OPERATOR_TOKEN, json={"reason": "inactive"},
                          headers=keyed(key))

    assert first.status_code == again.status_code == 200, again.text
    assert again.json() == first.json() and first.json()["status"] == "suspended"
    wait_until(lambda: outbox_empty(platform, organization["id"]))
    assert len(published_about(spy, "organization.suspended", organization["id"])) == 1


def test_the_same_key_with_another_body_is_refused_and_changes_nothing(platform):
    key, body = uuid.uuid4().hex, application()
    assert platform.http("POST", "/v1/organizations", json=body, headers=keyed(key)).status_code == 201

    other = application()
    reused = platform.http("POST", "/v1/organizations", json=other, headers=keyed(key))

    assert reused.status_code == 422
    assert reused.json()["error"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert organizations_named(platform, other["name"]) == []


def test_a_key_belongs_to_its_caller(platform):
    organization, key = apply(platform), uuid.uuid4().hex
    verified = platform.http("POST", f"/v1/organizations/{organization['id']}/verify",
                             OPERATOR_TOKEN, headers=keyed(key))
    assert verified.status_code == 200

    # the public client's own use of the same key: a request of its own, not the operator's answer
    applied = platform.http("POST", "/v1/organizations", json=application(), headers=keyed(key))

    assert applied.status_code == 201, applied.text
    assert "Idempotent-Replayed" not in applied.headers


def test_without_a_key_a_write_is_as_before_and_still_carries_a_request_id(platform):
    organization = apply(platform)
    path = f"/v1/organizations/{organization['id']}/suspend"

    first = platform.http("POST", path, OPERATOR_TOKEN, json={"reason": "inactive"})
    second = platform.http("POST", path, OPERATOR_TOKEN, json={"reason": "inactive"})

    assert first.status_code == 200
    assert second.status_code == 409  # a new request, decided on the state: already suspended
    stored = stored_organization(platform, organization["id"])
    [suspension] = stored["request_ids"]  # minted by the gateway, one per request
    assert stored["created_by_request"] not in (None, suspension)


def test_a_malformed_key_is_refused(platform):
    response = platform.http("POST", "/v1/organizations", json=application(),
                             headers=keyed("x" * 256))

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "INVALID_IDEMPOTENCY_KEY"


def test_the_api_description_offers_the_key_on_every_write(platform):
    document = platform.http("GET", "/v1/openapi.json").json()

    for path, path_item in document["paths"].items():
        operations = {k: v for k, v in path_item.items() if k != "parameters"}  # path-level ids
        for method, operation in operations.items():
            headers = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "header"]
            assert ("Idempotency-Key" in headers) == (method in ("post", "put", "patch", "delete")), (
                method, path)
