"""Events declared once: a past-tense dataclass is the event, its payload schema is derived.

    @event("organization.verified", version=2)
    @dataclass(frozen=True)
    class OrganizationVerified(DomainEvent):
        organization_id: str
        contact_email: Annotated[str, validate.Email()]
        region: Region                       # an enum: its values, nothing else
        ends_on: str | None                  # present, may be null

A field's type says what the schema checks (str, int, bool, float, an enum, a list of those,
`X | None` for null) and `Annotated[T, validator, ...]` adds marshmallow validators. The
domain builds these objects; the repository wraps them in an envelope stamped with the
aggregate's id and the revision its write produces (shared/contract/events.py).
"""

import dataclasses
import enum
import types
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, TypedDict, TypeVar, Union, get_args, get_origin, get_type_hints

from marshmallow import Schema, fields, validate

from shared.contract.events import EventType, Payload, Upcaster, registry


class StrictBoolean(fields.Boolean):
    """true or false, nothing else: marshmallow's Boolean also takes "yes", "on", 1..."""

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None,
                     **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


SCALARS: dict[type, Callable[..., fields.Field]] = {
    bool: StrictBoolean,
    int: lambda **kw: fields.Integer(strict=True, **kw),
    float: fields.Float,
    str: fields.String,
    datetime: fields.AwareDateTime,
    date: fields.Date,
}


class DomainEvent:
    """Base of the past-tense event dataclasses a domain returns (`OrganizationVerified`)."""

    event_type: ClassVar[str]
    version: ClassVar[int]

    def payload(self) -> Payload:
        return dataclasses.asdict(self)  # type: ignore[call-overload]  # subclasses are dataclasses


E = TypeVar("E", bound=type[DomainEvent])


class EventOptions(TypedDict, total=False):
    """What several events of one producer share: `@event(name, 2, **ORGANIZATION_V1)`."""

    upcasters: dict[int, Upcaster]
    subject: str


def event(name: str, version: int, *, upcasters: dict[int, Upcaster] | None = None,
          subject: str | None = None) -> Callable[[E], E]:
    """Registers the decorated dataclass as version `version` of event type `name`."""

    def declare(cls: E) -> E:
        cls.event_type, cls.version = name, version
        registry.register(EventType(name, version, schema_of(cls), dict(upcasters or {}), subject))
        return cls

    return declare


def schema_of(cls: type) -> type[Schema]:
    """The marshmallow schema of a dataclass's fields: every field required, as typed."""
    hints = get_type_hints(cls, include_extras=True)
    declared = {f.name: field_of(hints[f.name]) for f in dataclasses.fields(cls)}
    return Schema.from_dict(declared, name=f"{cls.__name__}Schema")


def field_of(hint: Any, **options: Any) -> fields.Field:
    validators: list = []
    if get_origin(hint) is Annotated:
        hint, *validators = get_args(hint)
    if get_origin(hint) in (Union, types.UnionType):
        (hint,) = [arg for arg in get_args(hint) if arg is not type(None)]
        options["allow_none"] = True
    options = {"required": True, **options, "validate": validators or None}
    if get_origin(hint) is list:
        (item,) = get_args(hint)
        return fields.List(field_of(item, required=False), **options)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        choices = validate.OneOf([member.value for member in hint])
        return fields.String(**{**options, "validate": [choices, *validators]})
    if hint in SCALARS:
        return SCALARS[hint](**options)
    raise TypeError(f"no schema field for {hint!r}: use a scalar, an enum or a list of them")
