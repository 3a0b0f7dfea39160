"""schemathesis hooks for tests/e2e/test_openapi_contract.py (loaded by `st run` through its
config's `hooks`, in its own process).

One thing the document cannot say in JSON Schema: an Idempotency-Key names one request, so
the same key for another request is a 422 by design (IETF httpapi idempotency draft). A
generator draws "0" or "a" for most keys; each schema-valid request it sends gets a key of its
own, derived from the drawn one. Invalid keys (negative cases) are sent as drawn. Rules
between two fields of a body, which JSON Schema cannot say either, are applied to the
schema-valid bodies drawn (tests/support/cross_field_rules.py).
"""

import itertools
import uuid

import schemathesis

from tests.support import cross_field_rules

HEADER = "Idempotency-Key"
_sequence = itertools.count()
_run = uuid.uuid4().hex[:8]  # a platform may serve several runs


@schemathesis.hook
def before_call(context, case, kwargs) -> None:
    key = (case.headers or {}).get(HEADER)
    mode = case.meta.generation.mode if case.meta is not None else None
    if mode is None or mode.is_positive:
        case.body = cross_field_rules.follow(case.body)
    if isinstance(key, str) and (mode is None or mode.is_positive):
        case.headers[HEADER] = f"{key[:200]} #{_run}-{next(_sequence)}".strip()
