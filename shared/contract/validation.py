"""Validating input at a boundary (RPC, HTTP): a clear, field-level error, nothing else; and
writing answers. Both take a schema's class: each class is built once (building one copies
its fields, which cost more than most loads; a schema keeps no state between calls)."""

import functools
from typing import Any

from marshmallow import Schema, ValidationError

from shared.contract.errors import InvalidInput


@functools.cache
def built(schema: type[Schema]) -> Schema:
    """The one instance of `schema`."""
    return schema()


def load(schema: type[Schema], data: Any, **kwargs) -> Any:
    try:
        return built(schema).load(data, **kwargs)
    except ValidationError as exc:
        fields = exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}
        raise InvalidInput("some fields are invalid", fields) from None


def check(schema: type[Schema], data: Any) -> Any:
    """Validates data and returns it as it came (to forward it to the service that owns it)."""
    load(schema, data)
    return data


def dump(schema: type[Schema], value: Any, many: bool = False) -> Any:
    """`value` (one, or a list of them with `many`) as `schema` writes it."""
    return built(schema).dump(value, many=many)
