"""The exact formats of inputs the services share, as the OpenAPI document declares them.

A value the document admits must load, and a value it refuses must be refused (a fuzzer
checks both ways), so each pattern here is both declared and matched whole: Python's `$`
also matches before a final newline, ECMA-262's does not, and `re.fullmatch` settles it.
"""

import re
from datetime import UTC, datetime
from typing import Any

from marshmallow import ValidationError, fields, validate

OBJECT_ID_PATTERN = "^[0-9a-f]{24}$"  # the ids this API hands out
# A seat holder's id (an enrollment, a registration) names its place: the place's id and
# one of its own (shared/rules/cancel_tokens.py).
HOLDER_ID_PATTERN = "^[0-9a-f]{48}$"
# Its cancel token, sent back in this header: HMAC-SHA256 in URL-safe base64, unpadded.
CANCEL_TOKEN_HEADER = "X-Cancel-Token"
CANCEL_TOKEN_PATTERN = "^[A-Za-z0-9_-]{43}$"
# RFC 3339 as JSON Schema's `date-time` reads it, years 1900 to 2999: a moment any offset
# turns into UTC without leaving the calendar (year 1 at +05:00 would not).
DATE_TIME_PATTERN = (
    r"^(?:19|2[0-9])[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,6})?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$"
)
# 6 to 15 digits (E.164 allows 15), an optional leading +, up to two of ` ().-` around each:
# "+32 (0)470 12.34-56". Bounded by itself (48 characters), so no maxLength beside it.
PHONE_PATTERN = r"^\+?(?:[ ().-]{0,2}[0-9]){6,15}[ ().-]{0,2}$"


class WholeMatch(validate.Validator):
    """The whole value matches `pattern` (apispec declares the pattern of any validator with
    a `regex`, as it does marshmallow's Regexp, which matches only a prefix)."""

    error: str

    def __init__(self, pattern: str, error: str = "Does not match {pattern}.") -> None:
        self.regex = re.compile(pattern)
        self.error = error

    def __call__(self, value: str) -> str:
        if self.regex.fullmatch(value) is None:
            raise ValidationError(self.error.format(pattern=self.regex.pattern))
        return value


class Moment(fields.AwareDateTime):
    """A date and time with its offset, in the declared pattern, loaded in UTC.

    marshmallow parses with datetime.fromisoformat, which also takes "20270301T0930Z" or a
    week date; the pattern is checked on the string first, so only RFC 3339 gets through."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"pattern": DATE_TIME_PATTERN, **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        if not isinstance(value, str) or re.fullmatch(DATE_TIME_PATTERN, value) is None:
            raise self.make_error("invalid", input=value, obj_type=self.OBJ_TYPE)
        return super()._deserialize(value, attr, data, **kwargs).astimezone(UTC)


class QueryBoolean(fields.Boolean):
    """`true` or `false` as a query string spells them (and JSON's own, over RPC), nothing
    else: marshmallow's Boolean also takes "1", "yes", "on", which the document does not."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if value is True or value == "true":
            return True
        if value is False or value == "false":
            return False
        raise self.make_error("invalid", input=value)


def unique(values: list) -> list:
    """Each item at most once (declare `uniqueItems` beside it for the document)."""
    if len(set(values)) != len(values):
        raise ValidationError("Each item may appear only once.")
    return values
