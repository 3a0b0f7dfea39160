"""Enrollment ids name their session; cancel tokens are the same for one enrollment however
often it is answered, differ between enrollments and secrets, and are checked by hash."""

from shared.rules.cancel_tokens import (
    cancel_token,
    token_hash,
    token_matches,
)
from shared.rules.cancel_tokens import holder_id as enrollment_id
from shared.rules.cancel_tokens import place_of as session_of

SESSION = "65f0a1b2c3d4e5f601234567"
OWN = "66a0a1b2c3d4e5f601234567"


def test_an_enrollment_id_names_its_session():
    assert session_of(enrollment_id(SESSION, OWN)) == SESSION
    assert session_of(SESSION) is None and session_of("x" * 47) is None


def test_a_redelivered_enrollment_answers_the_token_whose_hash_was_stored():
    first = cancel_token("secret", enrollment_id(SESSION, OWN))
    again = cancel_token("secret", enrollment_id(SESSION, OWN))
    assert first == again and token_matches(again, token_hash(first))
    assert len(first) == 43 and "=" not in first


def test_tokens_differ_between_enrollments_and_secrets_and_a_wrong_one_fails():
    one = cancel_token("secret", enrollment_id(SESSION, OWN))
    other = cancel_token("secret", enrollment_id(SESSION, OWN[::-1]))
    rotated = cancel_token("another secret", enrollment_id(SESSION, OWN))
    assert len({one, other, rotated}) == 3
    assert not token_matches(other, token_hash(one))
