"""Unsubscribe tokens: each address's own, keyed with UNSUBSCRIBE_SECRET, so a link works
without an account and nobody unsubscribes an address they did not receive mail at.

The token derives from the address alone: every email to an address carries the same one,
and it never needs storing. Suppression is kept by the address's hash (`messages.recipient_hash`)."""

import base64
import hashlib
import hmac

from services.notifications.domain.messages import folded

TOKEN_BYTES = 24  # 192 bits: unguessable, and a link stays short


def unsubscribe_token(secret: str, address: str) -> str:
    digest = hmac.new(secret.encode(), f"unsubscribe\n{folded(address)}".encode(),
                      hashlib.sha256).digest()[:TOKEN_BYTES]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_matches(secret: str, address: str, token: str) -> bool:
    return hmac.compare_digest(unsubscribe_token(secret, address).encode(), token.encode())
