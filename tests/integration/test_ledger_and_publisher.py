"""The processed-event ledger's claims and the batched confirming publisher, for real."""

import time

import pytest

from shared.messaging.broker import ConfirmingPublisher, OutgoingMessage
from shared.messaging.ledger import Claim, Ledger
from shared.messaging.topology import EVENTS_EXCHANGE
from shared.storage import mongo
from tests.support.broker import queue_depth

pytestmark = pytest.mark.integration


@pytest.fixture
def ledger(isolated_env):
    entries = Ledger(mongo.connect("ledger_tests")["processed_events"], lease_seconds=0.3,
                     retention_days=30)
    entries.ensure_indexes()
    return entries


def claim(ledger, key):
    return ledger.claim(key)[0]


def test_an_event_is_claimed_once_then_skipped_once_done(ledger):
    state, hold = ledger.claim("q:e1")
    assert state is Claim.CLAIMED
    assert claim(ledger, "q:e1") is Claim.BUSY  # a redelivery while the first is at work
    assert ledger.complete_many([hold]) == set()
    assert claim(ledger, "q:e1") is Claim.DONE
    assert ledger.collection.find_one({"_id": "q:e1"})["duplicates_skipped"] == 1


def test_a_claim_whose_holder_died_is_taken_over_after_its_lease(ledger):
    assert claim(ledger, "q:e2") is Claim.CLAIMED  # ...and its process dies here
    time.sleep(0.4)
    assert claim(ledger, "q:e2") is Claim.CLAIMED
    assert claim(ledger, "q:e2") is Claim.BUSY


def test_a_renewed_lease_is_not_taken_over(ledger):
    _, hold = ledger.claim("q:slow")
    for _ in range(4):  # 0.6 s in all: twice the lease
        time.sleep(0.15)
        assert ledger.renew_many([hold]) == {hold}
    assert claim(ledger, "q:slow") is Claim.BUSY


def test_only_the_owner_completes_or_releases_its_claim(ledger):
    _, first = ledger.claim("q:e3")
    time.sleep(0.4)  # the first holder is slow: its lease expires
    state, second = ledger.claim("q:e3")
    assert state is Claim.CLAIMED and second.owner != first.owner

    ledger.release(first)  # the first one fails: it must not free the second one's claim
    assert claim(ledger, "q:e3") is Claim.BUSY
    assert ledger.complete_many([first]) == {first}  # nor complete it
    assert ledger.renew_many([first]) == set()
    assert ledger.complete_many([second]) == set()
    assert claim(ledger, "q:e3") is Claim.DONE


def test_a_released_claim_can_be_claimed_again(ledger):
    _, hold = ledger.claim("q:e4")
    ledger.release(hold)
    assert claim(ledger, "q:e4") is Claim.CLAIMED


@pytest.mark.spy_on("tick.#")
def test_every_confirm_is_counted_even_those_read_while_publishing(config, spy):
    # py-amqp reads pending confirms inside basic_publish; a confirm read before its message
    # was registered as unconfirmed used to leave the batch waiting for it until the timeout.
    publisher = ConfirmingPublisher(config["AMQP_URI"], confirm_timeout=5)
    sizes = [1, 7, 52, 113, 69, 500, 3, 300] * 5
    try:
        for size in sizes:
            publisher.publish([OutgoingMessage(EVENTS_EXCHANGE, "tick.tock", b"{}", f"m{n}")
                               for n in range(size)])
    finally:
        publisher.close()
    assert publisher.reconnects == 0
    assert queue_depth(config["AMQP_URI"], spy.queue) == sum(sizes)


@pytest.mark.spy_on("bench.#")
def test_a_batch_is_confirmed_whole_and_lands_whole(config, spy):
    publisher = ConfirmingPublisher(config["AMQP_URI"])
    batch = [OutgoingMessage(EVENTS_EXCHANGE, "bench.tick", b'{"n": %d}' % n, f"m{n}")
             for n in range(1000)]
    try:
        publisher.publish(batch)
        publisher.publish(batch[:10])
    finally:
        publisher.close()
    assert queue_depth(config["AMQP_URI"], spy.queue) == 1010


def test_a_batch_of_claims_tells_each_event_apart(ledger):
    ledger.complete_many([ledger.claim("q:done")[1]])
    ledger.claim("q:busy")

    claims = ledger.claim_many(["q:new", "q:done", "q:busy", "q:twice", "q:twice"])

    assert [state for state, _ in claims] == [
        Claim.CLAIMED, Claim.DONE, Claim.BUSY, Claim.CLAIMED, Claim.BUSY]
    assert len({hold.owner for _, hold in claims}) == 5
