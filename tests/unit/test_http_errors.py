"""One table maps every typed error to its HTTP status and the API's error body."""

import json

import pytest
from nameko.exceptions import RemoteError

from services.gateway.auth import OrganizationNotVerified
from services.gateway.errors import (
    BodyTooLarge,
    MalformedJson,
    ServiceUnavailable,
    error_response,
)
from services.partnerships.errors import DuplicateOrganization, IllegalTransition, UnknownOrganization
from shared.errors import InvalidInput, Unauthorized
from shared.outbox import ConcurrentModification


@pytest.mark.parametrize("error, status, code", [
    (MalformedJson("bad"), 400, "MALFORMED_JSON"),
    (Unauthorized("who?"), 401, "UNAUTHORIZED"),
    (OrganizationNotVerified("no"), 403, "ORGANIZATION_NOT_VERIFIED"),
    (UnknownOrganization("none"), 404, "UNKNOWN_ORGANIZATION"),
    (DuplicateOrganization("twice"), 409, "DUPLICATE_ORGANIZATION"),
    (IllegalTransition("no"), 409, "ILLEGAL_TRANSITION"),
    (ConcurrentModification("busy"), 409, "CONCURRENT_MODIFICATION"),
    (BodyTooLarge("big"), 413, "BODY_TOO_LARGE"),
    (InvalidInput("bad", {"name": ["required"]}), 422, "INVALID_INPUT"),
    (ServiceUnavailable("down"), 503, "SERVICE_UNAVAILABLE"),
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
