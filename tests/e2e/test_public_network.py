"""The public network of an organization lists only partners the network vouches for."""

import pytest

from tests.support.organizations import partner
from tests.support.platform import OPERATOR_TOKEN

pytestmark = pytest.mark.e2e


def active_partnership(platform, north: tuple[str, str], south: tuple[str, str]) -> str:
    proposed = platform.http("POST", "/v1/partnerships", north[1], json={
        "partner_id": south[0], "kind": "north_south", "focus_areas": ["literacy"],
        "description": "Reading circles", "starts_on": "2027-02-01"})
    assert proposed.status_code == 201, proposed.text
    accepted = platform.http("POST", f"/v1/partnerships/{proposed.json()['id']}/accept", south[1])
    assert accepted.json()["status"] == "active"
    return proposed.json()["id"]


def network_ids(platform, organization_id: str) -> list[str]:
    response = platform.http("GET", f"/v1/organizations/{organization_id}/network")
    assert response.status_code == 200, response.text
    return [link["organization"]["id"] for link in response.json()["items"]]


def test_a_suspended_partner_disappears_from_the_public_network(platform):
    south = partner(platform, region="south", country="SN")
    staying = partner(platform, region="north", country="BE")
    leaving = partner(platform, region="north", country="FR")
    active_partnership(platform, staying, south)
    active_partnership(platform, leaving, south)
    assert sorted(network_ids(platform, south[0])) == sorted([staying[0], leaving[0]])

    suspended = platform.http("POST", f"/v1/organizations/{leaving[0]}/suspend", OPERATOR_TOKEN,
                              json={"reason": "fraudulent documents"})

    assert suspended.status_code == 200, suspended.text
    assert network_ids(platform, south[0]) == [staying[0]]
    listed = platform.http("GET", "/v1/partnerships", OPERATOR_TOKEN,
                           params={"organization_id": leaving[0], "status": "active"})
    assert len(listed.json()["items"]) == 1  # the partnership is still active; only the listing hides it
