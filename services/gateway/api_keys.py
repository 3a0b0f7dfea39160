"""Partner API keys: shown once, stored only as a hash.

A key reads `mlg_<key id>.<secret>`: the id finds the stored record, the secret (256 random
bits) is checked against its hash (shared/runtime/hashed_secrets.py).
"""

import secrets
from dataclasses import dataclass

from shared.runtime.hashed_secrets import hash_secret, secret_matches

PREFIX = "mlg_"


@dataclass(frozen=True)
class IssuedKey:
    key_id: str
    key: str
    secret_hash: str


def issue(key_id: str) -> IssuedKey:
    secret = secrets.token_urlsafe(32)
    return IssuedKey(key_id, f"{PREFIX}{key_id}.{secret}", hash_secret(secret))


def parse(token: str) -> tuple[str, str] | None:
    """(key id, secret) of a well-formed key, else None."""
    if not token.startswith(PREFIX) or "." not in token:
        return None
    key_id, secret = token[len(PREFIX):].split(".", 1)
    return (key_id, secret) if key_id and secret else None


def matches(secret: str, stored_hash: str) -> bool:
    return secret_matches(secret, stored_hash)
