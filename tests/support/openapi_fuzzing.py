"""schemathesis hooks for tests/e2e/test_openapi_contract.py (loaded by `st run` through its
config's `hooks`, in its own process).

One thing the document cannot say in JSON Schema: an Idempotency-Key names one request, so
the same key for another request is a 422 by design (IETF httpapi idempotency draft). A
generator draws "0" or "a" for most keys; each schema-valid request it sends gets a key of its
own, derived from the drawn one. Invalid keys (negative cases) are sent as drawn. Rules
between two fields of a body, which JSON Schema cannot say either, are applied to the
schema-valid bodies drawn (tests/support/cross_field_rules.py).

The coverage phase sends one request per member of every enum, in every operation that has
it: the ~250 country codes of an application, of the organizations' country filter and of a
conference's venue, each swept again. A member accepted for a field in one operation says
little new in another whose field of that name has the same members, so each member is sent
once per field name (the runs of one module share what was sent through SWEPT_ENUMS_FILE),
and each operation still sends the first SAMPLED members of each of its enum fields. A field
name is swept for at most SWEPT_PER_FIELD members: the longest lists (597 time zones, ~250
countries) are the contract's own `OneOf` lists, and unit tests load every member of them
(tests/unit/test_place_vocabularies.py); sent one request each, they alone took a minute.
"""

import itertools
import os
import re
import uuid
from pathlib import Path

import schemathesis

from tests.support import cross_field_rules

HEADER = "Idempotency-Key"
_sequence = itertools.count()
_run = uuid.uuid4().hex[:8]  # a platform may serve several runs
SAMPLED = 8  # members of an enum field each operation sends, even if sent elsewhere already
SWEPT_PER_FIELD = 64  # distinct members of one field name sent in all
NESTED_FIELD = re.compile(r"'([^']+)' value: ")


@schemathesis.hook
def before_call(context, case, kwargs) -> None:
    key = (case.headers or {}).get(HEADER)
    mode = case.meta.generation.mode if case.meta is not None else None
    if mode is None or mode.is_positive:
        case.body = cross_field_rules.follow(case.body)
    if isinstance(key, str) and (mode is None or mode.is_positive):
        case.headers[HEADER] = f"{key[:200]} #{_run}-{next(_sequence)}".strip()


class SentEnumMembers:
    """"field=member" lines of every enum member sent, and how many each operation sent."""

    def __init__(self, file: Path | None):
        self.file = file
        self.sent = set(file.read_text().splitlines()) if file and file.exists() else set()
        self.per_operation: dict[tuple[str, str], int] = {}

    def admit(self, operation: str, field: str, value: object) -> bool:
        member, taken = f"{field}={value!r}", self.per_operation.get((operation, field), 0)
        swept = sum(line.startswith(f"{field}=") for line in self.sent)
        if taken >= SAMPLED and (member in self.sent or swept >= SWEPT_PER_FIELD):
            return False
        self.per_operation[(operation, field)] = taken + 1
        if member not in self.sent and self.file is not None:
            with self.file.open("a") as lines:
                lines.write(member + "\n")
        self.sent.add(member)
        return True


_members = SentEnumMembers(Path(os.environ["SWEPT_ENUMS_FILE"]) if "SWEPT_ENUMS_FILE" in os.environ
                           else None)


@schemathesis.hook
def filter_case(context, case) -> bool:
    """False for a coverage case that sends an enum member already sent (see above)."""
    data = case.meta.phase.data if case.meta is not None else None
    if not str(getattr(data, "description", "")).endswith("Enum value"):
        return True
    field_and_value = _enum_member(case, data)
    if field_and_value is None:
        return True
    return _members.admit(f"{case.operation.method} {case.operation.path}", *field_and_value)


def _enum_member(case, data) -> tuple[str, object] | None:
    """(field name, member) that this case sends: a body's (nested) field is named in the
    case's description, a parameter by its name."""
    location = getattr(data.parameter_location, "value", None)
    if location == "body":
        path, value = NESTED_FIELD.findall(data.description), case.body
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        return (path[-1], value) if path and isinstance(value, str | int) else None
    container = {"query": case.query, "header": case.headers, "path": case.path_parameters}.get(
        location or "") or {}
    return (data.parameter, container[data.parameter]) if data.parameter in container else None
