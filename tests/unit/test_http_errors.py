"""One table maps every typed error to its HTTP status and the API's error body; failures of
the broker or of a database are a 503 to retry, a service too slow a 504, never a 500."""

import json

import kombu.exceptions
import pymongo.errors
import pytest
from nameko.exceptions import RemoteError, serialize

from services.gateway.auth import CallerOrganizationNotVerified
from services.gateway.errors import (
    BodyTooLarge,
    MalformedJson,
    RateLimited,
    ServiceTimeout,
    ServiceUnavailable,
    error_response,
    json_response,
)
from services.gateway.json_input import MAX_DEPTH, parse_object
from services.partnerships.contract.errors import (
    DuplicateOrganization,
    IllegalTransition,
    UnknownOrganization,
)
from shared.contract.errors import ConcurrentModification, InvalidInput, Unauthorized


@pytest.mark.parametrize("error, status, code", [
    (MalformedJson("bad"), 400, "MALFORMED_JSON"),
    (Unauthorized("who?"), 401, "UNAUTHORIZED"),
    (CallerOrganizationNotVerified("no"), 403, "ORGANIZATION_NOT_VERIFIED"),
    (UnknownOrganization("none"), 404, "UNKNOWN_ORGANIZATION"),
    (DuplicateOrganization("twice"), 409, "DUPLICATE_ORGANIZATION"),
    (IllegalTransition("no"), 409, "ILLEGAL_TRANSITION"),
    (ConcurrentModification("busy"), 409, "CONCURRENT_MODIFICATION"),
    (BodyTooLarge("big"), 413, "BODY_TOO_LARGE"),
    (InvalidInput("bad", {"name": ["required"]}), 422, "INVALID_INPUT"),
    (RateLimited("slow down"), 429, "RATE_LIMITED"),
    (ServiceUnavailable("down"), 503, "SERVICE_UNAVAILABLE"),
    (ServiceTimeout("late"), 504, "SERVICE_TIMEOUT"),
])
def test_each_error_has_its_status_and_code(error, status, code):
    response = error_response(error)
    body = json.loads(response.get_data())
    assert response.status_code == status
    assert body == {"error": {"code": code, "message": error.message, "fields": error.fields}}


def test_a_401_says_how_to_authenticate():
    assert error_response(Unauthorized("who?")).headers["WWW-Authenticate"] == "Bearer"


def test_an_unexpected_error_is_a_500_that_reveals_nothing():
    response = error_response(RemoteError("KeyError", "secret detail"))
    assert response.status_code == 500
    assert "secret" not in response.get_data(as_text=True)


def test_typed_errors_survive_nameko_serialization():
    from nameko.exceptions import deserialize, serialize
    original = InvalidInput("bad", {"name": ["required"]})
    copy = deserialize(serialize(original))
    assert type(copy) is InvalidInput and copy.fields == {"name": ["required"]}


def remote(exc: Exception) -> RemoteError:
    """What the gateway receives when a service's worker raised `exc` (an unregistered type)."""
    data = serialize(exc)
    return RemoteError(data["exc_type"], data["value"])


@pytest.mark.parametrize("failure", [
    kombu.exceptions.OperationalError("[Errno 111] Connection refused"),
    ConnectionRefusedError(111, "Connection refused"),
    pymongo.errors.ServerSelectionTimeoutError("127.0.0.1:27017: connection refused"),
    pymongo.errors.AutoReconnect("connection closed"),
    remote(pymongo.errors.ServerSelectionTimeoutError("127.0.0.1:27017: connection refused")),
    remote(pymongo.errors.AutoReconnect("connection closed")),
    remote(pymongo.errors.NetworkTimeout("timed out")),
    remote(pymongo.errors.ConnectionFailure("unreachable")),
    remote(pymongo.errors.NotPrimaryError("not primary")),
])
def test_a_broker_or_database_that_is_down_is_a_503_to_retry_later(failure):
    response = error_response(failure)
    assert response.status_code == 503
    assert response.json is not None and response.json["error"]["code"] == "SERVICE_UNAVAILABLE"
    assert int(response.headers["Retry-After"]) >= 1


def test_a_service_that_does_not_answer_in_time_is_a_504_not_a_503():
    response = error_response(ServiceTimeout("the partnerships service did not answer within 10 s"))
    assert response.status_code == 504
    assert "Retry-After" not in response.headers


def test_a_rate_limited_request_says_when_to_retry():
    response = error_response(RateLimited("too many applications", retry_after_seconds=1799))
    assert (response.status_code, response.headers["Retry-After"]) == (429, "1799")


def test_a_bug_in_a_service_is_still_a_500_not_disguised_as_unavailable():
    assert error_response(remote(KeyError("organization"))).status_code == 500
    assert error_response(remote(pymongo.errors.DuplicateKeyError("dup"))).status_code == 500


@pytest.mark.parametrize("body", [
    b"[" * 5000,
    b'{"name": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    b'{"sectors": ' + b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1) + b"}",
    b'{"a": ' + b'{"a": ' * 900 + b"1" + b"}" * 901,
])
def test_a_deeply_nested_body_is_malformed_json_not_a_crash(body):
    with pytest.raises(MalformedJson, match="nests deeper"):
        parse_object(body)


@pytest.mark.parametrize("body", [b'{"name": "X\\ud800"}', b'{"x": {"\\udfff": 1}}'])
def test_a_lone_surrogate_is_malformed_json_not_a_500_in_the_service(body):
    with pytest.raises(MalformedJson, match="surrogate"):
        parse_object(body)
    assert parse_object(b'{"name": "\\ud83d\\ude00 R\\u00e9seau"}') == {"name": "\U0001f600 Réseau"}


def test_a_body_as_deep_as_allowed_is_read():
    body = b'{"sectors": ' + b"[" * (MAX_DEPTH - 1) + b"]" * (MAX_DEPTH - 1) + b"}"
    assert "sectors" in parse_object(body)


def test_answers_are_utf8_with_accents_written_as_such():
    response = json_response(200, {"name": "Réseau des Femmes de Kindu"})
    assert "Réseau".encode() in response.get_data()
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
