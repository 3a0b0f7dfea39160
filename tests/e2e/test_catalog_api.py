"""The training catalog through the gateway: a partner publishes a training with a session,
a participant finds it by an accent-free query and enrolls, the session fills, someone
cancels with their token and the first on the waiting list takes the seat; and who may do
what (401 without a token, 403 for another partner)."""

import pytest

from tests.support.catalog import (
    FRENCH_A1,
    call,
    catalog_knows,
    enroll,
    moment,
    participant,
    published_training,
    session_draft,
)
from tests.support.organizations import partner
from tests.support.platform import OPERATOR_TOKEN
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def partners(platform):
    """Two verified partners the catalog knows: the owner of the trainings, and another."""
    members = {"owner": partner(platform, country="BE"),
               "other": partner(platform, region="south", country="SN")}
    for organization_id, _ in members.values():
        catalog_knows(platform, organization_id)
    return members


def test_publish_find_enroll_fill_cancel_and_promote(platform, partners):
    owner_id, owner = partners["owner"]
    training, (session,) = published_training(platform, owner, sessions=(session_draft(2),))
    assert (training["status"], session["seats_left"]) == ("published", 2)

    found = call(platform, "GET", "/v1/trainings", params={"q": "francais etrangere",
                                                           "city": "bruxelles"})
    assert training["id"] in [t["id"] for t in found["items"]]
    shown = call(platform, "GET", f"/v1/trainings/{training['id']}")
    assert [s["id"] for s in shown["sessions"]] == [session["id"]]

    path = f"/v1/sessions/{session['id']}/enrollments"
    awa, binta = enroll(platform, session["id"], participant("Awa Diop")), enroll(
        platform, session["id"], participant("Binta Sow"))
    chantal = enroll(platform, session["id"], participant("Chantal Mbuyi", language="nl"))
    dina = enroll(platform, session["id"], participant("Dina El Amrani"))
    assert [awa["status"], binta["status"]] == ["confirmed", "confirmed"]
    assert [(p["status"], p["waitlist_position"]) for p in (chantal, dina)] == [
        ("waitlisted", 1), ("waitlisted", 2)]
    assert call(platform, "GET", f"/v1/sessions/{session['id']}")["seats_left"] == 0

    cancelled = call(platform, "DELETE", f"/v1/enrollments/{binta['id']}",
                     headers={"X-Cancel-Token": binta["cancel_token"]})
    assert cancelled["status"] == "cancelled"
    listing = call(platform, "GET", path, owner)
    by_name = {e["name"]: e for e in listing["items"]}
    assert by_name["Chantal Mbuyi"]["status"] == "confirmed"
    assert by_name["Chantal Mbuyi"]["promoted_at"] is not None
    assert by_name["Dina El Amrani"]["waitlist_position"] == 1
    assert listing["counts"] == {"confirmed": 2, "waitlisted": 1, "cancelled": 1,
                                 "attended": 0, "no_show": 0, "completed": 0}


def test_the_same_email_twice_on_one_session_is_a_conflict(platform, partners):
    _, (session,) = published_training(platform, partners["owner"][1],
                                       sessions=(session_draft(5),))
    person = participant()
    enroll(platform, session["id"], person)
    again = enroll(platform, session["id"], {**person, "email": person["email"].upper()}, 409)
    assert again["error"]["code"] == "ALREADY_ENROLLED"


def test_a_closed_or_cancelled_session_takes_no_enrollment(platform, partners):
    owner = partners["owner"][1]
    _, (closed, cancelled) = published_training(platform, owner, sessions=(
        session_draft(5, enrollment_closes_at=moment(hours=3 / 3600)), session_draft(5)))
    wait_until(lambda: platform.http("POST", f"/v1/sessions/{closed['id']}/enrollments",
                                     json=participant()).status_code == 409, timeout=10)
    seated = enroll(platform, cancelled["id"])
    assert call(platform, "POST", f"/v1/sessions/{cancelled['id']}/cancel",
                owner)["status"] == "cancelled"
    refused = enroll(platform, cancelled["id"], expected=409)
    assert refused["error"]["code"] == "ENROLLMENT_CLOSED"
    listing = call(platform, "GET", f"/v1/sessions/{cancelled['id']}/enrollments", owner)
    assert [(e["id"], e["status"]) for e in listing["items"]] == [(seated["id"], "cancelled")]


def test_a_draft_is_the_owners_alone_until_published(platform, partners):
    (_, owner), (_, other) = partners["owner"], partners["other"]
    draft = call(platform, "POST", "/v1/trainings", owner, 201, json=FRENCH_A1)
    path = f"/v1/trainings/{draft['id']}"
    assert platform.http("GET", path).status_code == 404
    assert platform.http("GET", path, other).status_code == 404
    assert call(platform, "GET", path, owner)["status"] == "draft"
    assert call(platform, "GET", path, OPERATOR_TOKEN)["status"] == "draft"
    changed = call(platform, "PATCH", path, owner, json={"title": "Français A1 (soir)"})
    assert changed["title"] == "Français A1 (soir)"


def test_every_scoped_action_needs_its_owner(platform, partners):
    (_, owner), (_, other) = partners["owner"], partners["other"]
    training, (session,) = published_training(platform, owner, sessions=(session_draft(5),))
    enrolled = enroll(platform, session["id"])
    t, s, e = training["id"], session["id"], enrolled["id"]
    scoped = [("PATCH", f"/v1/trainings/{t}", {"title": "Autre"}),
              ("POST", f"/v1/trainings/{t}/unpublish", None),
              ("POST", f"/v1/trainings/{t}/publish", None),
              ("POST", f"/v1/trainings/{t}/sessions", session_draft(3)),
              ("POST", f"/v1/sessions/{s}/cancel", None),
              ("GET", f"/v1/sessions/{s}/enrollments", None),
              ("POST", f"/v1/enrollments/{e}/attendance", {"attended": True}),
              ("DELETE", f"/v1/enrollments/{e}", None)]
    for method, path, body in scoped:
        anonymous = platform.http(method, path, json=body)
        assert anonymous.status_code == 401, (method, path, anonymous.text)
        assert platform.http(method, path, other, json=body).status_code == 403, (method, path)
    assert platform.http("POST", "/v1/trainings", json=FRENCH_A1).status_code == 401
    wrong = platform.http("DELETE", f"/v1/enrollments/{e}",
                          headers={"X-Cancel-Token": "A" * 43})
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (403, "INVALID_CANCEL_TOKEN")
    assert platform.http("DELETE", f"/v1/enrollments/{e}", OPERATOR_TOKEN).status_code == 403
    assert call(platform, "DELETE", f"/v1/enrollments/{e}", owner)["status"] == "cancelled"


def test_attendance_waits_for_the_session_to_start(platform, partners):
    owner = partners["owner"][1]
    _, (session,) = published_training(platform, owner, sessions=(session_draft(5),))
    enrolled = enroll(platform, session["id"])
    early = platform.http("POST", f"/v1/enrollments/{enrolled['id']}/attendance", owner,
                          json={"attended": True})
    assert (early.status_code, early.json()["error"]["code"]) == (409, "SESSION_NOT_STARTED")


def test_a_suspended_organizations_trainings_leave_the_catalog(platform):
    organization_id, key = partner(platform, country="MA")
    catalog_knows(platform, organization_id)
    training, _ = published_training(platform, key, {**FRENCH_A1, "title": "Couture à Rabat"})

    def listed() -> bool:
        found = call(platform, "GET", "/v1/trainings", params={"q": "couture rabat"})
        return training["id"] in [t["id"] for t in found["items"]]

    assert listed()
    call(platform, "POST", f"/v1/organizations/{organization_id}/suspend", OPERATOR_TOKEN,
         json={"reason": "inactive"})
    wait_until(lambda: not listed())
    assert platform.http("GET", f"/v1/trainings/{training['id']}").status_code == 404
    call(platform, "POST", f"/v1/organizations/{organization_id}/verify", OPERATOR_TOKEN)
    wait_until(listed)


def test_no_participant_email_or_phone_reaches_a_log(platform, partners):
    owner = partners["owner"][1]
    _, (session,) = published_training(platform, owner, sessions=(session_draft(1),))
    person = participant("Fatou Ndiaye", email="fatou.ndiaye@example.sn", phone="+221 77 123 45 67")
    seated = enroll(platform, session["id"], person)
    enroll(platform, session["id"], person, 409)  # the same email again
    enroll(platform, session["id"], {**person, "phone": "+221 77 123 45 67 x"}, 422)
    enroll(platform, session["id"], participant(email="not an email"), 422)
    call(platform, "DELETE", f"/v1/enrollments/{seated['id']}", owner)
    sessions = platform.database("catalog").sessions
    wait_until(lambda: sessions.find_one({"_id": session["id"]})["outbox"] == [])  # published
    logs = _all_logs(platform)
    for personal in ("fatou.ndiaye", "77 123 45 67", "not an email"):
        assert personal not in logs


def _all_logs(platform) -> str:
    return "".join(path.read_text(errors="replace") for path in platform.log_dir.glob("*.log"))
