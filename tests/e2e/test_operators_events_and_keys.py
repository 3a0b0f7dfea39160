"""`maillage events tail` and `maillage keys` on the running platform: the tail sees an event
published while it runs (emails masked) from a queue of its own that goes away with it;
keys issued and revoked by the command work as the API's do."""

import signal
import subprocess
from urllib.parse import quote, urlparse

import pytest
import requests
from typer.testing import CliRunner

from ops.cli import app
from tests.support.broker import EventSpy
from tests.support.management import MANAGEMENT
from tests.support.mongo_wire import ROOT
from tests.support.organizations import apply, published_about, verified_organization
from tests.support.platform import OPERATOR_TOKEN
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e


def tail_queues(platform) -> list[str]:
    vhost = urlparse(platform.env["AMQP_URI"]).path.lstrip("/")
    queues = requests.get(f"{MANAGEMENT}/queues/{quote(vhost, safe='')}", timeout=10).json()
    return [q["name"] for q in queues if q["name"].startswith("maillage.tail.")]


def test_the_tail_shows_an_event_published_while_it_runs_and_leaves_nothing(platform, tmp_path):
    spy = EventSpy(platform.env["AMQP_URI"], "organization.verified")
    output = tmp_path / "tail.out"
    with output.open("w") as out:
        tail = subprocess.Popen([str(ROOT / ".venv/bin/maillage"), "events", "tail",
                                 "--type", "organization.*", "--type", "partnership.*", "--full"],
                                env={**platform.env, "COLUMNS": "300"}, stdout=out,
                                stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: "tailing organization.*, partnership.*" in output.read_text(), timeout=20)
        organization = verified_organization(platform, contact_email="fatou.diop@example.sn")
        [event] = wait_until(lambda: published_about(spy, "organization.verified",
                                                     organization["id"]))
        [line] = wait_until(lambda: [line for line in output.read_text().splitlines()
                                     if event["id"] in line], timeout=10)
        assert "organization.verified" in line and "<email>" in line
        assert "fatou.diop" not in output.read_text()
        assert len(tail_queues(platform)) == 1
    finally:
        tail.send_signal(signal.SIGINT)
        assert tail.wait(timeout=10) == 0, output.read_text()
    assert "Traceback" not in output.read_text()
    wait_until(lambda: tail_queues(platform) == [])  # auto-deleted with its connection


def maillage(platform, *args: str):
    return CliRunner().invoke(app, list(args), env={
        "MAILLAGE_API": platform.url, "MAILLAGE_OPERATOR_TOKEN": OPERATOR_TOKEN, "COLUMNS": "300"})


def test_a_key_issued_by_the_command_works_until_the_command_revokes_it(platform):
    organization = verified_organization(platform)

    issued = maillage(platform, "keys", "issue", organization["id"])

    assert issued.exit_code == 0, issued.output
    [key] = [line for line in issued.output.splitlines() if line.startswith("mlg_")]
    [key_id] = [word for line in issued.output.splitlines() if line.startswith("issued key ")
                for word in line.split()[2:3]]
    assert platform.http("GET", "/v1/me", key).json()["organization_id"] == organization["id"]

    revoked = maillage(platform, "keys", "revoke", organization["id"], key_id)

    assert revoked.exit_code == 0 and f"revoked key {key_id}" in revoked.output
    assert platform.http("GET", "/v1/me", key).status_code == 401


def test_the_command_says_why_a_key_is_refused_or_the_gateway_unreachable(platform):
    pending = apply(platform)
    refused = maillage(platform, "keys", "issue", pending["id"])
    assert refused.exit_code == 1 and "ORGANIZATION_NOT_VERIFIED" in refused.output

    unreachable = CliRunner().invoke(app, ["keys", "issue", pending["id"]], env={
        "MAILLAGE_API": "http://127.0.0.1:9", "MAILLAGE_OPERATOR_TOKEN": OPERATOR_TOKEN})
    assert unreachable.exit_code == 3 and "no answer from the gateway" in unreachable.output
    assert unreachable.exception is None or isinstance(unreachable.exception, SystemExit)
