"""Partnerships over real RPC, RabbitMQ and Mongo-wire: every event, and concurrent commands."""

import pytest

from services.partnerships.contract.errors import DuplicatePartnership, OrganizationNotVerified
from services.partnerships.models import PartnershipDocument
from tests.support.organizations import member
from tests.support.rpc_calls import concurrently
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.spy_on("partnership.*", "organization.suspended")]
TERMS = {"focus_areas": ["gender-based violence"], "description": "Training of trainers",
         "starts_on": "2027-01-15"}


def propose(partnerships, proposer, partner, kind="north_south"):
    return partnerships.propose_partnership(proposer, {**TERMS, "partner_id": partner, "kind": kind})


def test_a_partnership_lives_through_its_events(partnerships, spy, brussels, dakar):
    partnership = propose(partnerships, brussels, dakar)
    partnerships.accept_partnership(partnership["id"], dakar)
    activity = partnerships.record_activity(partnership["id"], brussels, {
        "title": "Exchange visit in Dakar", "kind": "exchange_visit", "date": "2027-03-02",
        "participants_count": 14})
    partnerships.end_partnership(partnership["id"], dakar)

    wait_until(lambda: len(spy.events()) == 4)
    proposed, accepted, recorded, ended = sorted(spy.events(), key=lambda e: e["revision"])
    assert [e["type"] for e in (proposed, accepted, recorded, ended)] == [
        "partnership.proposed", "partnership.accepted", "partnership.activity_recorded",
        "partnership.ended"]
    assert proposed["payload"]["focus_areas"] == ["gender-based violence"]
    assert recorded["payload"]["activity_id"] == activity["id"]
    assert recorded["payload"]["participants_count"] == 14
    assert ended["payload"]["ended_by"] == dakar
    assert partnerships.list_activities(partnership["id"])["items"][0]["title"] == (
        "Exchange visit in Dakar")


def test_a_declined_proposal_frees_the_pair_for_a_new_one(partnerships, spy, brussels, dakar):
    first = propose(partnerships, brussels, dakar)
    with pytest.raises(DuplicatePartnership):
        propose(partnerships, brussels, dakar)

    partnerships.decline_partnership(first["id"], dakar)
    second = propose(partnerships, brussels, dakar)

    assert second["status"] == "proposed"
    wait_until(lambda: [e["type"] for e in spy.events()].count("partnership.proposed") == 2)
    assert len(spy.of_type("partnership.declined")) == 1


def test_a_suspended_organization_cannot_propose_or_accept_and_its_partnerships_are_reported(
    partnerships, spy, brussels, dakar
):
    active = propose(partnerships, brussels, dakar)
    partnerships.accept_partnership(active["id"], dakar)
    kindu = member(partnerships, region="south", country="CD")
    pending = partnerships.propose_partnership(
        kindu, {**TERMS, "partner_id": dakar, "kind": "south_south"})

    partnerships.suspend_organization(dakar, {"reason": "under review"})

    [suspended] = wait_until(lambda: spy.of_type("organization.suspended"))
    assert suspended["payload"]["active_partnership_ids"] == [active["id"]]
    with pytest.raises(OrganizationNotVerified):
        partnerships.accept_partnership(pending["id"], dakar)
    with pytest.raises(OrganizationNotVerified):
        partnerships.propose_partnership(
            dakar, {**TERMS, "partner_id": kindu, "kind": "south_south"})


def test_both_partners_ending_at_once_end_it_once(partnerships, config, spy, brussels, dakar):
    partnership = propose(partnerships, brussels, dakar)
    partnerships.accept_partnership(partnership["id"], dakar)

    outcomes = concurrently(config, ("end_partnership", partnership["id"], brussels),
                            ("end_partnership", partnership["id"], dakar))

    assert outcomes == ["ended", "refused"]
    stored = PartnershipDocument.objects.get(pk=partnership["id"])
    assert stored.status == "ended" and stored.revision == 3
    wait_until(lambda: len(spy.of_type("partnership.ended")) == 1)


def test_an_accept_racing_a_decline_leaves_one_answer(partnerships, config, spy, brussels, dakar):
    partnership = propose(partnerships, brussels, dakar)

    outcomes = concurrently(config, ("accept_partnership", partnership["id"], dakar),
                            ("decline_partnership", partnership["id"], dakar),
                            ("accept_partnership", partnership["id"], dakar))

    assert outcomes.count("refused") == 2
    stored = PartnershipDocument.objects.get(pk=partnership["id"])
    assert stored.revision == 2
    wait_until(lambda: len(spy.events()) == 2)
    answer = max(spy.events(), key=lambda e: e["revision"])
    assert answer["type"] == {"active": "partnership.accepted",
                              "declined": "partnership.declined"}[stored.status]
