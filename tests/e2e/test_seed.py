"""`maillage seed` against the real platform: the demo network it builds, counted through the
API after each run, is the same after a second run, which creates nothing; a lost keys file
costs new keys and nothing else; an unreachable gateway or a refused token is a plain error."""

import json
import stat

import pytest
from typer.testing import CliRunner

from ops.cli import app
from ops.seed.demo_data import ORGANIZATIONS, PARTNERSHIPS
from ops.seed.demo_programme import CONFERENCE, TRAININGS
from tests.support.mongo_wire import free_port
from tests.support.platform import OPERATOR_TOKEN

pytestmark = pytest.mark.e2e
NAMES = {(o["name"], o["country"]) for o in ORGANIZATIONS}


def seed(url: str, var_dir, token: str = OPERATOR_TOKEN):
    return CliRunner().invoke(app, ["seed", "--var-dir", str(var_dir)], env={
        "MAILLAGE_API": url, "MAILLAGE_OPERATOR_TOKEN": token, "COLUMNS": "200"})


def census(platform, var_dir) -> dict:
    """What the platform holds of the demo network, counted through the API."""
    keys = {id_: entry["key"] for id_, entry in
            json.loads((var_dir / "seed-keys.json").read_text()).items()}
    organizations = [o for o in pages(platform, "/v1/organizations", OPERATOR_TOKEN)
                     if (o["name"], o["country"]) in NAMES]
    ids = {o["id"] for o in organizations}
    partnerships = {p["id"]: p for id_ in ids for p in pages(
        platform, "/v1/partnerships", OPERATOR_TOKEN, organization_id=id_)}
    trainings = [platform.http("GET", f"/v1/trainings/{t['id']}", keys[t["organization_id"]]).json()
                 for id_ in ids for t in pages(platform, "/v1/trainings", None, organization_id=id_)]
    enrollments = [platform.http("GET", f"/v1/sessions/{s['id']}/enrollments",
                                 keys[t["organization_id"]]).json()["counts"]
                   for t in trainings for s in t["sessions"]]
    conferences = [c for c in pages(platform, "/v1/conferences", None) if c["organization_id"] in ids]
    registrations = [platform.http("GET", f"/v1/conferences/{c['id']}/registrations",
                                   keys[c["organization_id"]]).json()["counts"] for c in conferences]
    return {
        "organizations": sorted((o["name"], o["status"]) for o in organizations),
        "partnerships": sorted((p["kind"], p["status"], p["activities_count"])
                               for p in partnerships.values()),
        "trainings": len(trainings), "sessions": sum(len(t["sessions"]) for t in trainings),
        "confirmed": sum(c["confirmed"] for c in enrollments),
        "waitlisted": sum(c["waitlisted"] for c in enrollments),
        "conferences": len(conferences),
        "agenda": sum(len(platform.http("GET", f"/v1/conferences/{c['id']}").json()["agenda"])
                      for c in conferences),
        "registrations": sum(c["confirmed"] for c in registrations),
    }


def pages(platform, path: str, token: str | None, **params) -> list[dict]:
    items, cursor = [], None
    while True:
        page = platform.http("GET", path, token, params={**params, "limit": 100,
                                                         **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        if not (cursor := page.json()["next_cursor"]):
            return items


@pytest.fixture(scope="module")
def first_run(platform, tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("var")
    result = seed(platform.url, var_dir)
    assert result.exit_code == 0, result.output
    return var_dir, result.output, census(platform, var_dir)


def test_the_first_run_builds_the_whole_demo_network(first_run):
    var_dir, _, counted = first_run
    assert counted["organizations"] == sorted((o["name"], "verified") for o in ORGANIZATIONS)
    assert counted["partnerships"] == sorted((p["kind"], "active", len(p["activities"]))
                                             for p in PARTNERSHIPS)
    sessions = [s for t in TRAININGS for s in t["sessions"]]
    assert (counted["trainings"], counted["sessions"]) == (len(TRAININGS), len(sessions))
    assert counted["confirmed"] == sum(min(s["capacity"], len(s["participants"])) for s in sessions)
    assert counted["waitlisted"] == sum(max(0, len(s["participants"]) - s["capacity"])
                                        for s in sessions) > 0
    assert (counted["conferences"], counted["agenda"], counted["registrations"]) == (
        1, len(CONFERENCE["agenda"]) + 1, len(CONFERENCE["registrations"]))
    assert stat.S_IMODE((var_dir / "seed-keys.json").stat().st_mode) == 0o600


def test_a_second_run_creates_nothing_and_leaves_the_same_data(platform, first_run):
    var_dir, _, before = first_run
    again = seed(platform.url, var_dir)
    assert again.exit_code == 0, again.output
    assert "Nothing to create" in again.output
    assert census(platform, var_dir) == before


def test_a_lost_keys_file_costs_new_keys_and_nothing_else(platform, first_run):
    var_dir, _, before = first_run
    (var_dir / "seed-keys.json").unlink()
    again = seed(platform.url, var_dir)
    assert again.exit_code == 0, again.output
    assert "api keys" in again.output and "Nothing to create" not in again.output
    assert census(platform, var_dir) == before
    assert len(json.loads((var_dir / "seed-keys.json").read_text())) == len(ORGANIZATIONS)


def test_an_unreachable_gateway_is_said_plainly_with_a_non_zero_exit(tmp_path):
    result = seed(f"http://127.0.0.1:{free_port()}", tmp_path)
    assert result.exit_code == 3
    assert "no answer from the gateway" in result.output
    assert "Traceback" not in result.output


def test_a_refused_operator_token_stops_the_seed_with_the_apis_answer(platform, tmp_path):
    result = seed(platform.url, tmp_path, token="not-the-operator")
    assert result.exit_code == 1
    assert "401" in result.output
