"""API keys and who may call what (no database: the rules only)."""

import pytest

from services.gateway import api_keys
from services.gateway.auth import Caller, Policy, Role, admit, bearer_token
from shared.contract.errors import Forbidden, Unauthorized


def test_an_issued_key_matches_its_stored_hash_and_nothing_else():
    issued = api_keys.issue("65f0a1")
    parsed = api_keys.parse(issued.key)
    assert parsed is not None
    key_id, secret = parsed
    assert key_id == "65f0a1"
    assert api_keys.matches(secret, issued.secret_hash)
    assert not api_keys.matches(secret + "x", issued.secret_hash)
    assert secret not in issued.secret_hash


@pytest.mark.parametrize("token", ["", "mlg_", "mlg_.secret", "mlg_id.", "other_id.secret"])
def test_malformed_keys_do_not_parse(token):
    assert api_keys.parse(token) is None


@pytest.mark.parametrize("header, token", [(None, None), ("Bearer abc", "abc"),
                                           ("bearer  abc ", "abc")])
def test_the_bearer_token_is_read_from_the_authorization_header(header, token):
    assert bearer_token(header) == token


@pytest.mark.parametrize("header", ["Basic abc", "Bearer", "Bearer   ", "abc"])
def test_any_other_authorization_header_is_refused(header):
    with pytest.raises(Unauthorized):
        bearer_token(header)


PUBLIC, PARTNER, OPERATOR = Caller(Role.PUBLIC), Caller(Role.PARTNER, "o1"), Caller(Role.OPERATOR)


@pytest.mark.parametrize("caller, policy, refusal", [
    (PUBLIC, Policy.PUBLIC, None), (PARTNER, Policy.PUBLIC, None), (OPERATOR, Policy.PUBLIC, None),
    (PUBLIC, Policy.PARTNER, Unauthorized), (PARTNER, Policy.PARTNER, None),
    (OPERATOR, Policy.PARTNER, Forbidden),
    (PUBLIC, Policy.OPERATOR, Unauthorized), (PARTNER, Policy.OPERATOR, Forbidden),
    (OPERATOR, Policy.OPERATOR, None),
    (PUBLIC, Policy.MEMBER, Unauthorized), (PARTNER, Policy.MEMBER, None),
    (OPERATOR, Policy.MEMBER, None),
])
def test_each_policy_admits_its_callers_only(caller, policy, refusal):
    if refusal is None:
        admit(caller, policy)
    else:
        with pytest.raises(refusal):
            admit(caller, policy)
