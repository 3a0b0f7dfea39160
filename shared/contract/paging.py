"""Cursor pages, as the API declares them: `limit` (default 20, max 100) and an opaque `cursor`.

Items are ordered by their id, which grows with creation time (ObjectId), so the cursor is
simply the last id seen: its 12 bytes in URL-safe base64, 16 characters. Every string of 16
such characters decodes to some id, so the pattern the API declares for a cursor admits
exactly what the server accepts: a cursor no page ever returned is the page after that id
(perhaps empty), never an error.
"""

import base64
import re

from bson import ObjectId
from marshmallow import Schema, ValidationError, fields, validate

DEFAULT_LIMIT, MAX_LIMIT = 20, 100
_CURSOR = r"[A-Za-z0-9_-]{16}"
CURSOR_PATTERN = rf"^{_CURSOR}$"  # declared in the OpenAPI document (ECMA-262 syntax)
_cursor_format = re.compile(_CURSOR)


def encode_cursor(last_id: str) -> str:
    return base64.urlsafe_b64encode(ObjectId(last_id).binary).decode()


def decode_cursor(cursor: str) -> str:
    if not _cursor_format.fullmatch(cursor):
        raise ValidationError("is not a cursor this API returned")
    return str(ObjectId(base64.urlsafe_b64decode(cursor)))


class CursorField(fields.String):
    """A cursor in, the id it stands for out. The pattern is declared as metadata, not as a
    Regexp validator: validators see the decoded id, the pattern describes what is sent."""

    def __init__(self, **kwargs):
        metadata = {"pattern": CURSOR_PATTERN, "description": "next_cursor of the previous page",
                    **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return decode_cursor(super()._deserialize(value, attr, data, **kwargs))


class PageQuerySchema(Schema):
    limit = fields.Integer(
        load_default=DEFAULT_LIMIT, validate=validate.Range(min=1, max=MAX_LIMIT)
    )
    cursor = CursorField(load_default=None)


def next_cursor_field() -> fields.String:
    """A page's `next_cursor`: what to send as `cursor` for the next page, null at the end."""
    return fields.String(allow_none=True, required=True, metadata={"pattern": CURSOR_PATTERN})
