"""The organization state machine and naming rules, in plain Python."""

from datetime import UTC, datetime

import pytest

from services.partnerships.contract.errors import IllegalTransition
from services.partnerships.contract.events import OrganizationSuspended, OrganizationVerified
from services.partnerships.contract.organizations import OrganizationStatus, Region
from services.partnerships.domain import Organization, name_key

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


def organization(status=OrganizationStatus.PENDING) -> Organization:
    return Organization(
        id="o1", name="Collectif des Femmes", country="BE", city="Louvain-la-Neuve",
        region=Region.NORTH, sectors=["literacy"], contact_email="info@example.org",
        registered_at=NOW, status=status,
    )


def test_an_application_is_pending_and_registered():
    applicant = organization()
    event = applicant.registered()
    assert applicant.status is OrganizationStatus.PENDING
    assert (event.organization_id, event.region) == ("o1", "north")


def test_verifying_a_pending_organization_announces_it_with_what_replicas_need():
    applicant = organization()
    event = applicant.verify(NOW)
    assert applicant.status is OrganizationStatus.VERIFIED and applicant.verified_at == NOW
    assert isinstance(event, OrganizationVerified)
    assert event.payload() == {
        "organization_id": "o1", "name": "Collectif des Femmes", "country": "BE",
        "city": "Louvain-la-Neuve", "region": "north", "sectors": ["literacy"],
        "contact_email": "info@example.org", "language": "fr",
    }


@pytest.mark.parametrize("status", [OrganizationStatus.PENDING, OrganizationStatus.VERIFIED])
def test_a_pending_or_verified_organization_can_be_suspended(status):
    member = organization(status)
    event = member.suspend("inactive", NOW, ["p1"])
    assert member.status is OrganizationStatus.SUSPENDED and member.suspension_reason == "inactive"
    assert event == OrganizationSuspended("o1", "inactive", ["p1"])


def test_a_suspended_organization_can_be_reinstated_and_forgets_its_suspension():
    member = organization(OrganizationStatus.SUSPENDED)
    member.suspended_at, member.suspension_reason = NOW, "inactive"
    member.verify(NOW)
    assert member.status is OrganizationStatus.VERIFIED
    assert member.suspended_at is None and member.suspension_reason is None


@pytest.mark.parametrize("status, action", [
    (OrganizationStatus.VERIFIED, lambda o: o.verify(NOW)),
    (OrganizationStatus.SUSPENDED, lambda o: o.suspend("again", NOW, [])),
])
def test_an_illegal_transition_is_refused_and_changes_nothing(status, action):
    member = organization(status)
    with pytest.raises(IllegalTransition) as refused:
        action(member)
    assert member.status is status
    assert "status" in refused.value.fields


def test_names_compare_without_case_accents_or_extra_spaces():
    assert name_key("  Vie  Féminine NAMUR ") == name_key("vie feminine namur")
    assert name_key("Femmes d'Afrique") != name_key("Femmes d'Asie")
