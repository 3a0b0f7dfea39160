"""Notifications through the gateway, every service its own process: a session fills,
someone cancels, and the person promoted from the waiting list receives the promotion email
in their own language; the operator's delivery log shows it sent. A partner's webhook hears
of its own session, signed."""

import pytest

from tests.support.catalog import (
    call,
    catalog_knows,
    enroll,
    participant,
    published_training,
    session_draft,
)
from tests.support.organizations import partner
from tests.support.platform import OPERATOR_TOKEN
from tests.support.waiting import wait_until
from tests.support.webhook_receiver import WebhookReceiver, verify_signature

pytestmark = pytest.mark.e2e
WEBHOOK_SECRET = "the partner's own webhook secret"



@pytest.fixture(scope="module")
def webhooks(tmp_path_factory):
    receiver = WebhookReceiver(tmp_path_factory.mktemp("webhooks"))
    receiver.start()
    yield receiver
    receiver.stop()


def delivery_log(platform, **filters) -> list[dict]:
    return call(platform, "GET", "/v1/notifications", OPERATOR_TOKEN, params=filters)["items"]


def test_the_promoted_person_is_told_in_their_language_and_the_log_says_sent(
        platform, smtp_server, webhooks):
    owner_id, owner = partner(platform, country="BE")
    catalog_knows(platform, owner_id)
    hook = call(platform, "PUT", f"/v1/organizations/{owner_id}/webhook", owner,
                json={"url": webhooks.url, "secret": WEBHOOK_SECRET})
    assert hook["url"] == webhooks.url and "secret" not in hook
    _, (session,) = published_training(platform, owner, sessions=(session_draft(1),))
    first = enroll(platform, session["id"], participant("Awa Diop"))
    jan = participant("Jan Peeters", language="nl")
    assert enroll(platform, session["id"], jan)["status"] == "waitlisted"
    call(platform, "DELETE", f"/v1/enrollments/{first['id']}",
         headers={"X-Cancel-Token": first["cancel_token"]})

    [promotion] = smtp_server.wait_for(
        lambda email: email.recipients == [jan["email"]]
        and email.subject.startswith("Een plaats voor jou") and "Hallo Jan Peeters" in email.text,
        timeout=20)
    assert promotion.message["Content-Language"] == "nl"
    [logged] = wait_until(lambda: delivery_log(platform, recipient=jan["email"],
                                               event_type="enrollment.promoted", status="sent"),
                          timeout=20)
    assert logged["language"] == "nl" and [a["error"] for a in logged["attempts"]] == [None]

    [told] = webhooks.wait_for(lambda r: r.header("X-Maillage-Event-Type") == "enrollment.promoted",
                               timeout=20)
    assert verify_signature(WEBHOOK_SECRET, told.header("X-Maillage-Signature"), told.body)
    assert told.json()["payload"]["session_id"] == session["id"]
