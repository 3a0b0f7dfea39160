"""Rate-limit counters in the gateway's database, as every gateway replica shares them."""

import time
import uuid
from datetime import UTC, datetime
from typing import Any

import eventlet
import pymongo
import pytest

from services.gateway.rate_limit_counters import COLLECTION, WindowCounters

pytestmark = pytest.mark.integration


@pytest.fixture
def collection(mongo_uri):
    client: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(mongo_uri, tz_aware=True)
    yield client[f"t{uuid.uuid4().hex[:10]}_gateway"][COLLECTION]
    client.close()


def test_concurrent_requests_from_many_replicas_each_get_their_own_count(collection):
    replicas = [WindowCounters(collection) for _ in range(4)]
    key = "applications|203.0.113.7|1"
    pool = eventlet.GreenPool(40)

    counts = list(pool.imap(lambda i: replicas[i % 4].increment(key, time.time() + 60),
                            range(200)))

    assert sorted(counts) == list(range(1, 201))
    assert collection.find_one({"_id": key})["count"] == 200


def test_a_window_document_expires_when_its_window_ends(collection):
    counters = WindowCounters(collection)
    counters.ensure_indexes()
    ends_at = 1_900_000_060

    counters.increment("enrollments|192.0.2.1|31666667", ends_at)
    counters.increment("enrollments|192.0.2.1|31666667", ends_at + 999)  # set once, at creation

    stored = collection.find_one({"_id": "enrollments|192.0.2.1|31666667"})
    assert stored["expires_at"] == datetime.fromtimestamp(ends_at, UTC)
    [ttl] = [i for i in collection.list_indexes() if i["name"] == "window_ended"]
    assert ttl["expireAfterSeconds"] == 0 and dict(ttl["key"]) == {"expires_at": 1}
