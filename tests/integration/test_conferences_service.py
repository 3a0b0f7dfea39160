"""The conferences service over its RPC, against the real RabbitMQ and Mongo-wire server:
a co-organized conference from draft to check-in, proposals into the agenda, registrations
with approval, the waiting list and its promotion, and who may do what."""

from datetime import UTC, datetime, timedelta

import pytest

from services.conferences.contract.errors import (
    AgendaConflict,
    AlreadyRegistered,
    CheckInNotOpen,
    ConferenceFull,
    CoOrganizerNotVerified,
    ItemOutsideConference,
    NotAnOrganizer,
    RegistrationClosed,
    UnknownConference,
)
from services.conferences.service import ConferencesService
from tests.support.catalog_over_rpc import announce, known_organization, organization_news
from tests.support.conferences import attendee, conference_draft, talk

pytestmark = [pytest.mark.integration, pytest.mark.spy_on("registration.*", "conference.*",
                                                          "proposal.*", "attendee.*")]


@pytest.fixture
def conferences(proxy_to_running):
    return proxy_to_running(ConferencesService)


def organization(config) -> str:
    return known_organization(config, service="conferences")


def at(conference: dict, hours: float) -> str:
    start = datetime.fromisoformat(conference["starts_at"])
    return (start + timedelta(hours=hours)).astimezone(UTC).isoformat()


def test_a_co_organized_conference_with_a_proposal_on_its_agenda(conferences, config, spy):
    owner, partner, speaker = organization(config), organization(config), organization(config)
    conference = conferences.create_conference(owner, conference_draft(co_organizer_ids=[partner]))
    assert (conference["status"], conference["co_organizer_ids"]) == ("draft", [partner])
    assert conferences.search_conferences({"q": "regards croises"})["items"] == []  # a draft
    conferences.publish_conference(conference["id"], partner)  # a co-organizer manages it too
    found = conferences.search_conferences({"q": "regards croises", "country": "sn"})["items"]
    assert [c["id"] for c in found] == [conference["id"]]

    proposal = conferences.submit_proposal(conference["id"], speaker, talk())
    assert proposal["status"] == "submitted"
    with pytest.raises(NotAnOrganizer):
        conferences.accept_proposal(proposal["id"], speaker)
    assert conferences.accept_proposal(proposal["id"], owner)["status"] == "accepted"
    item = conferences.add_agenda_item(conference["id"], owner, {
        "proposal_id": proposal["id"], "starts_at": at(conference, 1),
        "ends_at": at(conference, 2), "room": "Salle A"})
    assert (item["title"], item["speakers"][0]["name"]) == (
        "Microcrédit et autonomie des femmes", "Fatou Ndiaye")
    with pytest.raises(AgendaConflict):
        conferences.add_agenda_item(conference["id"], owner, {
            "title": "Atelier", "speakers": [{"name": "Awa"}], "room": "salle a",
            "starts_at": at(conference, 1.5), "ends_at": at(conference, 3)})
    with pytest.raises(ItemOutsideConference):
        conferences.add_agenda_item(conference["id"], owner, {
            "title": "Veille", "speakers": [{"name": "Awa"}],
            "starts_at": at(conference, -2), "ends_at": at(conference, -1)})
    shown = conferences.get_conference(conference["id"])
    assert [i["id"] for i in shown["agenda"]] == [item["id"]]
    assert "BEGIN:VEVENT" in conferences.conference_calendar(conference["id"])


def test_registrations_with_approval_take_a_seat_only_when_approved(conferences, config, spy):
    owner = organization(config)
    conference = conferences.create_conference(owner, conference_draft(
        capacity=1, requires_approval=True))
    with pytest.raises(UnknownConference):  # a draft is its organizers' alone
        conferences.register(conference["id"], attendee())
    conferences.publish_conference(conference["id"], owner)
    first, second = attendee("Mariama Bah"), attendee("Aïssatou Diallo")
    awa = conferences.register(conference["id"], first)
    binta = conferences.register(conference["id"], second)
    assert [awa["status"], binta["status"]] == ["pending_approval", "pending_approval"]
    with pytest.raises(AlreadyRegistered):
        conferences.register(conference["id"], {**first, "email": first["email"].upper()})
    assert conferences.approve_registration(awa["id"], owner)["status"] == "confirmed"
    with pytest.raises(ConferenceFull):
        conferences.approve_registration(binta["id"], owner)
    assert conferences.reject_registration(binta["id"], owner)["status"] == "rejected"
    with pytest.raises(CheckInNotOpen):  # weeks before the day
        conferences.check_in(awa["id"], owner)
    listing = conferences.list_registrations(conference["id"], owner, {})
    assert listing["counts"]["confirmed"] == 1 and listing["counts"]["rejected"] == 1


def test_a_cancellation_promotes_the_first_waiting_and_cancelling_the_conference_cancels_all(
        conferences, config, spy):
    owner = organization(config)
    conference = conferences.create_conference(owner, conference_draft(capacity=1))
    conferences.publish_conference(conference["id"], owner)
    seated, waiting = (conferences.register(conference["id"], attendee()) for _ in range(2))
    assert waiting["waitlist_position"] == 1
    cancelled = conferences.cancel_registration(seated["id"], seated["cancel_token"])
    assert cancelled["status"] == "cancelled"
    assert conferences.list_registrations(conference["id"], owner, {})["counts"]["confirmed"] == 1
    assert conferences.cancel_conference(conference["id"], owner)["status"] == "cancelled"
    listing = conferences.list_registrations(conference["id"], owner, {})
    assert {r["status"] for r in listing["items"]} == {"cancelled"}
    with pytest.raises(RegistrationClosed):
        conferences.register(conference["id"], attendee())
    types = sorted(e["type"] for e in spy.events())
    assert types.count("registration.cancelled") == 2 and "registration.promoted" in types


def test_only_verified_organizations_co_organize(conferences, config):
    owner = organization(config)
    with pytest.raises(CoOrganizerNotVerified):
        conferences.create_conference(owner, conference_draft(co_organizer_ids=["a" * 24]))


def test_a_larger_capacity_seats_the_first_waiting_before_any_newcomer(conferences, config, spy):
    owner = organization(config)
    conference = conferences.create_conference(owner, conference_draft(capacity=1))
    conferences.publish_conference(conference["id"], owner)
    _, first, second = (conferences.register(conference["id"], attendee()) for _ in range(3))
    resized = conferences.change_conference(conference["id"], owner, {"capacity": 2})
    assert (resized["capacity"], resized["seats_left"], resized["waitlist_length"]) == (2, 0, 1)
    newcomer = conferences.register(conference["id"], attendee())
    assert (newcomer["status"], newcomer["waitlist_position"]) == ("waitlisted", 2)
    statuses = {r["id"]: r["status"] for r in
                conferences.list_registrations(conference["id"], owner, {})["items"]}
    assert (statuses[first["id"]], statuses[second["id"]]) == ("confirmed", "waitlisted")
    assert [e["payload"]["registration_id"] for e in spy.of_type("registration.promoted")] == [
        first["id"]]


def test_a_suspended_owners_conferences_leave_the_listing_and_come_back(conferences, config):
    owner = organization(config)
    conference = conferences.create_conference(owner, conference_draft(title="Couture à Rabat"))
    conferences.publish_conference(conference["id"], owner)

    def listed() -> bool:
        found = conferences.search_conferences({"q": "couture rabat"})["items"]
        return conference["id"] in [c["id"] for c in found]

    assert listed()
    announce(config, organization_news("suspended", owner, 3), "conferences")
    assert not listed()
    with pytest.raises(UnknownConference):
        conferences.get_conference(conference["id"])
    assert conferences.get_conference(conference["id"], owner)["status"] == "published"
    announce(config, organization_news("verified", owner, 2), "conferences")  # late: no change
    assert not listed()
    announce(config, organization_news("verified", owner, 4), "conferences")
    assert listed()
