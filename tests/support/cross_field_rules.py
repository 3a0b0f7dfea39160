"""What the OpenAPI document cannot say in JSON Schema about a request body, applied to the
requests a generator draws from it (tests/support/openapi_fuzzing.py, tests/unit/test_openapi.py).

- A session ends after it starts (`ends_at` > `starts_at`): the two dates are put in order.
"""

from datetime import datetime, timedelta

ORDERED_MOMENTS = (("starts_at", "ends_at"),)
LATEST = datetime.fromisoformat("2999-12-31T23:59:59+00:00")


def follow(body):
    """The body with its dates in the order the server requires (a copy; as is if no rule
    applies)."""
    if not isinstance(body, dict):
        return body
    body = dict(body)
    for first, then in ORDERED_MOMENTS:
        if isinstance(body.get(first), str) and isinstance(body.get(then), str):
            start, end = datetime.fromisoformat(body[first]), datetime.fromisoformat(body[then])
            if end < start:
                body[first], body[then] = body[then], body[first]
            elif end == start:  # one second apart, within the years the pattern admits
                if start < LATEST:
                    body[then] = (end + timedelta(seconds=1)).isoformat()
                else:
                    body[first] = (start - timedelta(seconds=1)).isoformat()
    return body
