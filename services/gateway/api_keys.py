"""Partner API keys: shown once, stored only as a hash.

A key reads `mlg_<key id>.<secret>`: the id finds the stored record, the secret (256 random
bits) is checked against its SHA-256. A slow password hash buys nothing for secrets this
long, and a fast one keeps every partner request cheap.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

PREFIX = "mlg_"


@dataclass(frozen=True)
class IssuedKey:
    key_id: str
    key: str
    secret_hash: str


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(key_id: str) -> IssuedKey:
    secret = secrets.token_urlsafe(32)
    return IssuedKey(key_id, f"{PREFIX}{key_id}.{secret}", secret_hash(secret))


def parse(token: str) -> tuple[str, str] | None:
    """(key id, secret) of a well-formed key, else None."""
    if not token.startswith(PREFIX) or "." not in token:
        return None
    key_id, secret = token[len(PREFIX):].split(".", 1)
    return (key_id, secret) if key_id and secret else None


def matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(secret_hash(secret), stored_hash)
