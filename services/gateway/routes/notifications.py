"""Routes of notifications: the delivery log (operators), an organization's webhook (the
partner itself), and unsubscribing from an email's link (anyone holding its token)."""

from werkzeug.wrappers import Response

from services.gateway.auth import Caller, Policy
from services.gateway.form_input import FormBody
from services.gateway.http import route
from services.gateway.ratelimit import RateLimit
from services.gateway.services import TimedService
from services.gateway.unsubscribe_pages import HTML, confirmation_page, unsubscribed_page
from services.notifications.contract.messages import (
    NotificationFiltersSchema,
    NotificationListSchema,
    NotificationSchema,
)
from services.notifications.contract.preferences import (
    UnsubscribedSchema,
    UnsubscribeSchema,
    WebhookAnswerSchema,
    WebhookSchema,
)
from shared.contract.errors import Forbidden

UNSUBSCRIBE_FORM = FormBody(answer=unsubscribed_page, media_type=HTML, description=(
    "The page of GET /v1/unsubscribe posts the same fields as a form, and a mail client "
    "RFC 8058's one-click (`List-Unsubscribe=One-Click`) to the email's link, whose query "
    "holds email and token (a field the form lacks is read from the query): a form is "
    "answered by a page (text/html), its errors in JSON."))


class NotOwnOrganization(Forbidden):
    code = "NOT_OWN_ORGANIZATION"


def own_organization(caller: Caller, organization_id: str) -> None:
    """A partner manages its own organization's settings, and no other's."""
    if caller.organization_id != organization_id:
        raise NotOwnOrganization("an organization manages only its own webhook")


class DeliveryLogRoutes:
    notifications: TimedService  # its backend's RPC proxy, which the gateway's class adds

    @route("GET", "/v1/notifications", policy=Policy.OPERATOR,
           summary="The delivery log: each message, newest last, with its attempts",
           query=NotificationFiltersSchema, response=(200, NotificationListSchema))
    def list_notifications(self, caller: Caller, query: dict):
        return self.notifications.list_notifications(query)

    @route("GET", "/v1/notifications/<notification_id>", policy=Policy.OPERATOR,
           summary="One message of the delivery log, with its attempts",
           response=(200, NotificationSchema))
    def get_notification(self, caller: Caller, notification_id: str):
        return self.notifications.get_notification(notification_id)


class WebhookRoutes:
    notifications: TimedService

    @route("PUT", "/v1/organizations/<organization_id>/webhook", policy=Policy.PARTNER,
           summary="Set the webhook told of every event about the organization, signed with "
                   "its secret (its own organization)",
           body=WebhookSchema, response=(200, WebhookAnswerSchema))
    def set_webhook(self, caller: Caller, body: dict, organization_id: str):
        own_organization(caller, organization_id)
        return self.notifications.set_webhook(organization_id, body)

    @route("DELETE", "/v1/organizations/<organization_id>/webhook", policy=Policy.PARTNER,
           summary="Remove the organization's webhook, if it has one (its own organization)",
           response=(204, None))
    def remove_webhook(self, caller: Caller, organization_id: str):
        own_organization(caller, organization_id)
        self.notifications.remove_webhook(organization_id)
        return no_content()


class UnsubscribeRoutes:
    notifications: TimedService

    @route("GET", "/v1/unsubscribe", policy=Policy.PUBLIC,
           summary="The page an email's unsubscribe link opens: a button to confirm (opening "
                   "it unsubscribes nothing: mail scanners open links)",
           query=UnsubscribeSchema, response=(200, None), media_type=HTML)
    def unsubscribe_page(self, caller: Caller, query: dict):
        return confirmation_page(query["email"], query["token"])

    @route("POST", "/v1/unsubscribe", policy=Policy.PUBLIC,
           summary="Receive only the messages about one's own enrollments and registrations "
                   "(the address and token of an email's link)",
           body=UnsubscribeSchema, response=(200, UnsubscribedSchema),
           rate_limit=RateLimit.UNSUBSCRIBES, form=UNSUBSCRIBE_FORM)
    def unsubscribe(self, caller: Caller, body: dict):
        return self.notifications.unsubscribe(body)


def no_content() -> Response:
    response = Response(status=204)
    del response.headers["Content-Type"]  # no content, so no type of it
    return response
