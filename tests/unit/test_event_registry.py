"""Producers validate strictly; consumers read tolerantly, upcast old versions, reject the rest."""

import json

import pytest
from marshmallow import Schema, fields

from shared.contract.events import EventRegistry, EventRejected, EventType


class GreetedV2(Schema):
    person = fields.String(required=True)
    language = fields.String(required=True)


@pytest.fixture
def registry():
    events = EventRegistry()
    events.register(EventType("person.greeted", 2, GreetedV2,
                              upcasters={1: lambda p: {"person": p["name"], "language": "fr"}}))
    return events


def wire(registry, **overrides) -> bytes:
    event = registry.new_event("person.greeted", {"person": "Awa", "language": "en"}, "tests", "c1")
    envelope = json.loads(event.to_json())
    envelope.update(overrides)
    return json.dumps(envelope).encode()


def test_an_event_round_trips_through_its_envelope(registry):
    event = registry.read(wire(registry))
    assert (event.type, event.version, event.producer, event.correlation_id) == (
        "person.greeted", 2, "tests", "c1")
    assert event.payload == {"person": "Awa", "language": "en"}
    assert event.occurred_at.tzinfo is not None


def test_a_producer_cannot_emit_a_payload_that_breaks_the_contract(registry):
    with pytest.raises(ValueError, match="language"):
        registry.new_event("person.greeted", {"person": "Awa"}, "tests", "c1")
    with pytest.raises(ValueError, match="mood"):
        registry.new_event("person.greeted", {"person": "Awa", "language": "fr", "mood": "x"},
                           "tests", "c1")


def test_a_consumer_ignores_fields_it_does_not_know(registry):
    event = registry.read(wire(registry, payload={"person": "Awa", "language": "en", "new": 1}))
    assert event.payload == {"person": "Awa", "language": "en"}


def test_an_older_version_is_upcast(registry):
    event = registry.read(wire(registry, version=1, payload={"name": "Awa"}))
    assert event.version == 2 and event.payload == {"person": "Awa", "language": "fr"}


@pytest.mark.parametrize("body, reason", [
    (b"\xff\xfe", "not JSON"),
    (b"[]", "not a JSON object"),
    (b'{"type": "person.greeted"}', "invalid envelope"),
])
def test_what_is_not_an_envelope_is_rejected(registry, body, reason):
    with pytest.raises(EventRejected, match=reason):
        registry.read(body)


@pytest.mark.parametrize("overrides, reason", [
    ({"version": 3}, "unknown event person.greeted v3"),
    ({"type": "person.waved"}, "unknown event person.waved v2"),
    ({"payload": {"person": 42, "language": "en"}}, "invalid person.greeted payload"),
    ({"occurred_at": "2026-11-29T10:00:00"}, "invalid envelope"),  # no offset
])
def test_unknown_versions_types_and_invalid_payloads_are_rejected(registry, overrides, reason):
    with pytest.raises(EventRejected, match=reason):
        registry.read(wire(registry, **overrides))


def test_a_type_cannot_be_registered_twice_differently(registry):
    with pytest.raises(ValueError):
        registry.register(EventType("person.greeted", 3, GreetedV2))
