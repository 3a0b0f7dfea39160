"""An event declared once: the payload schema derived from its dataclass checks exactly what
the field types say (no database, no broker)."""

import enum
from dataclasses import dataclass
from typing import Annotated

import pytest
from marshmallow import ValidationError, validate

from shared.contract.declared_events import schema_of


class Colour(enum.StrEnum):
    RED = "red"


@dataclass(frozen=True)
class SampleHappened:
    published: bool
    seats: int
    colour: Colour
    email: Annotated[str, validate.Email()]
    ends_on: str | None
    tags: list[str]


VALID = {"published": True, "seats": 3, "colour": "red", "email": "a@example.org",
         "ends_on": None, "tags": ["literacy"]}


def test_a_payload_as_declared_loads_unchanged():
    assert schema_of(SampleHappened)().load(VALID) == VALID


@pytest.mark.parametrize("field, value", [
    ("published", "yes"), ("published", 1), ("seats", "3"), ("colour", "blue"),
    ("email", "not an address"), ("tags", [1]), ("seats", None),
])
def test_a_field_refuses_what_its_type_does_not_say(field, value):
    with pytest.raises(ValidationError) as refused:
        schema_of(SampleHappened)().load({**VALID, field: value})
    assert list(refused.value.messages) == [field]


def test_every_field_is_required_even_one_that_may_be_null():
    without_end = {name: value for name, value in VALID.items() if name != "ends_on"}
    with pytest.raises(ValidationError) as refused:
        schema_of(SampleHappened)().load(without_end)
    assert list(refused.value.messages) == ["ends_on"]
