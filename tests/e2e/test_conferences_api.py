"""Conferences through the gateway: a South/North co-organized conference from draft to
check-in, with a proposal accepted into its agenda and its iCalendar read back; registration
with approval and the waiting list; and 401/403 for every organizer's action."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.support.catalog import call
from tests.support.conferences import attendee, conference_draft, talk
from tests.support.organizations import partner
from tests.support.platform import OPERATOR_TOKEN
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e
ZONES = ("Africa/Dakar", "Asia/Tokyo", "America/Lima")  # one of them is far from midnight


@pytest.fixture(scope="module")
def members(platform):
    """Verified organizations the conferences service knows: a southern owner, a northern
    co-organizer, a speaker's and an outsider."""
    found = {name: partner(platform, region=region, country=country)
             for name, region, country in (("dakar", "south", "SN"), ("brussels", "north", "BE"),
                                           ("thies", "south", "SN"), ("outsider", "south", "ML"))}
    for organization_id, _ in found.values():
        wait_until(lambda o=organization_id: conferences_replica(platform, o).get("status")
                   == "verified")
    return found


def conferences_replica(platform, organization_id: str) -> dict:
    return platform.database("conferences").organizations.find_one({"_id": organization_id}) or {}


def starting_today_soon() -> dict:
    """Dates that start in a few minutes, on a day already begun in the conference's zone
    (check-in opens on its first day), so the whole life fits in one test."""
    now = datetime.now(UTC).replace(microsecond=0)
    zone = next(z for z in ZONES if 1 <= now.astimezone(ZoneInfo(z)).hour <= 21)
    return {"starts_at": (now + timedelta(minutes=3)).isoformat(),
            "ends_at": (now + timedelta(hours=2)).isoformat(), "time_zone": zone}


def test_a_co_organized_conference_from_draft_to_check_in(platform, members):
    dakar, (brussels, brussels_key) = members["dakar"], members["brussels"]
    dakar_key, thies_key = dakar[1], members["thies"][1]
    draft = conference_draft(capacity=2, co_organizer_ids=[brussels], **starting_today_soon())
    conference = call(platform, "POST", "/v1/conferences", dakar_key, 201, json=draft)
    path = f"/v1/conferences/{conference['id']}"
    assert platform.http("GET", path).status_code == 404  # a draft is its organizers'
    call(platform, "POST", f"{path}/publish", brussels_key)  # the co-organizer manages it too
    found = call(platform, "GET", "/v1/conferences", params={"q": "regards croises"})
    assert conference["id"] in [c["id"] for c in found["items"]]

    proposal = call(platform, "POST", f"{path}/proposals", thies_key, 201, json=talk())
    call(platform, "POST", f"/v1/proposals/{proposal['id']}/accept", dakar_key)
    starts = datetime.fromisoformat(conference["starts_at"])
    item = call(platform, "POST", f"{path}/sessions", brussels_key, 201, json={
        "proposal_id": proposal["id"], "starts_at": (starts + timedelta(minutes=30)).isoformat(),
        "ends_at": (starts + timedelta(minutes=90)).isoformat(), "room": "Salle Senghor"})
    assert item["speakers"][0]["name"] == "Fatou Ndiaye"

    ics = platform.http("GET", f"{path}.ics")
    assert ics.status_code == 200 and ics.headers["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(ics.content).events
    assert sorted(str(e["SUMMARY"]) for e in events) == sorted(
        [conference["title"], "Microcrédit et autonomie des femmes"])
    talk_event = next(e for e in events if "Microcrédit" in str(e["SUMMARY"]))
    assert talk_event.start == starts + timedelta(minutes=30)

    seated = call(platform, "POST", f"{path}/registrations", None, 201, json=attendee("Awa Diop"))
    checked = call(platform, "POST", f"/v1/registrations/{seated['id']}/check-in", dakar_key)
    assert checked["checked_in_at"] is not None
    again = platform.http("POST", f"/v1/registrations/{seated['id']}/check-in", dakar_key)
    assert (again.status_code, again.json()["error"]["code"]) == (409, "ALREADY_CHECKED_IN")


def test_approval_the_waiting_list_and_cancelling_with_the_token(platform, members):
    dakar_key = members["dakar"][1]
    conference = call(platform, "POST", "/v1/conferences", dakar_key, 201,
                      json=conference_draft(capacity=1, requires_approval=True))
    path = f"/v1/conferences/{conference['id']}"
    call(platform, "POST", f"{path}/publish", dakar_key)
    first, second = (call(platform, "POST", f"{path}/registrations", None, 201, json=attendee())
                     for _ in range(2))
    assert {first["status"], second["status"]} == {"pending_approval"}
    call(platform, "POST", f"/v1/registrations/{first['id']}/approve", dakar_key)
    full = platform.http("POST", f"/v1/registrations/{second['id']}/approve", dakar_key)
    assert (full.status_code, full.json()["error"]["code"]) == (409, "CONFERENCE_FULL")
    cancelled = call(platform, "DELETE", f"/v1/registrations/{first['id']}",
                     headers={"X-Cancel-Token": first["cancel_token"]})
    assert cancelled["status"] == "cancelled"
    call(platform, "POST", f"/v1/registrations/{second['id']}/approve", dakar_key)
    counts = call(platform, "GET", f"{path}/registrations", dakar_key)["counts"]
    assert (counts["confirmed"], counts["cancelled"]) == (1, 1)


def test_every_organizers_action_needs_an_organizer(platform, members):
    (_, dakar_key), (_, outsider_key) = members["dakar"], members["outsider"]
    conference = call(platform, "POST", "/v1/conferences", dakar_key, 201, json=conference_draft())
    c = conference["id"]
    call(platform, "POST", f"/v1/conferences/{c}/publish", dakar_key)
    proposal = call(platform, "POST", f"/v1/conferences/{c}/proposals", outsider_key, 201,
                    json=talk())
    registered = call(platform, "POST", f"/v1/conferences/{c}/registrations", None, 201,
                      json=attendee())
    p, r = proposal["id"], registered["id"]
    scoped = [("PATCH", f"/v1/conferences/{c}", {"title": "Autre"}),
              ("POST", f"/v1/conferences/{c}/cancel", None),
              ("POST", f"/v1/conferences/{c}/sessions", {"title": "x", "speakers": [{"name": "y"}],
                                                         "starts_at": conference["starts_at"],
                                                         "ends_at": conference["ends_at"]}),
              ("GET", f"/v1/conferences/{c}/registrations", None),
              ("POST", f"/v1/proposals/{p}/accept", None),
              ("POST", f"/v1/registrations/{r}/approve", None),
              ("POST", f"/v1/registrations/{r}/check-in", None)]
    for method, path, body in scoped:
        assert platform.http(method, path, json=body).status_code == 401, (method, path)
        assert platform.http(method, path, outsider_key, json=body).status_code == 403, path
    assert platform.http("DELETE", f"/v1/registrations/{r}", OPERATOR_TOKEN).status_code == 403
    assert platform.http("POST", "/v1/conferences", json=conference_draft()).status_code == 401
    assert call(platform, "GET", f"/v1/conferences/{c}")["title"] == conference["title"]
