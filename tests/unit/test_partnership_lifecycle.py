"""The partnership state machine and its kind/region rules, in plain Python."""

from datetime import UTC, date, datetime

import pytest

from services.partnerships.contract.errors import (
    ActivityLimitReached,
    IllegalTransition,
    KindDoesNotMatchRegions,
    NotAPartner,
    NotInvited,
    OrganizationNotVerified,
    SelfPartnership,
)
from services.partnerships.contract.organizations import OrganizationStatus, Region
from services.partnerships.contract.partnerships import (
    ActivityKind,
    PartnershipKind,
    PartnershipStatus,
)
from services.partnerships.domain import Activity, Organization, Partnership
from services.partnerships.domain import partnerships as rules
from shared.contract.errors import InvalidInput

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
TERMS = {"focus_areas": ["literacy"], "description": "Sharing literacy methods",
         "starts_on": date(2027, 1, 15)}


def organization(id: str, region: Region, status=OrganizationStatus.VERIFIED) -> Organization:
    return Organization(id=id, name=f"Org {id}", country="BE" if region == "north" else "SN",
                        city="x", region=region, sectors=["literacy"],
                        contact_email="a@example.org", registered_at=NOW, status=status)


BRUSSELS, LIEGE = organization("bxl", Region.NORTH), organization("lge", Region.NORTH)
DAKAR, KINDU = organization("dkr", Region.SOUTH), organization("kdu", Region.SOUTH)


def proposal(proposer=BRUSSELS, partner=DAKAR, kind=PartnershipKind.NORTH_SOUTH, **terms):
    return Partnership.propose("p1", proposer, partner, kind, NOW, **{**TERMS, **terms})


def active() -> Partnership:
    """BRUSSELS and DAKAR, accepted and stored."""
    partnership = proposal()
    partnership.accept(DAKAR, NOW)
    return partnership


def activity(by: str = "bxl") -> Activity:
    return Activity("a1", "Exchange visit in Dakar", ActivityKind.EXCHANGE_VISIT,
                    date(2027, 3, 2), by, NOW, participants_count=12)


@pytest.mark.parametrize("proposer, partner, kind", [
    (BRUSSELS, DAKAR, PartnershipKind.NORTH_SOUTH),
    (DAKAR, BRUSSELS, PartnershipKind.SOUTH_NORTH),
    (DAKAR, KINDU, PartnershipKind.SOUTH_SOUTH),
    (BRUSSELS, LIEGE, PartnershipKind.NORTH_NORTH),
])
def test_the_kind_names_who_proposes_to_whom(proposer, partner, kind):
    partnership = proposal(proposer, partner, kind)
    assert partnership.status is PartnershipStatus.PROPOSED
    assert partnership.proposed().payload()["kind"] == kind.value


@pytest.mark.parametrize("proposer, partner, kind", [
    (BRUSSELS, DAKAR, PartnershipKind.SOUTH_NORTH),
    (DAKAR, KINDU, PartnershipKind.NORTH_SOUTH),
    (BRUSSELS, LIEGE, PartnershipKind.SOUTH_SOUTH),
])
def test_a_kind_that_does_not_match_the_regions_is_refused(proposer, partner, kind):
    with pytest.raises(KindDoesNotMatchRegions) as refused:
        proposal(proposer, partner, kind)
    assert "kind" in refused.value.fields


@pytest.mark.parametrize("status", [OrganizationStatus.PENDING, OrganizationStatus.SUSPENDED])
def test_only_verified_organizations_propose_or_are_proposed_to(status):
    with pytest.raises(OrganizationNotVerified):
        proposal(proposer=organization("bxl", Region.NORTH, status))
    with pytest.raises(OrganizationNotVerified):
        proposal(partner=organization("dkr", Region.SOUTH, status))


def test_an_organization_cannot_partner_with_itself_nor_end_before_it_starts():
    with pytest.raises(SelfPartnership):  # a conflict with who calls, not invalid input
        proposal(partner=BRUSSELS, kind=PartnershipKind.NORTH_NORTH)
    with pytest.raises(InvalidInput) as refused:
        proposal(ends_on=date(2026, 12, 31))
    assert "ends_on" in refused.value.fields


def test_the_invited_organization_accepts_and_the_partnership_becomes_active():
    partnership = proposal()
    event = partnership.accept(DAKAR, NOW)
    assert partnership.status is PartnershipStatus.ACTIVE and partnership.accepted_at == NOW
    assert event.payload() == {"partnership_id": "p1", "proposer_id": "bxl", "partner_id": "dkr",
                               "kind": "north_south"}


def test_only_the_invited_organization_answers_a_proposal():
    for answer in (lambda p: p.accept(BRUSSELS, NOW), lambda p: p.decline("bxl", NOW),
                   lambda p: p.decline("kdu", NOW)):
        partnership = proposal()
        with pytest.raises(NotInvited):
            answer(partnership)
        assert partnership.status is PartnershipStatus.PROPOSED


def test_a_suspended_organization_cannot_accept():
    with pytest.raises(OrganizationNotVerified):
        proposal().accept(organization("dkr", Region.SOUTH, OrganizationStatus.SUSPENDED), NOW)


def test_the_invited_organization_may_decline():
    partnership = proposal()
    partnership.decline("dkr", NOW)
    assert partnership.status is PartnershipStatus.DECLINED and partnership.open_pair_key is None


@pytest.mark.parametrize("ender", ["bxl", "dkr"])
def test_either_partner_ends_an_active_partnership(ender):
    partnership = active()
    event = partnership.end(ender, NOW)
    assert partnership.status is PartnershipStatus.ENDED and partnership.ended_by == ender
    assert event.payload()["ended_by"] == ender


def test_a_third_organization_may_not_end_or_record():
    partnership = active()
    with pytest.raises(NotAPartner):
        partnership.end("kdu", NOW)
    with pytest.raises(NotAPartner):
        partnership.record_activity(activity(by="kdu"))
    assert partnership.status is PartnershipStatus.ACTIVE and partnership.activities == []


@pytest.mark.parametrize("status, action", [
    (PartnershipStatus.ACTIVE, lambda p: p.accept(DAKAR, NOW)),
    (PartnershipStatus.ACTIVE, lambda p: p.decline("dkr", NOW)),
    (PartnershipStatus.PROPOSED, lambda p: p.end("bxl", NOW)),
    (PartnershipStatus.PROPOSED, lambda p: p.record_activity(activity())),
    (PartnershipStatus.DECLINED, lambda p: p.accept(DAKAR, NOW)),
    (PartnershipStatus.DECLINED, lambda p: p.end("dkr", NOW)),
    (PartnershipStatus.ENDED, lambda p: p.end("dkr", NOW)),
    (PartnershipStatus.ENDED, lambda p: p.accept(DAKAR, NOW)),
    (PartnershipStatus.ENDED, lambda p: p.record_activity(activity())),
])
def test_every_illegal_transition_is_refused_and_changes_nothing(status, action):
    partnership = proposal()
    partnership.status = status
    with pytest.raises(IllegalTransition) as refused:
        action(partnership)
    assert partnership.status is status and partnership.activities == []
    assert "status" in refused.value.fields


def test_partners_record_activities_while_active():
    partnership = active()
    event = partnership.record_activity(activity(by="dkr"))
    assert [a.title for a in partnership.activities] == ["Exchange visit in Dakar"]
    assert event.payload() == {
        "partnership_id": "p1", "activity_id": "a1", "title": "Exchange visit in Dakar",
        "kind": "exchange_visit", "date": "2027-03-02", "recorded_by": "dkr",
        "participants_count": 12}


def test_a_partnership_records_a_bounded_number_of_activities(monkeypatch):
    monkeypatch.setattr(rules, "MAX_ACTIVITIES", 2)
    partnership = active()
    partnership.record_activity(activity())
    partnership.record_activity(activity())
    with pytest.raises(ActivityLimitReached):
        partnership.record_activity(activity())


def test_one_open_partnership_per_pair_and_kind_whoever_proposed():
    assert proposal().open_pair_key == "bxl:dkr:north_south"
    reverse = proposal(DAKAR, BRUSSELS, PartnershipKind.SOUTH_NORTH)
    assert reverse.open_pair_key == "bxl:dkr:south_north"
    ended = active()
    ended.end("bxl", NOW)
    assert ended.open_pair_key is None


def test_proposals_are_private_and_active_or_ended_partnerships_public():
    partnership = proposal()
    assert not partnership.is_public and partnership.involves("dkr")
    partnership.accept(DAKAR, NOW)
    assert partnership.is_public
