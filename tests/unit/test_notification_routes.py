"""The notifications' routes as the gateway serves and documents them: the delivery log is the
operators', a webhook is its own organization's, and an email's unsubscribe link opens a page
that changes nothing until its button (or a mail client's RFC 8058 one-click) posts."""

import json
from types import SimpleNamespace

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from services.gateway.auth import Caller, Role, admit
from services.gateway.openapi import document as openapi
from services.gateway.ratelimit import RateLimit
from services.gateway.routes.notifications import (
    DeliveryLogRoutes,
    UnsubscribeRoutes,
    WebhookRoutes,
)
from services.gateway.routes.operations import route_specs

DOCUMENT = openapi.build([spec for routes in (DeliveryLogRoutes, WebhookRoutes, UnsubscribeRoutes)
                          for spec in route_specs(routes)])
OWN = "65f0a1b2c3d4e5f601234567"
OTHER = "65f0a1b2c3d4e5f601234999"
WEBHOOK = {"url": "https://partner.example.org/maillage", "secret": "s" * 32}
EMAIL, TOKEN = "awa.diop@example.org", "k3Yq-token_from-the-link"
UNSUBSCRIBED = {"email": EMAIL, "suppressed": True}
FORM = "application/x-www-form-urlencoded"


class Calls(list):
    """A stand-in for an RPC method: records its arguments, answers `answer`."""

    def __init__(self, answer=None):
        super().__init__()
        self.answer = answer

    def __call__(self, *args):
        self.append(args)
        return self.answer


def gateway(caller: Caller, **rpc) -> SimpleNamespace:
    """What a route's worker uses of the gateway: access as auth.py rules it, idempotency,
    the rate limits (counting), the notifications proxy."""

    def access(request, policy):
        admit(caller, policy)
        return caller

    return SimpleNamespace(
        access=access, notifications=SimpleNamespace(**rpc),
        idempotency=SimpleNamespace(once=lambda caller, request, status, run: run()),
        rate_limits=SimpleNamespace(admit=Calls()))


def request(method: str = "GET", **builder) -> Request:
    return Request(EnvironBuilder(method=method, **builder).get_environ())


def error_code(response) -> str:
    return json.loads(response.get_data())["error"]["code"]


PARTNER, OPERATOR, PUBLIC = Caller(Role.PARTNER, OWN), Caller(Role.OPERATOR), Caller(Role.PUBLIC)


def test_a_partner_sets_its_own_organizations_webhook():
    set_webhook = Calls({"organization_id": OWN, "url": WEBHOOK["url"], "updated_at": "x"})
    answer = WebhookRoutes.set_webhook(gateway(PARTNER, set_webhook=set_webhook),
                                       request("PUT", json=WEBHOOK), organization_id=OWN)
    assert answer["organization_id"] == OWN and set_webhook == [(OWN, WEBHOOK)]


@pytest.mark.parametrize("method, route", [("PUT", WebhookRoutes.set_webhook),
                                           ("DELETE", WebhookRoutes.remove_webhook)])
def test_a_partner_may_not_touch_another_organizations_webhook_nor_an_operator(method, route):
    calls = Calls()
    for caller, code in ((PARTNER, "NOT_OWN_ORGANIZATION"), (OPERATOR, "FORBIDDEN")):
        refused = route(gateway(caller, set_webhook=calls, remove_webhook=calls),
                        request(method, json=WEBHOOK), organization_id=OTHER)
        assert (refused.status_code, error_code(refused)) == (403, code)
    assert calls == []


def test_an_ftp_webhook_or_a_short_secret_is_refused_before_the_service_hears_of_it():
    calls = Calls()
    for body in ({**WEBHOOK, "url": "ftp://partner.example.org/x"}, {**WEBHOOK, "secret": "short"}):
        refused = WebhookRoutes.set_webhook(gateway(PARTNER, set_webhook=calls),
                                            request("PUT", json=body), organization_id=OWN)
        assert refused.status_code == 422
    assert calls == []


def test_removing_a_webhook_answers_204_with_no_content():
    removed = Calls()
    answer = WebhookRoutes.remove_webhook(gateway(PARTNER, remove_webhook=removed),
                                          request("DELETE"), organization_id=OWN)
    assert (answer.status_code, answer.get_data(), removed) == (204, b"", [(OWN,)])
    assert "Content-Type" not in answer.headers


def test_the_delivery_log_is_the_operators_and_its_filters_are_checked():
    listed = Calls({"items": [], "next_cursor": None})
    query = {"status": "sent", "recipient": EMAIL}
    assert DeliveryLogRoutes.list_notifications(gateway(OPERATOR, list_notifications=listed),
                                                request(query_string=query)) == listed.answer
    assert listed == [({"status": "sent", "recipient": EMAIL},)]
    for caller, status in ((PARTNER, 403), (PUBLIC, 401)):
        refused = DeliveryLogRoutes.get_notification(gateway(caller, get_notification=listed),
                                                     request(), notification_id=OWN)
        assert refused.status_code == status
    wrong = DeliveryLogRoutes.list_notifications(gateway(OPERATOR, list_notifications=listed),
                                                 request(query_string={"status": "lost"}))
    assert wrong.status_code == 422 and len(listed) == 1


def test_following_the_link_shows_a_button_and_unsubscribes_nobody():
    unsubscribe = Calls(UNSUBSCRIBED)
    routes = gateway(PUBLIC, unsubscribe=unsubscribe)
    page = UnsubscribeRoutes.unsubscribe_page(
        routes, request(query_string={"email": EMAIL, "token": TOKEN}))
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert '<form method="post">' in text  # posts to the link itself, its query included
    assert f'name="email" value="{EMAIL}"' in text and f'name="token" value="{TOKEN}"' in text
    assert all(f'<p lang="{language}">' in text for language in ("fr", "en", "nl"))
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert unsubscribe == [] and routes.rate_limits.admit == []


def test_the_page_writes_what_the_link_carries_as_text_never_as_markup():
    token = '"><script>alert(1)</script>'
    page = UnsubscribeRoutes.unsubscribe_page(gateway(PUBLIC), request(
        query_string={"email": "o'brien&co@example.org", "token": token}))
    text = page.get_data(as_text=True)
    assert "<script" not in text and "&quot;&gt;&lt;script&gt;" in text
    assert "o&#x27;brien&amp;co@example.org" in text


def test_a_link_that_is_not_one_of_ours_is_a_422():
    page = UnsubscribeRoutes.unsubscribe_page(gateway(PUBLIC), request(
        query_string={"email": "not an address", "token": TOKEN}))
    assert (page.status_code, error_code(page)) == (422, "INVALID_INPUT")


def test_unsubscribing_in_json_answers_json_and_is_rate_limited():
    unsubscribe = Calls(UNSUBSCRIBED)
    routes = gateway(PUBLIC, unsubscribe=unsubscribe)
    body = {"email": EMAIL, "token": TOKEN}
    assert UnsubscribeRoutes.unsubscribe(routes, request("POST", json=body)) == UNSUBSCRIBED
    assert unsubscribe == [(body,)]
    assert [policy for policy, _ in routes.rate_limits.admit] == [RateLimit.UNSUBSCRIBES]


@pytest.mark.parametrize("builder", [
    pytest.param({"data": {"email": EMAIL, "token": TOKEN, "go": ""}, "content_type": FORM},
                 id="the page's button"),
    pytest.param({"query_string": {"email": EMAIL, "token": TOKEN},
                  "data": "List-Unsubscribe=One-Click", "content_type": FORM},
                 id="one-click, urlencoded"),
    pytest.param({"query_string": {"email": EMAIL, "token": TOKEN},
                  "data": {"List-Unsubscribe": "One-Click"}}, id="one-click, multipart"),
])
def test_a_form_or_a_one_click_post_unsubscribes_and_is_answered_by_a_page(builder):
    unsubscribe = Calls(UNSUBSCRIBED)
    page = UnsubscribeRoutes.unsubscribe(gateway(PUBLIC, unsubscribe=unsubscribe),
                                         request("POST", **builder))
    assert (page.status_code, page.mimetype) == (200, "text/html")
    assert unsubscribe == [({"email": EMAIL, "token": TOKEN},)]
    assert EMAIL in page.get_data(as_text=True)


def test_a_one_click_post_without_the_links_query_is_a_422():
    unsubscribe = Calls(UNSUBSCRIBED)
    refused = UnsubscribeRoutes.unsubscribe(gateway(PUBLIC, unsubscribe=unsubscribe), request(
        "POST", data="List-Unsubscribe=One-Click", content_type=FORM))
    assert refused.status_code == 422 and set(json.loads(refused.get_data())["error"][
        "fields"]) == {"email", "token"}
    assert unsubscribe == []


def test_the_document_declares_json_and_the_form_with_their_answers():
    post = DOCUMENT["paths"]["/v1/unsubscribe"]["post"]
    reference = {"$ref": "#/components/schemas/Unsubscribe"}
    assert {media: content["schema"] for media, content in
            post["requestBody"]["content"].items()} == {
        "application/json": reference, FORM: reference, "multipart/form-data": reference}
    assert set(post["responses"]["200"]["content"]) == {"application/json", "text/html"}
    assert "429" in post["responses"] and "RFC 8058" in post["description"]
    page = DOCUMENT["paths"]["/v1/unsubscribe"]["get"]
    assert page["responses"]["200"]["content"] == {"text/html": {"schema": {"type": "string"}}}
    assert {p["name"] for p in page["parameters"]} == {"email", "token"}
    webhook = DOCUMENT["paths"]["/v1/organizations/{organization_id}/webhook"]
    assert "content" not in webhook["delete"]["responses"]["204"]
    assert webhook["put"]["x-policy"] == "partner"
    assert DOCUMENT["paths"]["/v1/notifications"]["get"]["x-policy"] == "operator"


def test_an_operator_is_not_held_back_by_a_public_rate_limit():
    routes = gateway(OPERATOR, unsubscribe=Calls(UNSUBSCRIBED))
    UnsubscribeRoutes.unsubscribe(routes, request("POST", json={"email": EMAIL, "token": TOKEN}))
    assert routes.rate_limits.admit == []
