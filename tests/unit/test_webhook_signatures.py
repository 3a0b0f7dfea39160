"""A partner's side of `X-Maillage-Signature` (tests/support/webhook_receiver.py), checked
against signatures computed here by hand, as the design states them."""

import hashlib
import hmac

import pytest

from tests.support.webhook_receiver import verify_signature

SECRET = "whsec-partner-dakar-0123456789"
BODY = b'{"id":"evt-1","type":"enrollment.promoted","payload":{"session_id":"s-1"}}'
NOW = 1_760_000_000


def signed(body: bytes = BODY, timestamp: int = NOW, secret: str = SECRET) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def test_a_genuine_delivery_verifies():
    assert verify_signature(SECRET, signed(), BODY, now=NOW + 10)


def test_a_tampered_body_does_not_verify():
    tampered = BODY.replace(b"s-1", b"s-2")
    assert not verify_signature(SECRET, signed(), tampered, now=NOW)


def test_another_secret_does_not_verify():
    assert not verify_signature("whsec-someone-else-0123456789", signed(), BODY, now=NOW)


def test_a_timestamp_changed_after_signing_does_not_verify():
    header = signed().replace(f"t={NOW}", f"t={NOW + 1}")
    assert not verify_signature(SECRET, header, BODY, now=NOW)


@pytest.mark.parametrize("received_after", [301, 3600])
def test_a_genuine_delivery_replayed_later_than_the_tolerance_is_refused(received_after):
    assert not verify_signature(SECRET, signed(), BODY, tolerance_seconds=300, now=NOW + received_after)
    assert verify_signature(SECRET, signed(), BODY, tolerance_seconds=300, now=NOW + 300)


def test_a_timestamp_from_the_future_beyond_the_tolerance_is_refused():
    assert not verify_signature(SECRET, signed(timestamp=NOW + 301), BODY, now=NOW)


def test_any_of_several_v1_signatures_may_match_as_when_a_secret_is_rotated():
    old = signed(secret="whsec-old-secret-0123456789").split("v1=")[1]
    header = f"{signed()},v1={old}"
    assert verify_signature(SECRET, header, BODY, now=NOW)
    assert verify_signature("whsec-old-secret-0123456789", header, BODY, now=NOW)


@pytest.mark.parametrize("header", [
    None, "", f"v1={signed().split('v1=')[1]}", signed().replace(f"t={NOW}", "t=soon"),
    signed().replace(f"t={NOW}", f"t=+{NOW}"), f"t={NOW},{signed()}", f"t={NOW}",
    signed().replace("v1=", "v0="), signed()[:-1] + "é",
])
def test_a_malformed_header_does_not_verify(header):
    assert not verify_signature(SECRET, header, BODY, now=NOW)
