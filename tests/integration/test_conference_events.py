"""Every event the conferences service declares goes out on the broker (outbox, relay,
RabbitMQ) carrying what a notification needs: the person's name, email and language, the
conference's title, dates, time zone and venue; a proposal's title, language and speakers."""

from datetime import datetime, timedelta

import pytest

from services.conferences import service
from services.conferences.contract import events
from services.conferences.service import ConferencesService
from shared.runtime import clock
from tests.support.conferences import attendee, talk
from tests.support.conferences_over_rpc import organization, published
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.integration,
              pytest.mark.spy_on("conference.*", "proposal.*", "registration.*", "attendee.*")]
DECLARED = {kind.event_type for kind in vars(events).values()
            if isinstance(kind, type) and hasattr(kind, "event_type")}


@pytest.fixture
def conferences(proxy_to_running):
    return proxy_to_running(ConferencesService)


def test_every_declared_event_is_published_with_what_notifications_need(
        conferences, config, spy, monkeypatch):
    owner, speaker = organization(config), organization(config)
    vetted = published(conferences, owner, capacity=1, requires_approval=True)
    accepted, rejected = (conferences.submit_proposal(vetted["id"], speaker, talk(title))
                          for title in ("Microcrédit à Thiès", "Le numérique à Kinshasa"))
    conferences.accept_proposal(accepted["id"], owner)
    conferences.reject_proposal(rejected["id"], owner)
    mariama, aissatou = attendee("Mariama Bah", language="en"), attendee("Aïssatou Diallo")
    conferences.approve_registration(conferences.register(vetted["id"], mariama)["id"], owner)
    conferences.reject_registration(conferences.register(vetted["id"], aissatou)["id"], owner)

    open_to_all = published(conferences, owner, capacity=1, days=2)
    seated, waiting = (conferences.register(open_to_all["id"], attendee()) for _ in range(2))
    conferences.cancel_registration(seated["id"], seated["cancel_token"])  # waiting promoted
    monkeypatch.setattr(service, "now", lambda: clock.now() + timedelta(days=2, hours=1))
    conferences.check_in(waiting["id"], owner)
    conferences.cancel_conference(open_to_all["id"], owner)

    seen = wait_until(lambda: {e["type"] for e in spy.events()} >= DECLARED and spy.events())
    assert len(DECLARED) == 13 and {e["type"] for e in seen} == DECLARED
    conference_of = {c["id"]: c for c in (vetted, open_to_all)}
    for event in seen:
        payload = event["payload"]
        if event["type"].startswith("proposal."):
            assert (payload["conference_title"], payload["language"], payload["speakers"]) == (
                vetted["title"], "fr", ["Fatou Ndiaye"]), event
            assert payload["title"] in ("Microcrédit à Thiès", "Le numérique à Kinshasa")
            continue
        assert_says_when_and_where(payload, conference_of[payload["conference_id"]])
        if "registration_id" in payload:
            assert payload["participant_name"] and "@" in payload["email"], event
    [approved] = spy.of_type("registration.approved")
    assert (approved["payload"]["participant_name"], approved["payload"]["email"],
            approved["payload"]["language"]) == ("Mariama Bah", mariama["email"], "en")
    [promoted] = spy.of_type("registration.promoted")
    assert promoted["payload"]["registration_id"] == waiting["id"]
    cancelled_by = sorted(e["payload"]["cancelled_by"] for e in spy.of_type("registration.cancelled"))
    assert cancelled_by == ["conference_cancelled", "participant"]


def assert_says_when_and_where(payload: dict, conference: dict) -> None:
    """The conference's title, dates, time zone and venue, as it was answered."""
    assert payload["title"] == conference["title"]
    for moment in ("starts_at", "ends_at"):
        assert datetime.fromisoformat(payload[moment]) == datetime.fromisoformat(conference[moment])
    venue = conference["venue"]
    assert (payload["time_zone"], payload["city"], payload["country"], payload["address"]) == (
        conference["time_zone"], venue["city"], venue["country"], venue["address"])
