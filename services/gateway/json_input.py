"""Request bodies as JSON objects, refusing what would hurt the gateway or a service.

`json.loads` raises RecursionError (not a ValueError) on a body of 5,000 `[`; and a body nested
a few hundred levels deep parses, then makes every later step (validation, the RPC's JSON,
the service's own parse) walk it recursively. No body of this API nests deeper than a few
levels, so anything deeper than MAX_DEPTH is malformed input, answered 400.

JSON may also escape half of a UTF-16 surrogate pair (`"\ud800"`): it parses into a string
that no UTF-8 store or log can encode, so it is malformed input too.
"""

import json
from typing import Any

from services.gateway.errors import MalformedJson

MAX_DEPTH = 32


def parse_object(data: bytes) -> dict:
    """The body as a JSON object (an empty body is `{}`), or MalformedJson."""
    try:
        parsed = json.loads(data or b"{}")
    except RecursionError:
        raise MalformedJson(f"the body nests deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:
        raise MalformedJson(f"the body is not valid JSON: {exc}") from None
    if not isinstance(parsed, dict):
        raise MalformedJson("the body must be a JSON object")
    if nesting_depth(parsed) > MAX_DEPTH:
        raise MalformedJson(f"the body nests deeper than {MAX_DEPTH} levels")
    try:
        json.dumps(parsed, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        raise MalformedJson("the body holds a lone UTF-16 surrogate (\\ud800-\\udfff)") from None
    return parsed


def nesting_depth(value: Any) -> int:
    """How many arrays and objects deep `value` goes; iterative, so any depth is safe."""
    if not isinstance(value, dict | list):
        return 0
    deepest, pending = 0, [(value, 1)]
    while pending:
        current, depth = pending.pop()
        deepest = max(deepest, depth)
        children = current.values() if isinstance(current, dict) else current
        pending.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest
