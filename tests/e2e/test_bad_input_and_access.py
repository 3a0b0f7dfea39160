"""Bad input gets a clear 4xx and changes nothing; tokens decide who may do what."""

import pytest

from tests.support.organizations import (
    api_key,
    application,
    apply,
    organizations_count,
    partner,
    verified_organization,
)
from tests.support.platform import OPERATOR_TOKEN

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("changes, field", [
    ({"country": "XX"}, "country"),
    ({"region": "east"}, "region"),
    ({"contact_email": "not-an-email"}, "contact_email"),
    ({"sectors": []}, "sectors"),
    ({"name": ""}, "name"),
    ({"website": "javascript:alert(1)"}, "website"),
    ({"unexpected": True}, "unexpected"),
    ({"name": None}, "name"),
])
def test_an_invalid_application_gets_field_messages_and_writes_nothing(platform, changes, field):
    before = organizations_count(platform)

    response = platform.http("POST", "/v1/organizations", json=application(**changes))

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "INVALID_INPUT" and field in error["fields"]
    assert organizations_count(platform) == before


def test_a_missing_field_is_named(platform):
    body = application()
    del body["city"]
    response = platform.http("POST", "/v1/organizations", json=body)
    assert response.json()["error"]["fields"] == {"city": ["Missing data for required field."]}


@pytest.mark.parametrize("body, status, code", [
    (b"{not json", 400, "MALFORMED_JSON"),
    (b"[1, 2, 3]", 400, "MALFORMED_JSON"),
    (b'"a string"', 400, "MALFORMED_JSON"),
    (b'{"name": "' + b"x" * 70_000 + b'"}', 413, "BODY_TOO_LARGE"),
])
def test_a_body_that_is_not_a_json_object_or_too_large_is_refused(platform, body, status, code):
    before = organizations_count(platform)

    response = platform.http("POST", "/v1/organizations", data=body,
                             headers={"Content-Type": "application/json"})

    assert (response.status_code, response.json()["error"]["code"]) == (status, code)
    assert organizations_count(platform) == before


def test_bad_query_parameters_are_field_errors(platform):
    response = platform.http("GET", "/v1/organizations", params={"limit": 500, "cursor": "%%%"})
    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) == {"limit", "cursor"}


def test_an_unknown_organization_is_404(platform):
    response = platform.http("POST", "/v1/organizations/nope/verify", OPERATOR_TOKEN)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "UNKNOWN_ORGANIZATION"


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", "Basic b3A6b3A=", "Bearer ",
                                           "Bearer mlg_123.forged"])
def test_operator_endpoints_need_the_operator_token(platform, authorization):
    organization = apply(platform)
    headers = {"Authorization": authorization} if authorization else {}

    response = platform.http("POST", f"/v1/organizations/{organization['id']}/verify",
                             headers=headers)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert platform.http("GET", f"/v1/organizations/{organization['id']}",
                         OPERATOR_TOKEN).json()["status"] == "pending"


def test_a_partner_may_not_act_as_an_operator(platform):
    organization_id, key = partner(platform)
    other = apply(platform)

    for path in (f"/v1/organizations/{other['id']}/verify",
                 f"/v1/organizations/{organization_id}/api-keys"):
        response = platform.http("POST", path, key)
        assert response.status_code == 403, path
        assert response.json()["error"]["code"] == "FORBIDDEN"
    assert platform.http("GET", f"/v1/organizations/{other['id']}",
                         OPERATOR_TOKEN).json()["status"] == "pending"


def test_keys_are_issued_to_verified_organizations_only_and_can_be_revoked(platform):
    pending = apply(platform)
    refused = platform.http("POST", f"/v1/organizations/{pending['id']}/api-keys", OPERATOR_TOKEN)
    assert refused.status_code == 409

    organization = verified_organization(platform)
    issued = api_key(platform, organization["id"])
    assert issued["key"].startswith("mlg_") and "key" not in platform.database(
        "gateway").api_keys.find_one({"_id": issued["id"]})
    assert platform.http("GET", "/v1/me", issued["key"]).status_code == 200

    revoked = platform.http("DELETE", f"/v1/organizations/{organization['id']}/api-keys/{issued['id']}",
                            OPERATOR_TOKEN)

    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert platform.http("GET", "/v1/me", issued["key"]).status_code == 401
    elsewhere = platform.http("DELETE", f"/v1/organizations/{pending['id']}/api-keys/{issued['id']}",
                              OPERATOR_TOKEN)
    assert elsewhere.status_code == 404


def test_the_public_cannot_see_organizations_that_are_not_verified(platform):
    pending = apply(platform)
    assert platform.http("GET", f"/v1/organizations/{pending['id']}").status_code == 404
    listed = platform.http("GET", "/v1/organizations", params={"status": "pending", "limit": 100})
    assert all(o["status"] == "verified" for o in listed.json()["items"])


@pytest.mark.parametrize("method, path, status, code", [
    ("GET", "/v1/nowhere", 404, "NO_SUCH_ENDPOINT"),
    ("PUT", "/v1/organizations", 405, "METHOD_NOT_ALLOWED"),
])
def test_unknown_endpoints_and_methods_answer_in_the_error_format(platform, method, path,
                                                                  status, code):
    response = platform.http(method, path)
    assert (response.status_code, response.json()["error"]["code"]) == (status, code)
