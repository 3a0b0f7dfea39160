"""An operator repairs what failed, with `maillage dlq`, on the real platform: organizations
verified while the catalog has a bug are dead-lettered by the catalog; `dlq list` shows
them with the error; once the bug is fixed, `dlq replay ID` has the catalog handle that one
event exactly once, and the others stay dead letters until replayed in turn."""

import time

import pytest
from typer.testing import CliRunner

from ops.cli import app
from tests.support.broker import EventSpy
from tests.support.organizations import catalog_replica, published_about, verified_organization
from tests.support.platform import platform_on_own_vhost
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e
DEAD_LETTERS = "catalog.organization_replica.dead"


@pytest.fixture(scope="module")
def bug(tmp_path_factory):
    return tmp_path_factory.mktemp("bug") / "catalog-bug"


@pytest.fixture(scope="module")
def handled(tmp_path_factory):
    return tmp_path_factory.mktemp("handled") / "catalog-handled"


@pytest.fixture(scope="module")
def platform(vhost_pipeline, mongo_uri, tmp_path_factory, bug, handled):
    """The platform with tests/e2e/catalog_with_a_bug.py in place of the catalog."""
    bug.write_text("on")
    with platform_on_own_vhost(vhost_pipeline, mongo_uri, tmp_path_factory.mktemp("logs")) as running:
        running.start_all(
            targets={"catalog": "tests/e2e/catalog_with_a_bug.py"},
            extra_env={"catalog": {"CATALOG_BUG_FILE": str(bug), "CATALOG_HANDLED_FILE": str(handled)}})
        yield running


def maillage(platform, *args: str):
    return CliRunner().invoke(app, list(args), env={"AMQP_URI": platform.env["AMQP_URI"],
                                                    "COLUMNS": "300"})


def handlings(handled, event_id: str) -> int:
    return handled.read_text().split().count(event_id) if handled.exists() else 0


def test_a_poisoned_event_is_listed_then_replayed_once_after_the_fix(platform, bug, handled):
    spy = EventSpy(platform.env["AMQP_URI"], "organization.verified")
    first, second = verified_organization(platform), verified_organization(platform)
    [first_event] = wait_until(lambda: published_about(spy, "organization.verified", first["id"]))
    [second_event] = wait_until(lambda: published_about(spy, "organization.verified", second["id"]))

    listed = wait_until(lambda: (out := maillage(platform, "dlq", "list", "catalog").output)
                        .count("catalog bug: cannot replicate") == 2 and out, timeout=20)
    assert first_event["id"] in listed and second_event["id"] in listed
    assert catalog_replica(platform, first["id"]) == {}

    bug.unlink()  # the fix is deployed
    replayed = maillage(platform, "dlq", "replay", first_event["id"])

    assert replayed.exit_code == 0, replayed.output
    wait_until(lambda: catalog_replica(platform, first["id"]).get("status") == "verified")
    still = maillage(platform, "dlq", "list", "catalog").output
    assert second_event["id"] in still and first_event["id"] not in still
    assert catalog_replica(platform, second["id"]) == {}

    assert maillage(platform, "dlq", "replay", "--all", "--queue", DEAD_LETTERS).exit_code == 0
    wait_until(lambda: catalog_replica(platform, second["id"]).get("status") == "verified")
    # the handler notes an event once its effect is written: wait for the note, then for any
    # second handling to show
    wait_until(lambda: handlings(handled, second_event["id"]) >= 1)
    time.sleep(1.0)
    assert handlings(handled, first_event["id"]) == 1
    assert handlings(handled, second_event["id"]) == 1
    assert maillage(platform, "dlq", "show", first_event["id"]).exit_code == 1  # gone for good
