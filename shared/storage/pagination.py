"""Cursor pagination for list endpoints: `limit` (default 20, max 100) and an opaque `cursor`.

Items are ordered by their id, which grows with creation time (ObjectId), so the cursor is
simply the last id seen, encoded so that clients do not build it themselves.
"""

import base64
import binascii

from bson import ObjectId
from marshmallow import Schema, ValidationError, fields, validate
from mongoengine import QuerySet

DEFAULT_LIMIT, MAX_LIMIT = 20, 100


def encode_cursor(last_id: str) -> str:
    return base64.urlsafe_b64encode(last_id.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        last_id = base64.b64decode(padded, altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        last_id = ""
    if not ObjectId.is_valid(last_id):
        raise ValidationError("is not a cursor this API returned")
    return last_id


class CursorField(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        return decode_cursor(super()._deserialize(value, attr, data, **kwargs))


class PageQuerySchema(Schema):
    limit = fields.Integer(
        load_default=DEFAULT_LIMIT, validate=validate.Range(min=1, max=MAX_LIMIT)
    )
    cursor = CursorField(load_default=None)


def page(queryset: QuerySet, limit: int, after_id: str | None) -> tuple[list, str | None]:
    """One page of documents ordered by id, and the cursor of the next page (None at the end)."""
    if after_id is not None:
        queryset = queryset.filter(pk__gt=after_id)
    documents = list(queryset.order_by("pk").limit(limit + 1))
    if len(documents) <= limit:
        return documents, None
    documents = documents[:limit]
    return documents, encode_cursor(str(documents[-1].pk))
