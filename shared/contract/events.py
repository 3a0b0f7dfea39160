"""The event envelope and the registry of event types, their versions and upcasters.

Every event that crosses the broker is one envelope:
    {"id", "type", "version", "occurred_at", "producer", "correlation_id", "payload",
     "aggregate_id", "revision"}
`aggregate_id` and `revision` name the aggregate whose change the event reports and the
revision that change produced (stamped by the producer's repository, not by its domain), so
a replica elsewhere can tell a newer fact from an older one that arrives late. Events of one
write share its revision.
Producers validate payloads strictly against the schema of the version they emit;
consumers read tolerantly: unknown fields are dropped, older versions are upcast to the one
they know, versions they do not know are rejected (and dead-lettered by the consumer).
"""

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validate

Payload = dict[str, Any]
Upcaster = Callable[[Payload], Payload]


class EventRejected(Exception):
    """An incoming message that can never be handled: malformed, unknown, or invalid."""


class EnvelopeSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    type = fields.String(required=True, validate=validate.Regexp(r"^[a-z_]+(\.[a-z_]+)+$"))
    version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    occurred_at = fields.AwareDateTime(required=True)
    producer = fields.String(required=True, validate=validate.Length(min=1))
    correlation_id = fields.String(required=True, validate=validate.Length(min=1, max=128))
    payload = fields.Dict(required=True)
    aggregate_id = fields.String(load_default=None, allow_none=True,
                                 validate=validate.Length(min=1, max=128))
    revision = fields.Integer(load_default=None, allow_none=True, strict=True,
                              validate=validate.Range(min=1))


@dataclass(frozen=True)
class Event:
    """An event: outgoing ones carry their payload in wire form (JSON types), incoming ones
    as loaded by their schema (dates as datetimes, unknown fields dropped)."""

    id: str
    type: str
    version: int
    occurred_at: datetime
    producer: str
    correlation_id: str
    payload: Payload
    aggregate_id: str | None = None
    revision: int | None = None

    def to_json(self) -> bytes:
        return json.dumps(ENVELOPE.dump(self)).encode()


ENVELOPE = EnvelopeSchema()  # schemas are stateless once built, and building one is costly


@dataclass
class EventType:
    name: str
    version: int
    schema: type[Schema]
    # upcasters[v] turns a version-v payload into a version-(v+1) payload
    upcasters: dict[int, Upcaster] = field(default_factory=dict)
    # the payload field that named the aggregate in versions that carried their revision in
    # the payload (before envelopes had `aggregate_id` and `revision`)
    subject: str | None = None

    def __post_init__(self) -> None:
        self.strict = self.schema(unknown=RAISE)  # what producers must send
        self.tolerant = self.schema(unknown=EXCLUDE)  # what consumers read

    def accepts(self, version: int) -> bool:
        return version == self.version or (
            version < self.version and all(v in self.upcasters for v in range(version, self.version))
        )


class EventRegistry:
    def __init__(self) -> None:
        self._types: dict[str, EventType] = {}

    def register(self, event_type: EventType) -> EventType:
        known = self._types.get(event_type.name)
        if known is not None and known != event_type:
            raise ValueError(f"event type {event_type.name} is already registered differently")
        self._types[event_type.name] = event_type
        return event_type

    def get(self, name: str) -> EventType:
        try:
            return self._types[name]
        except KeyError:
            raise LookupError(f"unknown event type {name!r}") from None

    def new_event(self, name: str, payload: Payload, producer: str, correlation_id: str, *,
                  aggregate_id: str | None = None, revision: int | None = None) -> Event:
        """Builds an outgoing event, refusing a payload that breaks its own contract."""
        event_type = self.get(name)
        schema = event_type.strict
        wire_payload = schema.dump(payload)  # dump drops unknown keys: look for them first
        unknown = {key: ["Unknown field."] for key in payload if key not in schema.fields}
        errors = unknown or schema.validate(wire_payload)
        if errors:
            raise ValueError(f"{name} v{event_type.version} payload is invalid: {errors}")
        return Event(
            id=uuid.uuid4().hex,
            type=name,
            version=event_type.version,
            occurred_at=datetime.now(UTC),
            producer=producer,
            correlation_id=correlation_id,
            payload=wire_payload,
            aggregate_id=aggregate_id,
            revision=revision,
        )

    def read(self, body: bytes | str | dict) -> Event:
        """Parses an incoming message into an Event of the version this code knows."""
        try:
            raw = json.loads(body) if isinstance(body, bytes | str) else body
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:  # nested too deep
            raise EventRejected(f"not JSON: {exc}") from None
        if not isinstance(raw, dict):
            raise EventRejected("the envelope is not a JSON object")
        try:
            envelope = ENVELOPE.load(raw)
        except ValidationError as exc:
            raise EventRejected(f"invalid envelope: {exc.messages}") from None
        event_type = self._types.get(envelope["type"])
        if event_type is None or not event_type.accepts(envelope["version"]):
            raise EventRejected(f"unknown event {envelope['type']} v{envelope['version']}")
        payload = envelope["payload"]
        envelope.update(_stamp_of_older_version(envelope, event_type))
        try:
            for version in range(envelope["version"], event_type.version):
                payload = event_type.upcasters[version](payload)
        except Exception as exc:  # an old payload its upcaster cannot read: never handleable
            raise EventRejected(f"{event_type.name} v{envelope['version']} could not be upcast: "
                                f"{exc!r}") from None
        try:
            payload = event_type.tolerant.load(payload)
        except ValidationError as exc:
            raise EventRejected(f"invalid {event_type.name} payload: {exc.messages}") from None
        return Event(**{**envelope, "version": event_type.version, "payload": payload})


def _stamp_of_older_version(envelope: dict, event_type: EventType) -> dict:
    """An envelope from before the stamp: its payload carried the revision (and the id)."""
    payload = envelope["payload"]
    if envelope["revision"] is not None or not isinstance(payload.get("revision"), int):
        return {}
    subject = payload.get(event_type.subject) if event_type.subject else None
    return {"revision": payload["revision"],
            "aggregate_id": envelope["aggregate_id"] or (str(subject) if subject else None)}


registry = EventRegistry()
