"""Typed errors that keep their type across nameko RPC.

A service raises e.g. `UnknownOrganization("no organization 42")`; the gateway receives the
same class (every subclass registers itself with nameko's deserializer) and maps its
category to an HTTP status in one table. `code` is the machine-readable error code of the
public API; `fields` the field-level messages of an invalid input.
"""

from typing import Any, ClassVar

from nameko.exceptions import deserialize_to_instance


class MaillageError(Exception):
    code: ClassVar[str] = "ERROR"

    def __init__(self, message: str, fields: dict[str, Any] | None = None):
        super().__init__(message, fields or {})

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        deserialize_to_instance(cls)

    @property
    def message(self) -> str:
        return self.args[0]

    @property
    def fields(self) -> dict[str, Any]:
        return self.args[1]

    def __str__(self) -> str:
        return self.message


deserialize_to_instance(MaillageError)


class InvalidInput(MaillageError):
    code = "INVALID_INPUT"


class NotFound(MaillageError):
    code = "NOT_FOUND"


class Conflict(MaillageError):
    code = "CONFLICT"


class Unauthorized(MaillageError):
    code = "UNAUTHORIZED"


class Forbidden(MaillageError):
    code = "FORBIDDEN"


class ConcurrentModification(Conflict):
    """An aggregate kept changing while a command was deciding on it; retry the command."""

    code = "CONCURRENT_MODIFICATION"
