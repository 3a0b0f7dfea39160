"""Input schemas, cursors, replica rules and replay routing: small rules at the edges."""

from datetime import UTC, datetime

import pytest
from bson import ObjectId
from marshmallow import ValidationError

from services.partnerships.contract.organizations import (
    OrganizationApplicationSchema,
    OrganizationFiltersSchema,
)
from shared.contract.events import Event
from shared.contract.paging import decode_cursor, encode_cursor
from shared.messaging.replay import destination
from shared.storage.organization_replicas import replica_update


def test_an_application_gets_defaults_for_what_is_optional():
    loaded = OrganizationApplicationSchema().load({
        "name": "Awa", "country": "SN", "city": "Dakar", "region": "south",
        "sectors": ["literacy"], "contact_email": "awa@example.sn"})
    assert (loaded["language"], loaded["website"], loaded["description"]) == ("fr", None, None)


def test_filters_refuse_unknown_values():
    errors = OrganizationFiltersSchema().validate({"region": "west", "country": "ZZ", "limit": "0"})
    assert set(errors) == {"region", "country", "limit"}
    assert errors["country"] == ["Not an ISO 3166-1 alpha-2 country code (e.g. BE, SN, CD)."]


def test_a_cursor_round_trips_and_a_forged_one_is_refused():
    last_id = str(ObjectId())
    assert decode_cursor(encode_cursor(last_id)) == last_id
    for forged in ("%%%", "bm90LWFuLWlk", ""):  # base64 of "not-an-id"
        with pytest.raises(ValidationError):
            decode_cursor(forged)


def event(kind: str, payload: dict) -> Event:
    return Event("e1", kind, 1, datetime.now(UTC), "partnerships", "c1", payload)


def test_a_verification_copies_what_the_catalog_needs():
    changes = replica_update(event("organization.verified", {
        "organization_id": "o1", "name": "Awa", "country": "SN", "city": "Dakar",
        "region": "south", "sectors": ["literacy"], "contact_email": "a@b.sn",
        "language": "fr", "revision": 2}))
    assert changes["status"] == "verified" and changes["name"] == "Awa"
    assert "contact_email" not in changes  # the catalog keeps no contact data it does not need


def test_a_v1_suspension_reads_as_the_latest_with_no_active_partnerships_and_its_revision():
    import json

    import services.partnerships.contract.events  # noqa: F401  (registers organization.*)
    from shared.contract.events import registry
    v1 = {"id": "e1", "type": "organization.suspended", "version": 1,
          "occurred_at": "2026-11-29T10:00:00+00:00", "producer": "partnerships",
          "correlation_id": "c1", "payload": {"organization_id": "o1", "reason": "x", "revision": 3}}
    event = registry.read(json.dumps(v1))
    assert event.version == 3 and event.payload == {
        "organization_id": "o1", "reason": "x", "active_partnership_ids": []}
    assert (event.aggregate_id, event.revision) == ("o1", 3)  # carried by the payload in v1


def test_a_suspension_only_changes_the_status():
    changes = replica_update(event("organization.suspended",
                                   {"organization_id": "o1", "reason": "x", "revision": 3}))
    assert set(changes) == {"status", "updated_at"} and changes["status"] == "suspended"


def test_replays_go_back_where_the_messages_came_from():
    assert destination("maillage.unrouted.held", "organization.verified") == (
        "maillage.events", "organization.verified")
    assert destination("catalog.organization_replica.dead", "ignored") == (
        "", "catalog.organization_replica")
    with pytest.raises(ValueError):
        destination("catalog.organization_replica", "x")
