"""The notifications service's rules in plain Python: one key per event, channel and
recipient; retries that back off, jittered and bounded; unsubscribe tokens of one's own."""

from datetime import UTC, datetime, timedelta

import pytest

from services.notifications.contract.vocabulary import Channel
from services.notifications.domain.messages import message_key, recipient_hash
from services.notifications.domain.retries import RetryPolicy
from services.notifications.domain.unsubscribing import token_matches, unsubscribe_token
from services.notifications.domain.webhook_targets import first_private, host_of, private_literal
from services.notifications.sending import PermanentFailure, refuse_private

SECRET = "unsubscribe-secret-for-unit-tests"


def test_one_key_per_event_channel_and_recipient_whatever_the_case_of_the_address():
    key = message_key("event-1", Channel.EMAIL, "Awa.Diop@Example.org")
    assert key == message_key("event-1", Channel.EMAIL, " awa.diop@example.org")
    assert len({key, message_key("event-2", Channel.EMAIL, "awa.diop@example.org"),
                message_key("event-1", Channel.WEBHOOK, "awa.diop@example.org"),
                message_key("event-1", Channel.EMAIL, "fatou@example.org")}) == 4


def test_a_recipient_hash_names_no_one_yet_finds_the_same_person():
    hashed = recipient_hash("Awa.Diop@Example.org")
    assert hashed == recipient_hash("awa.diop@example.org") and "awa" not in hashed
    assert len(hashed) == 32


@pytest.mark.parametrize(("failures", "low", "high"), [
    (1, 1.0, 2.0), (2, 2.0, 4.0), (3, 4.0, 8.0), (8, 30.0, 60.0), (20, 30.0, 60.0)])
def test_backoff_doubles_up_to_its_cap_and_draws_in_its_upper_half(failures, low, high):
    policy = RetryPolicy(attempts=8, first_delay=2.0, longest_delay=60.0)
    assert policy.delay(failures, draw=lambda: 0.0) == low
    assert policy.delay(failures, draw=lambda: 1.0) == high


def test_jitter_spreads_messages_that_failed_together():
    policy = RetryPolicy(attempts=8, first_delay=2.0, longest_delay=60.0)
    assert len({round(policy.delay(3), 6) for _ in range(50)}) > 40


def test_retries_are_bounded():
    policy = RetryPolicy(attempts=3, first_delay=1.0, longest_delay=10.0)
    assert [policy.gives_up_after(n) for n in (1, 2, 3, 4)] == [False, False, True, True]
    at = datetime(2027, 1, 1, tzinfo=UTC)
    assert policy.next_attempt_at(at, 1, draw=lambda: 1.0) == at + timedelta(seconds=1)


def test_an_unsubscribe_token_is_the_addresss_own():
    token = unsubscribe_token(SECRET, "Awa.Diop@Example.org")
    assert token_matches(SECRET, "awa.diop@example.org", token)
    assert not token_matches(SECRET, "fatou@example.org", token)
    assert not token_matches("another-secret-entirely", "awa.diop@example.org", token)
    assert not token_matches(SECRET, "awa.diop@example.org", token[:-1])
    assert len(token) == 32 and token.replace("-", "").replace("_", "").isalnum()


@pytest.mark.parametrize(("host", "private"), [
    ("127.0.0.1", True), ("localhost", True), ("api.localhost", True), ("10.1.2.3", True),
    ("169.254.169.254", True), ("[::1]", True), ("192.168.1.10", True),
    ("partner.example.org", False), ("8.8.8.8", False), ("[2001:4860:4860::8888]", False)])
def test_a_webhook_may_not_name_a_private_address(host, private):
    assert private_literal(host) is private


def test_a_name_resolving_to_a_private_address_is_found():
    assert first_private(["93.184.215.14", "10.0.0.7"]) == "10.0.0.7"
    assert first_private(["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]) is None


def test_sending_refuses_a_host_that_resolves_to_a_private_address():
    with pytest.raises(PermanentFailure, match="private address"):
        refuse_private("http://127.0.0.1:9/hooks")
    with pytest.raises(PermanentFailure, match="private address"):
        refuse_private("http://localhost:9/hooks")


@pytest.mark.parametrize(("url", "host"), [
    ("https://partner.example.org/hooks", "partner.example.org"),
    ("htTPs://[d6014AE:b]/x", None),  # passes a URL format check, names no address
    ("https://[::1]:8443/hooks", "::1")])
def test_a_webhook_url_names_a_host_or_is_refused(url, host):
    assert host_of(url) == host
