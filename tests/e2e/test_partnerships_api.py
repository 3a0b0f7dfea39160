"""Partnerships through the gateway: a North/South partnership from proposal to a recorded
activity, with each organization acting through its own API key."""

import pytest

from tests.support.organizations import partner
from tests.support.platform import OPERATOR_TOKEN

pytestmark = pytest.mark.e2e
TERMS = {"focus_areas": ["female entrepreneurship"], "description": "Microcredit mentoring",
         "starts_on": "2027-02-01"}


@pytest.fixture(scope="module")
def members(platform):
    """Three verified organizations and their keys: two to partner, one outsider."""
    return {name: partner(platform, region=region, country=country)
            for name, region, country in (("north", "north", "BE"), ("south", "south", "SN"),
                                          ("outsider", "south", "ML"))}


def propose(platform, members, kind="north_south", **changes):
    return platform.http("POST", "/v1/partnerships", members["north"][1],
                         json={**TERMS, "partner_id": members["south"][0], "kind": kind, **changes})


def test_a_north_south_partnership_from_proposal_to_a_recorded_activity(platform, members):
    (north_id, north), (south_id, south) = members["north"], members["south"]
    proposed = propose(platform, members)
    assert proposed.status_code == 201, proposed.text
    partnership = proposed.json()
    assert (partnership["status"], partnership["proposer_id"]) == ("proposed", north_id)
    path = f"/v1/partnerships/{partnership['id']}"
    assert platform.http("GET", path).status_code == 404  # a proposal is private
    assert platform.http("GET", path, south).json()["status"] == "proposed"

    accepted = platform.http("POST", f"{path}/accept", south)
    assert accepted.json()["status"] == "active"
    recorded = platform.http("POST", f"{path}/activities", north, json={
        "title": "Exchange visit in Dakar", "kind": "exchange_visit", "date": "2027-03-02",
        "summary": "Two weeks with the microcredit team", "participants_count": 9})
    assert recorded.status_code == 201 and recorded.json()["recorded_by"] == north_id

    activities = platform.http("GET", f"{path}/activities").json()["items"]
    assert [a["title"] for a in activities] == ["Exchange visit in Dakar"]
    network = platform.http("GET", f"/v1/organizations/{south_id}/network").json()["items"]
    assert network == [{"organization": {"id": north_id, "name": network[0]["organization"]["name"],
                                         "region": "north", "country": "BE"},
                        "partnership_id": partnership["id"], "kind": "north_south"}]
    listed = platform.http("GET", "/v1/partnerships", params={
        "organization_id": north_id, "kind": "north_south", "status": "active",
        "focus_area": "female entrepreneurship"}).json()["items"]
    assert [p["id"] for p in listed] == [partnership["id"]] and listed[0]["activities_count"] == 1

    ended = platform.http("POST", f"{path}/end", south)
    assert ended.json()["status"] == "ended" and ended.json()["ended_by"] == south_id
    assert platform.http("GET", f"/v1/organizations/{south_id}/network").json()["items"] == []


def test_who_may_do_what_on_a_partnership(platform, members):
    partnership = propose(platform, members, focus_areas=["health"]).json()
    path = f"/v1/partnerships/{partnership['id']}"
    north, south, outsider = (members[k][1] for k in ("north", "south", "outsider"))

    assert platform.http("POST", "/v1/partnerships", json={}).status_code == 401
    assert platform.http("POST", "/v1/partnerships", OPERATOR_TOKEN, json={}).status_code == 403
    assert platform.http("POST", f"{path}/accept", "Bearer-less").status_code == 401
    for token, action, code in ((north, "accept", "NOT_THE_INVITED_ORGANIZATION"),
                                (outsider, "accept", "NOT_THE_INVITED_ORGANIZATION"),
                                (outsider, "decline", "NOT_THE_INVITED_ORGANIZATION")):
        refused = platform.http("POST", f"{path}/{action}", token)
        assert (refused.status_code, refused.json()["error"]["code"]) == (403, code)
    platform.http("POST", f"{path}/accept", south)
    for action, body in (("end", None), ("activities", {"title": "x", "kind": "other",
                                                        "date": "2027-01-01"})):
        refused = platform.http("POST", f"{path}/{action}", outsider, json=body)
        assert (refused.status_code, refused.json()["error"]["code"]) == (403, "NOT_A_PARTNER")
    assert platform.http("GET", path, north).json()["status"] == "active"
    platform.http("POST", f"{path}/end", north)


def test_wrong_kind_unknown_partner_duplicates_and_illegal_transitions_are_refused(platform, members):
    wrong = propose(platform, members, kind="south_north")
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (409, "KIND_DOES_NOT_MATCH_REGIONS")
    unknown = propose(platform, members, partner_id="000000000000000000000000")
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "UNKNOWN_ORGANIZATION")
    assert "partner_id" in unknown.json()["error"]["fields"]
    invalid = propose(platform, members, starts_on="soon", focus_areas=[])
    assert set(invalid.json()["error"]["fields"]) == {"starts_on", "focus_areas"}

    first = propose(platform, members, focus_areas=["literacy"])
    again = propose(platform, members, focus_areas=["digital inclusion"])
    assert (again.status_code, again.json()["error"]["code"]) == (409, "DUPLICATE_PARTNERSHIP")
    ending = platform.http("POST", f"/v1/partnerships/{first.json()['id']}/end", members["north"][1])
    assert (ending.status_code, ending.json()["error"]["code"]) == (409, "ILLEGAL_TRANSITION")
    declined = platform.http("POST", f"/v1/partnerships/{first.json()['id']}/decline",
                             members["south"][1])
    assert declined.json()["status"] == "declined" and declined.json()["declined_at"]
    assert propose(platform, members, focus_areas=["digital inclusion"]).status_code == 201
