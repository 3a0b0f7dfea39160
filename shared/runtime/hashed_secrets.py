"""Secrets handed out once (API keys, cancel tokens) and kept only as a hash.

They are long random (or keyed) values, so a fast hash is enough: a slow password hash buys
nothing against 256-bit secrets and would make every request that shows one expensive."""

import hashlib
import hmac


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    """Compared in constant time: how long it takes says nothing of how much matched."""
    return hmac.compare_digest(hash_secret(secret), stored_hash)
