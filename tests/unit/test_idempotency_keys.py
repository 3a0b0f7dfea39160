"""Rules of Idempotency-Key that need no database: whose key it is, what counts as the same
request, and which answers are kept for a retry."""

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request, Response

from services.gateway.auth import Caller, Role
from services.gateway.idempotency import (
    InvalidIdempotencyKey,
    fingerprint,
    is_final,
    record_id,
    scope_of,
)
from shared.contract.errors import ConcurrentModification, Conflict

KEY = "3f9c2a7e-key"


def request(method="POST", path="/v1/organizations", body=b'{"name": "Awa"}',
            address="192.0.2.10", headers=None) -> Request:
    environ = EnvironBuilder(method=method, path=path, data=body, headers=headers,
                             environ_base={"REMOTE_ADDR": address}).get_environ()
    return Request(environ)


def test_one_key_names_a_different_record_for_each_caller():
    callers_and_requests = [
        (Caller(Role.OPERATOR), request()),
        (Caller(Role.PARTNER, "65f-north"), request()),
        (Caller(Role.PARTNER, "65f-south"), request()),
        (Caller(Role.PUBLIC), request(address="192.0.2.10")),
        (Caller(Role.PUBLIC), request(address="192.0.2.11")),
    ]

    records = {record_id(scope_of(caller, r), KEY) for caller, r in callers_and_requests}

    assert len(records) == len(callers_and_requests)


def test_a_public_client_cannot_borrow_another_address_with_a_forwarded_header():
    honest = request(address="192.0.2.10")
    borrowing = request(address="192.0.2.99", headers={"X-Forwarded-For": "192.0.2.10"})

    assert scope_of(Caller(Role.PUBLIC), borrowing) != scope_of(Caller(Role.PUBLIC), honest)


def test_the_same_request_has_the_same_fingerprint_and_any_change_makes_another():
    same = fingerprint(request())

    assert fingerprint(request()) == same
    assert fingerprint(request(body=b'{"name": "Awa "}')) != same
    assert fingerprint(request(path="/v1/partnerships")) != same
    assert fingerprint(request(method="PUT")) != same
    assert fingerprint(request(path="/v1/organizations?x=1")) != same


@pytest.mark.parametrize("key", ["", "x" * 256, "clé", "line\nbreak"])
def test_a_key_that_is_not_1_to_255_printable_ascii_characters_is_refused(key):
    with pytest.raises(InvalidIdempotencyKey):
        record_id("operator", key)


def test_answers_are_kept_unless_a_retry_could_get_another_one():
    def answer(status):
        return Response("{}", status=status)

    assert all(is_final(answer(status)) for status in (200, 201, 404, 409, 422))
    assert not any(is_final(answer(status)) for status in (429, 500, 503, 504))
    assert is_final(answer(409), Conflict("already suspended"))
    assert not is_final(answer(409), ConcurrentModification("keeps changing; retry"))
