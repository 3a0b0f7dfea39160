"""The partnerships service over real RPC, RabbitMQ and Mongo-wire: its events and its
behaviour under concurrent commands."""

import pytest

from services.partnerships.models import OrganizationDocument
from shared.contract.errors import InvalidInput
from tests.support.organizations import application
from tests.support.rpc_calls import concurrently
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.spy_on("organization.*")]


def test_each_change_publishes_its_event_with_the_organizations_revision(partnerships, spy):
    organization = partnerships.apply_organization(application(name="Awa", region="south",
                                                               country="SN", city="Dakar"))
    partnerships.verify_organization(organization["id"])
    partnerships.suspend_organization(organization["id"], {"reason": "inactive"})

    wait_until(lambda: len(spy.events()) == 3)
    registered, verified, suspended = sorted(spy.events(), key=lambda e: e["revision"])
    assert [e["type"] for e in (registered, verified, suspended)] == [
        "organization.registered", "organization.verified", "organization.suspended"]
    assert verified["payload"]["name"] == "Awa" and verified["payload"]["region"] == "south"
    assert suspended["payload"] == {"organization_id": organization["id"], "reason": "inactive",
                                    "active_partnership_ids": []}
    assert (suspended["version"], suspended["aggregate_id"], suspended["revision"]) == (
        3, organization["id"], 3)
    assert all(e["producer"] == "partnerships" for e in spy.events())
    wait_until(lambda: OrganizationDocument.objects.get(pk=organization["id"]).outbox == [])


def test_invalid_input_over_rpc_is_refused_with_field_messages_and_writes_nothing(
    partnerships, spy
):
    with pytest.raises(InvalidInput) as refused:
        partnerships.apply_organization({**application(), "country": "Belgium"})
    assert "country" in refused.value.fields
    with pytest.raises(InvalidInput):
        partnerships.suspend_organization("x", {"reason": ""})
    assert OrganizationDocument.objects.count() == 0
    assert spy.events() == []


def test_of_many_concurrent_verifications_exactly_one_wins(partnerships, config, spy):
    organization = partnerships.apply_organization(application())

    outcomes = concurrently(config, *[("verify_organization", organization["id"])] * 8)

    assert sorted(outcomes) == ["refused"] * 7 + ["verified"]
    wait_until(lambda: len(spy.of_type("organization.verified")) == 1)
    assert OrganizationDocument.objects.get(pk=organization["id"]).revision == 2


def test_a_suspension_racing_a_verification_leaves_state_and_events_in_agreement(
    partnerships, config, spy
):
    organization = partnerships.apply_organization(application())

    concurrently(config, ("verify_organization", organization["id"]),
                 ("suspend_organization", organization["id"], {"reason": "race"}))

    stored = OrganizationDocument.objects.get(pk=organization["id"])
    wait_until(lambda: len(spy.events()) == stored.revision)
    last = max(spy.events(), key=lambda e: e["revision"])
    assert last["type"] == f"organization.{stored.status}"
