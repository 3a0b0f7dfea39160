"""Enrollment ids and cancel tokens.

An enrollment's id is its session's id followed by an id of its own (48 hex characters), so
the session that holds it is found from the id alone (docs/catalog.md).

A cancel token is shown once, in the answer to the enrollment, and stored only as a hash. It
is keyed on the enrollment's id with the service's secret (HMAC-SHA256), not drawn at random:
an enrollment delivered twice (its process killed before the answer left) gets the same id
(shared/storage/writes.py, `new_id`) and so answers the same token the first delivery stored
the hash of. Checking a token needs only the stored hash, never the secret.
"""

import base64
import hashlib
import hmac

from shared.runtime.hashed_secrets import hash_secret, secret_matches

SESSION_ID_LENGTH = 24


def enrollment_id(session_id: str, own_id: str) -> str:
    return f"{session_id}{own_id}"


def session_of(enrollment_id: str) -> str | None:
    """The id of the session that holds the enrollment, or None for an id of another shape."""
    if len(enrollment_id) != 2 * SESSION_ID_LENGTH:
        return None
    return enrollment_id[:SESSION_ID_LENGTH]


def cancel_token(secret: str, enrollment_id: str) -> str:
    digest = hmac.new(secret.encode(), enrollment_id.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_hash(token: str) -> str:
    return hash_secret(token)


def token_matches(token: str, stored_hash: str) -> bool:
    return secret_matches(token, stored_hash)
