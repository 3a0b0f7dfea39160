"""Helpers shared by the end-to-end tests: valid applications and common flows."""

import uuid

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
