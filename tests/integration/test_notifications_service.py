"""The notifications service against the real RabbitMQ, the Mongo-wire server, an SMTP
server and a webhook receiver (each a real server on loopback): one message per event and
recipient whatever the broker redelivers, in the recipient's language, signed webhooks,
retries that wait out a dead mail server without holding anything else back, unsubscribing."""

import json
import time
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from pymongo.errors import AutoReconnect

from services.catalog.contract import events as catalog
from services.notifications.contract.errors import (
    InvalidUnsubscribeToken,
    OrganizationNotKnownToNotifications,
)
from services.notifications.repositories import MessageRepository
from services.notifications.service import NotificationsService
from services.partnerships.contract import events as partnerships
from shared.contract.errors import InvalidInput
from tests.support.notifications import event_of, tell
from tests.support.waiting import wait_until
from tests.support.webhook_receiver import verify_signature

pytestmark = [pytest.mark.integration, pytest.mark.spy_on("notification.*")]
SECRET = "a-webhook-secret-of-the-partner"


@pytest.fixture
def notifications(proxy_to_running, monkeypatch, smtp_server):
    monkeypatch.setenv("SMTP_URL", smtp_server.url)
    monkeypatch.setenv("DELIVERY_BACKOFF_SECONDS", "0.2,0.5")
    monkeypatch.setenv("DELIVERY_ATTEMPTS", "4")
    monkeypatch.setenv("WEBHOOK_TIMEOUT_SECONDS", "2")
    return proxy_to_running(NotificationsService)


def verified_organization(config, email: str = "contact@lire.sn", language: str = "fr") -> str:
    organization_id = uuid.uuid4().hex[:24]
    tell(config, event_of(partnerships.OrganizationVerified, revision=2,
                          organization_id=organization_id, contact_email=email, language=language))
    return organization_id


def promoted(email: str, language: str = "fr", **changes):
    return event_of(catalog.EnrollmentPromoted, email=email, language=language, **changes)


def log_of(notifications, **filters) -> list[dict]:
    return notifications.list_notifications(filters)["items"]


def sent(notifications, count: int, **filters) -> list[dict]:
    return wait_until(lambda: len(found := log_of(notifications, status="sent", **filters)) >= count
                      and found, timeout=15)


def test_an_event_delivered_twice_sends_one_email_to_each_recipient(
        notifications, config, smtp_server, spy):
    event = promoted("Awa.Diop@example.org", language="nl")
    tell(config, event)
    tell(config, event)  # the broker delivers it again, as it may
    [email] = smtp_server.wait_for(1)
    assert email.recipients == ["Awa.Diop@example.org"]
    assert email.subject.startswith("Er is een plaats vrijgekomen") or "plaats" in email.text
    assert "Awa Diop" in email.html and email.message["List-Unsubscribe"] is None  # transactional
    smtp_server.assert_no_more_than(1, seconds=1.5)
    [message] = sent(notifications, 1, recipient="awa.diop@EXAMPLE.org")
    assert (message["event_type"], message["language"], len(message["attempts"])) == (
        "enrollment.promoted", "nl", 1)
    [told] = wait_until(lambda: spy.events())
    assert told["type"] == "notification.sent" and "awa" not in json.dumps(told).lower()


def test_each_recipient_reads_their_own_language_and_french_when_we_lack_theirs(
        notifications, config, smtp_server):
    words = {"fr": "Bonjour", "en": "Hello", "nl": "Hallo"}
    tell(config, *[promoted(f"{language}@example.org", language) for language in words])
    verified_organization(config, email="contacto@example.org", language="es")
    emails = smtp_server.wait_for(len(words) + 1)
    for address, greeting in [*[(f"{lang}@example.org", w) for lang, w in words.items()],
                              ("contacto@example.org", "Bonjour")]:
        [email] = [e for e in emails if e.recipients == [address]]
        assert email.text.startswith(greeting), (address, email.text[:40])


def test_a_dead_mail_server_delays_its_emails_while_webhooks_and_events_flow(
        notifications, config, smtp_server, webhook_receiver):
    partner = verified_organization(config)
    smtp_server.wait_for(1)  # "your organization is verified"
    notifications.set_webhook(partner, {"url": webhook_receiver.url, "secret": SECRET})
    smtp_server.stop()
    tell(config, promoted("first@example.org"))
    tell(config, event_of(partnerships.PartnershipProposed, partner_id=partner,
                          proposer_id=uuid.uuid4().hex[:24]))
    webhook_receiver.wait_for(1)  # the webhook went out while the mail server was down
    tell(config, promoted("second@example.org"))  # events are still consumed
    wait_until(lambda: any(m["attempts"] for m in log_of(notifications, status="pending")))
    smtp_server.start()
    sent(notifications, 2, event_type="enrollment.promoted")
    received = {r for e in smtp_server.wait_for(4) for r in e.recipients}
    assert {"first@example.org", "second@example.org", "contact@lire.sn"} <= received


def test_the_webhook_signature_verifies_and_a_tampered_body_does_not(
        notifications, config, webhook_receiver):
    partner = verified_organization(config)
    with pytest.raises(OrganizationNotKnownToNotifications):
        notifications.set_webhook(uuid.uuid4().hex[:24], {"url": webhook_receiver.url,
                                                          "secret": SECRET})
    notifications.set_webhook(partner, {"url": webhook_receiver.url, "secret": SECRET})
    proposed = event_of(partnerships.PartnershipProposed, partner_id=partner,
                        proposer_id=uuid.uuid4().hex[:24])
    tell(config, proposed)
    [delivery] = webhook_receiver.wait_for(1)
    signature = delivery.header("X-Maillage-Signature")
    assert verify_signature(SECRET, signature, delivery.body, tolerance_seconds=300)
    tampered = delivery.body.replace(partner.encode(), uuid.uuid4().hex[:24].encode())
    assert tampered != delivery.body
    assert not verify_signature(SECRET, signature, tampered,
                                tolerance_seconds=300)
    assert not verify_signature("another-secret-entirely", signature, delivery.body,
                                tolerance_seconds=300)
    assert delivery.header("X-Maillage-Event-Id") == proposed.id
    assert delivery.json()["payload"]["partner_id"] == partner


def test_a_failing_webhook_is_retried_with_backoff_then_failed_with_its_last_error(
        notifications, config, webhook_receiver, spy):
    partner = verified_organization(config)
    notifications.set_webhook(partner, {"url": webhook_receiver.url, "secret": SECRET})
    webhook_receiver.answer(503)
    tell(config, event_of(partnerships.PartnershipAccepted, proposer_id=partner,
                          partner_id=uuid.uuid4().hex[:24]))
    [failed] = wait_until(lambda: log_of(notifications, status="failed"), timeout=20)
    assert [a["error"] for a in failed["attempts"]] == ["webhook answered HTTP 503"] * 4
    assert len(webhook_receiver.received()) == 4
    [told] = wait_until(lambda: spy.of_type("notification.failed"))
    assert told["payload"]["error"] == "webhook answered HTTP 503"


def test_unsubscribing_suppresses_all_but_a_persons_own_messages(
        notifications, config, smtp_server):
    partner = verified_organization(config, email="Contact@Lire.sn")
    [welcome] = smtp_server.wait_for(1)
    link = urlsplit(welcome.message["List-Unsubscribe"].strip("<>"))
    query = {k: v[0] for k, v in parse_qs(link.query).items()}
    assert link.path == "/v1/unsubscribe" and query["email"] == "Contact@Lire.sn"
    with pytest.raises(InvalidUnsubscribeToken):
        notifications.unsubscribe({"email": "other@lire.sn", "token": query["token"]})
    assert notifications.unsubscribe({"email": "contact@lire.SN", "token": query["token"]})[
        "suppressed"]
    tell(config, event_of(partnerships.PartnershipProposed, partner_id=partner,
                          proposer_id=uuid.uuid4().hex[:24]))
    tell(config, promoted("contact@lire.sn"))  # their own enrollment: transactional
    smtp_server.wait_for(2)
    smtp_server.assert_no_more_than(2, seconds=1.5)
    [suppressed] = log_of(notifications, status="suppressed")
    assert suppressed["event_type"] == "partnership.proposed"
    assert [m["event_type"] for m in sent(notifications, 2)] == [
        "organization.verified", "enrollment.promoted"]


def test_a_slow_webhook_holds_back_no_email(notifications, config, smtp_server, webhook_receiver):
    partner = verified_organization(config)
    smtp_server.wait_for(1)
    notifications.set_webhook(partner, {"url": webhook_receiver.url, "secret": SECRET})
    webhook_receiver.answer(204, delay_seconds=5)  # longer than WEBHOOK_TIMEOUT_SECONDS (2)
    tell(config, *[event_of(partnerships.PartnershipEnded, proposer_id=partner,
                            partner_id=uuid.uuid4().hex[:24], ended_by=partner)
                   for _ in range(12)])  # more hanging webhooks than a pool holds (8)
    started = time.monotonic()
    tell(config, *[promoted(f"p{n}@example.org") for n in range(10)])
    smtp_server.wait_for(1 + 12 + 10, timeout=5)  # the partnership emails too, while hooks hang
    assert time.monotonic() - started < 1.8  # before the first hanging webhook timed out
    [timed_out, *_] = wait_until(lambda: [m for m in log_of(notifications, event_type="partnership.ended")
                                          if m["channel"] == "webhook" and m["attempts"]], timeout=10)
    assert "Timeout" in timed_out["attempts"][0]["error"] or "timed out" in timed_out["attempts"][0]["error"]


def test_a_webhook_may_not_point_inside_our_network(proxy_to_running, monkeypatch, config):
    monkeypatch.setenv("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", "false")  # as deployed
    notifications = proxy_to_running(NotificationsService)
    partner = verified_organization(config)
    for url in ("http://127.0.0.1:15672/api/queues", "http://169.254.169.254/latest/meta-data",
                "http://localhost:8000/hooks"):
        with pytest.raises(InvalidInput):
            notifications.set_webhook(partner, {"url": url, "secret": SECRET})
    assert notifications.set_webhook(partner, {"url": "https://partner.example.org/hooks",
                                               "secret": SECRET})["url"].startswith("https://")


def test_a_partners_webhook_hears_of_events_no_one_is_emailed_about(
        notifications, config, smtp_server, webhook_receiver):
    partner = verified_organization(config)
    smtp_server.wait_for(1)
    notifications.set_webhook(partner, {"url": webhook_receiver.url, "secret": SECRET})
    scheduled = event_of(catalog.SessionScheduled, organization_id=partner)
    attended = event_of(catalog.AttendanceRecorded, organization_id=partner,
                        attended=True, completed=False)
    tell(config, scheduled, attended)
    told = webhook_receiver.wait_for(2)
    assert {r.header("X-Maillage-Event-Id") for r in told} == {scheduled.id, attended.id}
    smtp_server.assert_no_more_than(1, seconds=1.0)  # the participant gets no email for it


def test_a_claim_whose_answer_was_lost_is_sent_without_waiting_for_its_lease(
        proxy_to_running, monkeypatch, smtp_server, config):
    """The database wrote the claim and stopped before answering: the loop gives the message
    back on its next round (the lease, 120 s here, would otherwise hold it)."""
    claim_next = MessageRepository.claim_next
    lost: list[str] = []

    def answer_lost_once(self, *args, **kwargs):
        message = claim_next(self, *args, **kwargs)
        if message is not None and not lost:
            lost.append(message.pk)
            raise AutoReconnect("connection closed")
        return message

    monkeypatch.setattr(MessageRepository, "claim_next", answer_lost_once)
    monkeypatch.setenv("SMTP_URL", smtp_server.url)
    monkeypatch.setenv("DELIVERY_LEASE_SECONDS", "120")
    notifications = proxy_to_running(NotificationsService)
    tell(config, promoted("Fatou.Sow@example.org"))
    [email] = smtp_server.wait_for(1, timeout=10)
    assert email.recipients == ["Fatou.Sow@example.org"] and lost
    [message] = sent(notifications, 1)
    assert message["id"] == lost[0] and len(message["attempts"]) == 1
    smtp_server.assert_no_more_than(1, seconds=1)
