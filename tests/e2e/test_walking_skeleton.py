"""HTTP -> gateway -> RPC -> Mongo + outbox -> RabbitMQ -> idempotent handler -> another
service's database, with every service its own process."""

import pytest

from tests.support.organizations import apply, catalog_replica, partner, verified_organization
from tests.support.platform import OPERATOR_TOKEN
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e


def test_a_verified_organization_reaches_the_catalog_replica(platform):
    organization = apply(platform, name="Femmes du Sahel", country="SN", region="south",
                         city="Dakar")
    assert organization["status"] == "pending"
    assert platform.http("GET", f"/v1/organizations/{organization['id']}").status_code == 404

    verified = platform.http("POST", f"/v1/organizations/{organization['id']}/verify",
                             OPERATOR_TOKEN, headers={"X-Correlation-Id": "walk-1"})

    assert verified.status_code == 200
    assert verified.json()["status"] == "verified"
    assert verified.headers["X-Correlation-Id"] == "walk-1"
    copy = wait_until(lambda: catalog_replica(platform, organization["id"]))
    assert (copy["status"], copy["name"], copy["region"]) == ("verified", "Femmes du Sahel", "south")
    public = platform.http("GET", f"/v1/organizations/{organization['id']}")
    assert public.status_code == 200 and public.json()["verified_at"]
    # the correlation id followed the request through RPC and the event into catalog's logs
    wait_until(lambda: '"correlation_id": "walk-1"' in platform.log("catalog"))


def test_a_suspended_organization_loses_api_access_and_the_catalog_learns_it(platform):
    organization_id, key = partner(platform)
    me = platform.http("GET", "/v1/me", key)
    assert me.json() == {"role": "partner", "organization_id": organization_id}

    suspended = platform.http("POST", f"/v1/organizations/{organization_id}/suspend",
                              OPERATOR_TOKEN, json={"reason": "no longer active"})

    assert suspended.json()["status"] == "suspended"
    refused = platform.http("GET", "/v1/me", key)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "ORGANIZATION_NOT_VERIFIED"
    wait_until(lambda: catalog_replica(platform, organization_id).get("status") == "suspended")
    assert catalog_replica(platform, organization_id)["revision"] == 3


def test_an_illegal_transition_is_a_conflict(platform):
    organization = verified_organization(platform)

    again = platform.http("POST", f"/v1/organizations/{organization['id']}/verify", OPERATOR_TOKEN)

    assert again.status_code == 409
    assert again.json()["error"]["code"] == "ILLEGAL_TRANSITION"


def test_the_same_organization_cannot_apply_twice(platform):
    first = apply(platform, name="Vie Féminine Namur")

    twice = platform.http("POST", "/v1/organizations", json={
        **{k: first[k] for k in ("country", "city", "region", "sectors", "contact_email")},
        "name": "  vie feminine   NAMUR ",
    })

    assert twice.status_code == 409
    assert twice.json()["error"]["code"] == "DUPLICATE_ORGANIZATION"


def test_lists_page_with_a_cursor_and_filter(platform):
    sector = f"sector-{platform.port}-list"
    ids = [verified_organization(platform, sectors=[sector], region="south", country="CD")["id"]
           for _ in range(3)]
    pending = apply(platform, sectors=[sector])

    first = platform.http("GET", "/v1/organizations", params={"sector": sector, "limit": 2}).json()
    second = platform.http("GET", "/v1/organizations",
                           params={"sector": sector, "limit": 2, "cursor": first["next_cursor"]}).json()

    assert [o["id"] for o in first["items"] + second["items"]] == ids  # verified only, in order
    assert second["next_cursor"] is None
    everyone = platform.http("GET", "/v1/organizations", OPERATOR_TOKEN,
                             params={"sector": sector, "status": "pending"}).json()
    assert [o["id"] for o in everyone["items"]] == [pending["id"]]
    north = platform.http("GET", "/v1/organizations", params={"sector": sector, "region": "north"})
    assert north.json()["items"] == []


def test_health_and_openapi_describe_the_running_platform(platform):
    health = platform.http("GET", "/health")
    assert health.json() == {"status": "ok", "services": {
        "gateway": "ok", "partnerships": "ok", "catalog": "ok", "conferences": "ok",
        "notifications": "ok"}}

    document = platform.http("GET", "/v1/openapi.json").json()

    apply_operation = document["paths"]["/v1/organizations"]["post"]
    assert "201" in apply_operation["responses"] and "422" in apply_operation["responses"]
    schema_ref = apply_operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = document["components"]["schemas"][schema_ref.rsplit("/", 1)[1]]
    assert {"name", "country", "region", "contact_email"} <= set(schema["required"])
    verify = document["paths"]["/v1/organizations/{organization_id}/verify"]["post"]
    assert verify["security"] == [{"bearer": []}]
    activities = document["paths"]["/v1/partnerships/{partnership_id}/activities"]
    assert set(activities) == {"get", "post", "options", "parameters"}  # OPTIONS says Allow
    assert activities["get"]["security"] == [{}, {"bearer": []}]  # public; a token shows more
