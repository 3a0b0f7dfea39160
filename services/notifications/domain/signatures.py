"""How a webhook delivery proves it comes from us: `X-Maillage-Signature: t=<unix seconds>,
v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. The time is signed with the body, so a
receiver refuses a delivery replayed later (it checks `t` is recent) as well as a body
changed on the way."""

import hashlib
import hmac

SIGNATURE_HEADER = "X-Maillage-Signature"
EVENT_ID_HEADER = "X-Maillage-Event-Id"  # a receiver drops a delivery it already has
EVENT_TYPE_HEADER = "X-Maillage-Event-Type"


def signature(secret: str, body: bytes, at: int) -> str:
    mac = hmac.new(secret.encode(), f"{at}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={at},v1={mac}"
