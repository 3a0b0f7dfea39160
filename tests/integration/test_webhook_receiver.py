"""The tests' webhook receiver, driven by a real HTTP client over loopback: what it keeps, the
statuses and delays it is told to answer with, and a genuine signed delivery against a
tampered one."""

import hashlib
import hmac
import time

import pytest
import requests

from tests.support.webhook_receiver import verify_signature

pytestmark = pytest.mark.integration
SECRET = "whsec-partner-brussels-0123456789"


def deliver(url: str, body: bytes = b'{"type":"enrollment.promoted"}', timeout: float = 5,
            headers: dict[str, str] | None = None) -> int:
    return requests.post(url, data=body, headers=headers, timeout=timeout).status_code


def test_a_request_is_kept_with_its_method_path_headers_and_exact_body(webhook_receiver):
    body = '{"id":"evt-1","text":"Réunion à Dakar"}'.encode()
    status = deliver(webhook_receiver.url + "?attempt=1", body,
                     headers={"X-Maillage-Event-Id": "evt-1", "Content-Type": "application/json"})

    [request] = webhook_receiver.wait_for(1)
    assert status == request.status == 204
    assert (request.method, request.path) == ("POST", "/hooks?attempt=1")
    assert request.header("x-maillage-event-id") == "evt-1"
    assert request.body == body
    assert request.json()["text"] == "Réunion à Dakar"
    assert abs(request.received_at - time.time()) < 5


def test_the_next_requests_get_the_status_asked_then_the_normal_one(webhook_receiver):
    webhook_receiver.answer(500, times=2)

    statuses = [deliver(webhook_receiver.url) for _ in range(3)]

    assert statuses == [500, 500, 204]
    assert [request.status for request in webhook_receiver.requests()] == statuses


def test_a_status_without_a_count_lasts_until_the_receiver_answers_normally(webhook_receiver):
    webhook_receiver.answer(503)
    assert [deliver(webhook_receiver.url) for _ in range(3)] == [503, 503, 503]

    webhook_receiver.answer_normally()
    assert deliver(webhook_receiver.url) == 204


def test_a_slow_receiver_outlasts_the_senders_timeout_and_still_keeps_the_request(webhook_receiver):
    webhook_receiver.answer(204, delay_seconds=3, times=1)
    started = time.monotonic()

    with pytest.raises(requests.exceptions.ReadTimeout):
        deliver(webhook_receiver.url, timeout=0.5)

    assert time.monotonic() - started < 2
    [given_up_on] = webhook_receiver.wait_for(1)
    assert given_up_on.delay_seconds == 3
    assert deliver(webhook_receiver.url, timeout=2) == 204  # the slowness was for one request


def test_a_stopped_receiver_refuses_connections_then_comes_back_on_the_same_port(webhook_receiver):
    webhook_receiver.stop()
    with pytest.raises(requests.exceptions.ConnectionError):
        deliver(webhook_receiver.url)

    webhook_receiver.start()
    assert deliver(webhook_receiver.url) == 204


def test_a_genuine_signed_delivery_verifies_and_the_same_with_a_tampered_body_does_not(
    webhook_receiver
):
    body = b'{"id":"evt-2","type":"partnership.accepted"}'
    timestamp = int(time.time())
    digest = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    signature = f"t={timestamp},v1={digest}"
    deliver(webhook_receiver.url, body, headers={"X-Maillage-Signature": signature})
    deliver(webhook_receiver.url, body.replace(b"accepted", b"declined"),
            headers={"X-Maillage-Signature": signature})

    genuine, tampered = webhook_receiver.wait_for(2)
    assert verify_signature(SECRET, genuine.header("X-Maillage-Signature"), genuine.body)
    assert not verify_signature(SECRET, tampered.header("X-Maillage-Signature"), tampered.body)
    assert not verify_signature(SECRET, genuine.header("X-Maillage-Signature"), genuine.body,
                                now=timestamp + 3600)  # the same delivery, replayed an hour later
