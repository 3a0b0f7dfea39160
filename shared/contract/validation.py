"""Validating input at a boundary (RPC, HTTP): a clear, field-level error, nothing else."""

from typing import Any

from marshmallow import Schema, ValidationError

from shared.contract.errors import InvalidInput


def load(schema: Schema, data: Any, **kwargs) -> Any:
    try:
        return schema.load(data, **kwargs)
    except ValidationError as exc:
        fields = exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}
        raise InvalidInput("some fields are invalid", fields) from None


def check(schema: Schema, data: Any) -> Any:
    """Validates data and returns it as it came (to forward it to the service that owns it)."""
    load(schema, data)
    return data
