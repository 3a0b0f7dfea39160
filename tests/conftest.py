# nameko runs on eventlet: patch before anything imports socket, or the first
# container_factory + rabbit_config test hangs (../shared/PITFALLS.md).
import eventlet

eventlet.monkey_patch()

import uuid  # noqa: E402

import mongoengine  # noqa: E402
import pytest  # noqa: E402

from tests.support import mongo_wire  # noqa: E402

TEST_TIMEOUT_SECONDS = 120


@pytest.fixture(autouse=True)
def bounded_in_time():
    """A hung test fails on its own (eventlet interrupts whatever green call it waits in)
    instead of stalling the whole run."""
    with eventlet.Timeout(TEST_TIMEOUT_SECONDS):
        yield


@pytest.fixture(scope="session")
def mongo_uri():
    """A Mongo-wire server (memory backend) of this test run's own, on a free port."""
    with mongo_wire.memory_server() as uri:
        yield uri


@pytest.fixture
def isolated_env(monkeypatch, mongo_uri):
    """Fresh databases for one test: every service's database gets a prefix of its own."""
    prefix = f"t{uuid.uuid4().hex[:10]}_"
    monkeypatch.setenv("MONGODB_URI", mongo_uri)
    monkeypatch.setenv("MONGODB_DB_PREFIX", prefix)
    monkeypatch.setenv("CONSUMER_RETRY_DELAYS", "0.05,0.1")
    monkeypatch.setenv("MAILLAGE_OPERATOR_TOKEN", "operator-test-token")
    monkeypatch.setenv("CANCEL_TOKEN_SECRET", "cancel-token-secret-for-tests")
    monkeypatch.setenv("UNSUBSCRIBE_SECRET", "unsubscribe-secret-for-tests")
    monkeypatch.setenv("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", "true")  # receivers on 127.0.0.1
    yield prefix
    mongoengine.disconnect_all()


@pytest.fixture
def config(rabbit_config, isolated_env):
    """nameko config on a RabbitMQ vhost of this test's own, plus isolated databases."""
    return {**rabbit_config, "serializer": "json", "max_workers": 10}


@pytest.fixture
def running(config, container_factory):
    """Starts a service class in this process on the test's own vhost: `running(Service)`
    returns its started container (stopped after the test)."""
    def start(service_class):
        container = container_factory(service_class, config)
        container.start()
        return container
    return start
