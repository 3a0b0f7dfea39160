"""The gateway's Idempotency-Key records against the Mongo-wire server: who may run a request,
which answer is kept, and what a retry gets."""

import eventlet
import pytest
from werkzeug.wrappers import Response

from services.gateway import idempotency_records as records
from services.gateway.models import DB_ALIAS, IdempotencyRecord
from shared.storage import mongo
from tests.support.concurrency import at_once

pytestmark = pytest.mark.integration
KEY, BODY = "record-under-test", "body-fingerprint"


@pytest.fixture
def gateway_db(isolated_env):
    mongo.connect(DB_ALIAS)
    IdempotencyRecord.ensure_indexes()


def answer(status: int, body: str = '{"id": "65f"}') -> Response:
    return Response(body, status=status, mimetype="application/json")


def test_a_completed_request_is_replayed_with_its_status_and_body(gateway_db):
    first = records.claim(KEY, BODY)
    records.settle(first, answer(201), final=True)

    replayed = records.claim(KEY, BODY)

    assert isinstance(replayed, IdempotencyRecord)
    assert (replayed.status, replayed.body) == (201, '{"id": "65f"}')


def test_the_key_for_another_request_is_refused_even_while_the_first_runs(gateway_db):
    records.claim(KEY, BODY)

    with pytest.raises(records.IdempotencyKeyReused):
        records.claim(KEY, "another body")


def test_a_second_attempt_while_the_first_holds_the_key_is_told_it_is_in_progress(gateway_db):
    records.claim(KEY, BODY)

    with pytest.raises(records.RequestInProgress):
        records.claim(KEY, BODY)


def test_of_many_concurrent_attempts_with_one_key_exactly_one_runs(gateway_db):
    def attempt():
        try:
            return type(records.claim(KEY, BODY)).__name__
        except records.RequestInProgress:
            return "in progress"

    outcomes = at_once(*[attempt] * 8)

    assert sorted(outcomes) == ["Claim"] + ["in progress"] * 7


def test_after_a_failed_attempt_the_retry_runs_the_same_request_again(gateway_db):
    first = records.claim(KEY, BODY)
    records.settle(first, answer(504), final=False)

    retry = records.claim(KEY, BODY)

    assert isinstance(retry, records.Claim)
    assert retry.request_id == first.request_id  # so the services recognise their own write


def test_a_key_held_by_a_dead_gateway_is_taken_over_after_its_lease(gateway_db, monkeypatch):
    monkeypatch.setenv("RPC_TIMEOUT_SECONDS", "0.01")  # a lease of 30 ms
    first = records.claim(KEY, BODY)
    eventlet.sleep(0.05)  # the lease is a duration: nothing to await but time

    retry = records.claim(KEY, BODY)
    records.settle(first, answer(200, '{"late": true}'), final=True)  # too late: not kept
    records.settle(retry, answer(200), final=True)

    assert retry.request_id == first.request_id
    replayed = records.claim(KEY, BODY)
    assert isinstance(replayed, IdempotencyRecord)
    assert replayed.body == '{"id": "65f"}'


def test_an_expired_record_is_forgotten_and_the_key_serves_a_new_request(gateway_db, monkeypatch):
    monkeypatch.setenv("IDEMPOTENCY_KEY_TTL_HOURS", "0.00001")  # 36 ms
    first = records.claim(KEY, BODY)
    records.settle(first, answer(201), final=True)
    eventlet.sleep(0.06)

    fresh = records.claim(KEY, "another body")

    assert isinstance(fresh, records.Claim)
    assert fresh.request_id != first.request_id
    assert IdempotencyRecord.objects.count() == 1
