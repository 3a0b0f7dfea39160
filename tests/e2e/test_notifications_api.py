"""Notifications through the gateway: who may read the delivery log and set a webhook (401,
403), what a webhook must be (422), and unsubscribing from an email's link: the link's page
changes nothing, its button or a mail client's one-click does, and only with the address's
own token."""

import uuid

import pytest

from services.notifications.domain.messages import recipient_hash
from services.notifications.domain.unsubscribing import unsubscribe_token
from tests.support.catalog import call
from tests.support.organizations import partner
from tests.support.platform import OPERATOR_TOKEN, UNSUBSCRIBE_SECRET
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e
WEBHOOK = {"url": "https://partner.example.org/maillage", "secret": "a-long-random-secret-1234"}
FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module")
def members(platform):
    """Two verified partners the notifications service has heard of (it answers 404 for an
    organization no event told it about yet)."""
    found = [partner(platform) for _ in range(2)]
    for organization_id, _ in found:
        wait_until(lambda o=organization_id: platform.database("notifications")
                   .organizations.find_one({"_id": o}) is not None)
    return found


def address() -> tuple[str, str]:
    """A fresh address and the token its emails' links carry."""
    email = f"awa.{uuid.uuid4().hex[:8]}@example.org"
    return email, unsubscribe_token(UNSUBSCRIBE_SECRET, email)


def unsubscribed(platform, email: str) -> bool:
    return platform.database("notifications").unsubscribed.find_one(
        {"_id": recipient_hash(email)}) is not None


def test_a_partner_sets_and_removes_its_own_webhook(platform, members):
    (own, key), _ = members
    path = f"/v1/organizations/{own}/webhook"
    answer = call(platform, "PUT", path, key, json=WEBHOOK)
    assert answer["organization_id"] == own and answer["url"] == WEBHOOK["url"]
    assert "secret" not in answer  # never shown again
    stored = platform.database("notifications").organizations.find_one({"_id": own})
    assert stored["webhook_url"] == WEBHOOK["url"]
    removed = platform.http("DELETE", path, key)
    assert (removed.status_code, removed.content) == (204, b"")
    assert platform.http("DELETE", path, key).status_code == 204  # idempotent
    assert "webhook_url" not in platform.database("notifications").organizations.find_one(
        {"_id": own})


def test_only_the_organization_itself_manages_its_webhook(platform, members):
    (own, key), (other, _) = members
    for method in ("PUT", "DELETE"):
        path = f"/v1/organizations/{other}/webhook"
        assert platform.http(method, path, json=WEBHOOK).status_code == 401
        assert platform.http(method, path, "not-a-key", json=WEBHOOK).status_code == 401
        refused = platform.http(method, path, key, json=WEBHOOK)
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "NOT_OWN_ORGANIZATION"
        operator = platform.http(method, f"/v1/organizations/{own}/webhook", OPERATOR_TOKEN,
                                 json=WEBHOOK)
        assert operator.status_code == 403
    stored = platform.database("notifications").organizations.find_one({"_id": other})
    assert "webhook_url" not in stored


@pytest.mark.parametrize("changes, field", [
    ({"url": "ftp://partner.example.org/maillage"}, "url"),
    ({"url": "javascript:alert(1)"}, "url"),
    ({"secret": "too-short"}, "secret"),
    ({"secret": None}, "secret"),
])
def test_a_webhook_must_be_http_with_a_long_secret(platform, members, changes, field):
    (own, key), _ = members
    response = platform.http("PUT", f"/v1/organizations/{own}/webhook", key,
                             json={**WEBHOOK, **changes})
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]


def test_the_delivery_log_is_for_operators_only(platform, members):
    (_, key), _ = members
    for path in ("/v1/notifications", f"/v1/notifications/{'0' * 24}"):
        assert platform.http("GET", path).status_code == 401
        assert platform.http("GET", path, key).status_code == 403
    log = call(platform, "GET", "/v1/notifications", OPERATOR_TOKEN, params={"status": "sent"})
    assert set(log) == {"items", "next_cursor"}
    missing = platform.http("GET", f"/v1/notifications/{'0' * 24}", OPERATOR_TOKEN)
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "UNKNOWN_NOTIFICATION")
    wrong = platform.http("GET", "/v1/notifications", OPERATOR_TOKEN, params={"status": "lost"})
    assert wrong.status_code == 422 and "status" in wrong.json()["error"]["fields"]


def test_following_the_link_shows_a_page_and_unsubscribes_nobody(platform):
    email, token = address()
    page = platform.http("GET", "/v1/unsubscribe", params={"email": email, "token": token})
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert '<form method="post">' in page.text and email in page.text
    assert "<script" not in page.text and "src=" not in page.text  # nothing fetched elsewhere
    assert not unsubscribed(platform, email)


def test_a_wrong_token_unsubscribes_nobody(platform):
    email, _ = address()
    _, someone_elses = address()
    for sent in ({"json": {"email": email, "token": someone_elses}},
                 {"data": {"email": email, "token": someone_elses}}):
        refused = platform.http("POST", "/v1/unsubscribe", **sent)
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "INVALID_UNSUBSCRIBE_TOKEN"
    assert not unsubscribed(platform, email)


def test_unsubscribing_in_json_with_the_address_token(platform):
    email, token = address()
    answer = call(platform, "POST", "/v1/unsubscribe", json={"email": email, "token": token})
    assert answer == {"email": email, "suppressed": True} and unsubscribed(platform, email)


def test_the_pages_button_unsubscribes_and_says_so(platform):
    email, token = address()
    done = platform.http("POST", "/v1/unsubscribe", params={"email": email, "token": token},
                         data={"email": email, "token": token})  # what the page's form posts
    assert done.status_code == 200 and done.headers["Content-Type"].startswith("text/html")
    assert email in done.text and unsubscribed(platform, email)


def test_a_mail_clients_one_click_post_to_the_link_unsubscribes(platform):
    """RFC 8058: the client POSTs `List-Unsubscribe=One-Click` to the List-Unsubscribe URL."""
    email, token = address()
    done = platform.http("POST", "/v1/unsubscribe", params={"email": email, "token": token},
                         data="List-Unsubscribe=One-Click", headers={"Content-Type": FORM})
    assert done.status_code == 200 and unsubscribed(platform, email)
