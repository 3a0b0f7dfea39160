"""Organizations in tests: valid applications, the common flows that make members, and what
the services stored or published about one."""

import uuid
from datetime import UTC, datetime

from shared.contract.events import Event
from tests.support.broker import EventSpy
from tests.support.platform import OPERATOR_TOKEN, Platform


def application(**overrides) -> dict:
    return {
        "name": f"Collectif {uuid.uuid4().hex[:8]}",
        "country": "BE",
        "city": "Louvain-la-Neuve",
        "region": "north",
        "sectors": ["french_language", "gender-based violence"],
        "contact_email": "contact@example.org",
        **overrides,
    }


def member(partnerships, **overrides) -> str:
    """The id of an organization applied and verified over RPC (`partnerships`: a proxy)."""
    organization = partnerships.apply_organization(application(**overrides))
    partnerships.verify_organization(organization["id"])
    return organization["id"]


# Through the gateway of a running platform (e2e and fault tests)

def apply(platform: Platform, **overrides) -> dict:
    response = platform.http("POST", "/v1/organizations", json=application(**overrides))
    assert response.status_code == 201, response.text
    return response.json()


def verified_organization(platform: Platform, **overrides) -> dict:
    organization = apply(platform, **overrides)
    response = platform.http("POST", f"/v1/organizations/{organization['id']}/verify",
                             OPERATOR_TOKEN)
    assert response.status_code == 200, response.text
    return response.json()


def api_key(platform: Platform, organization_id: str) -> dict:
    response = platform.http("POST", f"/v1/organizations/{organization_id}/api-keys",
                             OPERATOR_TOKEN)
    assert response.status_code == 201, response.text
    return response.json()


def partner(platform: Platform, **overrides) -> tuple[str, str]:
    """(id, API key) of a verified organization, to act as that partner."""
    organization = verified_organization(platform, **overrides)
    return organization["id"], api_key(platform, organization["id"])["key"]


# What the services hold and published, read directly

def organizations_count(platform: Platform) -> int:
    return platform.database("partnerships").organizations.count_documents({})


def stored_organization(platform: Platform, organization_id: str) -> dict:
    """The organization's document in the partnerships database (it must be there)."""
    stored = platform.database("partnerships").organizations.find_one({"_id": organization_id})
    assert stored is not None, f"partnerships holds no organization {organization_id}"
    return stored


def outbox_empty(platform: Platform, organization_id: str) -> bool:
    """Every event the organization's writes left in its outbox is published."""
    return stored_organization(platform, organization_id)["outbox"] == []


def catalog_replica(platform: Platform, organization_id: str) -> dict:
    """The catalog's copy of the organization ({} until it has one)."""
    return platform.database("catalog").organizations.find_one({"_id": organization_id}) or {}


def published_about(spy: EventSpy, event_type: str, organization_id: str) -> list[dict]:
    return [e for e in spy.of_type(event_type) if e["payload"]["organization_id"] == organization_id]


def organization_event(event_type: str, organization_id: str, revision: int, **payload) -> Event:
    """An `organization.*` event of partnerships' as its consumers receive it: the envelope
    names the organization and its revision."""
    return Event(uuid.uuid4().hex, event_type, 2, datetime.now(UTC), "partnerships", "c",
                 {"organization_id": organization_id, **payload},
                 aggregate_id=organization_id, revision=revision)
