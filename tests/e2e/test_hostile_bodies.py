"""Bodies built to crash a parser get a 400 and change nothing; the gateway keeps serving."""

import pytest

from tests.support.organizations import application, organizations_count

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("body", [
    b"[" * 5000,
    b"[" * 5000 + b"]" * 5000,
    b'{"name": "Collectif", "sectors": ' + b"[" * 900 + b"]" * 900 + b"}",
    b'{"name": ' + b'{"a": ' * 2000 + b"1" + b"}" * 2001,
], ids=["5000-open-brackets", "5000-nested-arrays", "900-deep-field", "2000-deep-objects"])
def test_a_deeply_nested_body_is_malformed_json_and_writes_nothing(platform, body):
    before = organizations_count(platform)

    response = platform.http("POST", "/v1/organizations", data=body,
                             headers={"Content-Type": "application/json"})

    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "MALFORMED_JSON"
    assert organizations_count(platform) == before
    assert platform.http("POST", "/v1/organizations", json=application()).status_code == 201
