"""The database stops for 10 s, the broker restarts: during a stream of events, on the real
platform (every service its own process). No process dies, clients get 503 (never 500)
while a dependency is away, and once it is back nothing was lost or applied twice."""

from collections import Counter

import eventlet
import pytest

from shared.messaging.topology import UNROUTED_QUEUE
from tests.support.broker import drain
from tests.support.mongo_wire import h2_server
from tests.support.organizations import apply
from tests.support.platform import platform_on, platform_on_own_vhost
from tests.support.private_broker import private_broker
from tests.support.status_probe import StatusProbe
from tests.support.stream import finish, start_platform_with_a_stream

pytestmark = pytest.mark.e2e


def test_the_database_stopped_for_10_seconds_during_a_stream(vhost_pipeline, tmp_path):
    with h2_server(tmp_path) as database, \
            platform_on_own_vhost(vhost_pipeline, database.uri, tmp_path) as platform:
        stream = start_platform_with_a_stream(platform)
        probe = StatusProbe(platform)

        answered = apply(platform)  # 201: written and acknowledged just before the kill
        database.kill()  # SIGKILL: every acknowledged write must still be there after
        eventlet.sleep(10)
        database.start()

        platform.wait_healthy(timeout=60)
        assert platform.database("partnerships").organizations.find_one({"_id": answered["id"]})
        statuses = probe.stop()
        assert finish(platform, stream, "database stopped 10 s") == (0, 0)
        print(f"[database stopped 10 s] answers through the gateway: {Counter(statuses)}")
        assert 503 in statuses and 500 not in statuses, statuses


def test_the_broker_restarted_during_a_stream(mongo_uri, tmp_path):
    with private_broker() as broker, \
            platform_on(broker.amqp_uri, mongo_uri, tmp_path) as platform:
        stream = start_platform_with_a_stream(platform)
        probe = StatusProbe(platform)

        broker.restart(down_seconds=5)

        platform.wait_healthy(timeout=90)
        statuses = probe.stop()
        print(f"\n[broker restarted] answers through the gateway: {Counter(statuses)}")
        try:
            assert finish(platform, stream, "broker restarted") == (0, 0)
        finally:
            print(broker.queues())
            for message in drain(broker.amqp_uri, UNROUTED_QUEUE)[:3]:
                print(message.delivery_info, message.properties, message.body[:200])
        assert 503 in statuses and 500 not in statuses, statuses
