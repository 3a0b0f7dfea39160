"""The conferences' routes as the gateway serves and documents them: `<id>.ics` is its own
route for every method, answered as text/calendar and declared so; registration ids have
their own shape in the document; a registration is cancelled with its token or by an
organizer, as an enrollment is."""

import json
from types import SimpleNamespace

import pytest
from werkzeug.routing import Rule
from werkzeug.test import Client, EnvironBuilder
from werkzeug.wrappers import Request, Response

from services.gateway.auth import Caller, Policy, Role
from services.gateway.http import ApiServer, JsonErrorsApp, PathParameter, RouteSpec
from services.gateway.openapi import document as openapi
from services.gateway.routes.conferences import ConferenceRoutes, RegistrationRoutes
from services.gateway.routes.operations import route_specs
from services.gateway.service import GatewayService

SPECS = route_specs(GatewayService)
DOCUMENT = openapi.build(SPECS)
CONFERENCE_ID = "65f0a1b2c3d4e5f601234567"
REGISTRATION_ID = CONFERENCE_ID + "66a0a1b2c3d4e5f601234567"
TOKEN = "A" * 43
CALENDAR_TEXT = "BEGIN:VCALENDAR\r\nX-WR-CALNAME:Regards croisés\r\nEND:VCALENDAR\r\n"


class Answers:
    """A route provider answering with its route, as nameko's handlers would."""

    def __init__(self, spec: RouteSpec):
        self.spec = spec

    def get_url_rule(self) -> Rule:
        return Rule(self.spec.url, methods=[self.spec.method])

    def handle_request(self, request) -> Response:
        return Response(json.dumps([self.spec.method, self.spec.url]), mimetype="application/json")


def server_of(specs: list[RouteSpec]) -> Client:
    """The gateway's routing (ApiServer's map, JsonErrorsApp), each route answering its name."""
    server = ApiServer()
    for spec in specs:
        server.register_provider(Answers(spec))
    return Client(JsonErrorsApp(server))


client = server_of(SPECS)


def test_the_ics_path_goes_to_the_calendar_and_the_plain_one_to_the_conference():
    calendar = client.get(f"/v1/conferences/{CONFERENCE_ID}.ics")
    assert calendar.json == ["GET", "/v1/conferences/<conference_id>.ics"]
    assert client.get(f"/v1/conferences/{CONFERENCE_ID}").json == [
        "GET", "/v1/conferences/<conference_id>"]


@pytest.mark.parametrize("method", ["PATCH", "DELETE", "POST"])
def test_no_other_method_takes_the_ics_path_for_a_conference_id_ending_in_ics(method):
    response = client.open(f"/v1/conferences/{CONFERENCE_ID}.ics", method=method)
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_options_on_the_ics_path_names_only_its_own_methods():
    response = client.options("/v1/conferences/conference_id.ics")
    assert (response.status_code, response.headers["Allow"]) == (204, "GET, HEAD, OPTIONS")


def test_a_path_value_with_a_dot_routes_nowhere_and_the_404_keeps_the_correlation_id():
    response = client.get("/v1/conferences/0.5", headers={"X-Correlation-Id": "trace-42"})
    assert response.status_code == 404
    assert json.loads(response.data)["error"]["code"] == "NO_SUCH_ENDPOINT"
    assert response.headers["X-Correlation-Id"] == "trace-42"
    assert client.patch("/v1/conferences/0.ics").headers["X-Correlation-Id"]  # a 405: minted


def fake_gateway(caller: Caller, **answers) -> SimpleNamespace:
    """What a route's worker uses of the gateway: who calls, idempotency, the RPC proxy."""
    return SimpleNamespace(
        access=lambda request, policy: caller,
        idempotency=SimpleNamespace(once=lambda caller, request, status, run: run()),
        conferences=SimpleNamespace(**answers))


def request(method: str = "GET", **headers: str) -> Request:
    return Request(EnvironBuilder(method=method, headers=list(headers.items())).get_environ())


class Cancellations(list):
    """A stand-in for the service's cancel_registration, recording its arguments."""

    def __call__(self, *args) -> dict:
        self.append(args)
        return {}


def test_the_calendar_is_answered_as_text_calendar_in_utf8():
    gateway = fake_gateway(Caller(Role.PUBLIC),
                           conference_calendar=lambda *args: CALENDAR_TEXT)
    response = ConferenceRoutes.conference_calendar(gateway, request(),
                                                    conference_id=CONFERENCE_ID)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.get_data() == CALENDAR_TEXT.encode()


def test_the_document_declares_the_calendar_as_text_calendar():
    operation = DOCUMENT["paths"]["/v1/conferences/{conference_id}.ics"]["get"]
    assert operation["responses"]["200"]["content"] == {
        "text/calendar": {"schema": {"type": "string"}}}
    assert operation["operationId"] == "get_conferences_conference_id_ics"
    errors = operation["responses"]["404"]["content"]
    assert errors == {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


def test_registration_and_enrollment_ids_are_declared_with_their_own_shape():
    patterns = {parameter["name"]: parameter["schema"]["pattern"]
                for path in DOCUMENT["paths"].values() for parameter in path.get("parameters", [])}
    assert patterns["registration_id"] == patterns["enrollment_id"] == "^[0-9a-f]{48}$"
    assert patterns["conference_id"] == patterns["proposal_id"] == openapi.ID_PATTERN


def test_a_route_that_forgets_its_path_value_shape_is_refused():
    declared = RouteSpec("DELETE", "/v1/registrations/<registration_id>", "", Policy.PUBLIC,
                         None, None, (200, None),
                         path_parameters=(PathParameter("registration_id", "^[0-9a-f]{48}$"),))
    forgot = RouteSpec("POST", "/v1/registrations/<registration_id>/approve", "",
                       Policy.PARTNER, None, None, (200, None))
    with pytest.raises(ValueError, match="registration_id"):
        openapi.build([declared, forgot])
    misspelt = RouteSpec("GET", "/v1/things/<thing_id>", "", Policy.PUBLIC, None, None,
                         (200, None), path_parameters=(PathParameter("thing", "^x$"),))
    with pytest.raises(ValueError, match="no path value thing"):
        openapi.build([misspelt])


def test_the_public_cancels_a_registration_only_with_its_token():
    cancelled = Cancellations()
    gateway = fake_gateway(Caller(Role.PUBLIC), cancel_registration=cancelled)
    without = RegistrationRoutes.cancel_registration(gateway, request("DELETE"),
                                                     registration_id=REGISTRATION_ID)
    assert without.status_code == 401 and cancelled == []
    RegistrationRoutes.cancel_registration(gateway, request("DELETE", **{"X-Cancel-Token": TOKEN}),
                                           registration_id=REGISTRATION_ID)
    assert cancelled == [(REGISTRATION_ID, TOKEN, None)]


def test_an_organizer_cancels_with_its_key_and_an_operator_may_not():
    cancelled = Cancellations()
    organizer = fake_gateway(Caller(Role.PARTNER, "65f0a1b2c3d4e5f601234999"),
                             cancel_registration=cancelled)
    RegistrationRoutes.cancel_registration(organizer, request("DELETE"),
                                           registration_id=REGISTRATION_ID)
    assert cancelled == [(REGISTRATION_ID, None, "65f0a1b2c3d4e5f601234999")]
    operator = fake_gateway(Caller(Role.OPERATOR), cancel_registration=cancelled)
    refused = RegistrationRoutes.cancel_registration(operator, request("DELETE"),
                                                     registration_id=REGISTRATION_ID)
    assert refused.status_code == 403 and len(cancelled) == 1
