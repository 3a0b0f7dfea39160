"""The ids of seat holders (enrollments, registrations) and their cancel tokens.

A holder's id is its place's id (a session's, a conference's) followed by an id of its own
(48 hex characters), so the place that holds it is found from the id alone
(docs/catalog.md).

A cancel token is shown once, in the answer to the enrollment or registration, and stored
only as a hash. It is keyed on the holder's id with the service's secret (HMAC-SHA256), not
drawn at random: a command delivered twice (its process killed before the answer left) gets
the same id (shared/storage/writes.py, `new_id`) and so answers the same token the first
delivery stored the hash of. Checking a token needs only the stored hash, never the secret.
"""

import base64
import hashlib
import hmac

from shared.runtime.hashed_secrets import hash_secret, secret_matches

PLACE_ID_LENGTH = 24
OWN_ID = slice(PLACE_ID_LENGTH, None)  # a holder id's own part


def holder_id(place_id: str, own_id: str) -> str:
    return f"{place_id}{own_id}"


def place_of(holder_id: str) -> str | None:
    """The id of the place that holds the holder, or None for an id of another shape."""
    if len(holder_id) != 2 * PLACE_ID_LENGTH:
        return None
    return holder_id[:PLACE_ID_LENGTH]


def cancel_token(secret: str, holder_id: str) -> str:
    digest = hmac.new(secret.encode(), holder_id.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_hash(token: str) -> str:
    return hash_secret(token)


def token_matches(token: str, stored_hash: str) -> bool:
    return secret_matches(token, stored_hash)
