"""The methods a path takes, as the server answers them (RFC 9110) and /v1/openapi.json says:
a 405 names them in `Allow`, OPTIONS answers them, HEAD is a GET without the body."""

import json
from typing import Any

import jsonschema_rs
from werkzeug.routing import Map, Rule
from werkzeug.test import Client
from werkzeug.wrappers import Response

from services.gateway.http import JsonErrorsApp, allowed_methods
from services.gateway.openapi import document as openapi
from services.gateway.routes.operations import route_specs
from services.gateway.service import GatewayService


class Answers:
    """A route provider answering with its method, as nameko's handlers would."""

    def __init__(self, method: str):
        self.method = method

    def handle_request(self, request):
        return Response(json.dumps({"answered": self.method}), mimetype="application/json")


class Server:
    """Routes as nameko's server makes them: each rule's endpoint is its handler."""

    def make_url_map(self) -> Map:
        return Map([self._rule("/v1/things", "GET"), self._rule("/v1/things", "POST"),
                    self._rule("/v1/things/<thing_id>/close", "POST")])

    @staticmethod
    def _rule(url: str, method: str) -> Rule:
        handler: Any = Answers(method)  # werkzeug types endpoints as names; nameko's are handlers
        return Rule(url, methods=[method], endpoint=handler)


client = Client(JsonErrorsApp(Server()))


def test_a_method_a_path_does_not_take_is_a_405_naming_those_it_takes():
    response = client.delete("/v1/things")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS, POST"
    assert json.loads(response.data)["error"]["code"] == "METHOD_NOT_ALLOWED"
    assert client.get("/v1/things/42/close").headers["Allow"] == "OPTIONS, POST"


def test_options_answers_which_methods_a_path_takes_with_no_content():
    response = client.options("/v1/things/42/close")
    assert (response.status_code, response.headers["Allow"]) == (204, "OPTIONS, POST")
    assert "Content-Type" not in response.headers and response.data == b""


def test_head_is_answered_as_a_get_without_its_body():
    response = client.head("/v1/things")
    assert response.status_code == 200 and response.data == b""
    assert int(response.headers["Content-Length"]) == len(b'{"answered": "GET"}')


def test_an_unknown_path_is_a_404_whatever_the_method():
    for method in ("GET", "OPTIONS", "DELETE"):
        response = client.open("/v1/nothing", method=method)
        assert response.status_code == 404, method
        assert json.loads(response.data)["error"]["code"] == "NO_SUCH_ENDPOINT"


def test_the_document_declares_the_allow_header_the_server_sends():
    document = openapi.build(route_specs(GatewayService))
    allow = jsonschema_rs.validator_for(document["components"]["headers"]["Allow"]["schema"])
    for path, operations in document["paths"].items():
        declared = [method for method in operations if method not in ("parameters", "options")]
        assert allow.is_valid(", ".join(allowed_methods(declared))), path
        assert operations["options"]["responses"]["204"]["headers"]["Allow"]
