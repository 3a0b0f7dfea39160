import contextlib

import pytest
from nameko.standalone.rpc import ServiceRpcProxy

from services.partnerships.service import PartnershipsService
from tests.support.broker import EventSpy
from tests.support.organizations import member
from tests.support.smtp_server import SmtpServer
from tests.support.webhook_receiver import WebhookReceiver


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "spy_on(*patterns): the event types the `spy` fixture's queue is bound to")


@pytest.fixture
def proxy_to_running(config, running):
    """`proxy_to_running(Service)` starts the service in this process and returns an RPC
    proxy to it (closed after the test)."""
    with contextlib.ExitStack() as proxies:
        def start(service_class):
            running(service_class)
            return proxies.enter_context(ServiceRpcProxy(service_class.name, config))
        yield start


@pytest.fixture
def partnerships(proxy_to_running):
    """The partnerships service in this process, on the test's own vhost, and a proxy to it."""
    return proxy_to_running(PartnershipsService)


@pytest.fixture
def spy(config, request):
    """What is published on the test's own vhost, seen from a queue bound to the event types
    the test (or its module) names with `@pytest.mark.spy_on("organization.*", ...)`."""
    marker = request.node.get_closest_marker("spy_on")
    if marker is None:
        pytest.fail(f"{request.node.nodeid} uses `spy` without a spy_on mark", pytrace=False)
    return EventSpy(config["AMQP_URI"], *marker.args)


@pytest.fixture
def brussels(partnerships):
    """A verified organization of the North (Belgium), as an id."""
    return member(partnerships, region="north", country="BE")


@pytest.fixture
def dakar(partnerships):
    """A verified organization of the South (Senegal), as an id."""
    return member(partnerships, region="south", country="SN")


@pytest.fixture
def smtp_server(tmp_path):
    """An SMTP server of the test's own, started (its address: `smtp_server.url`)."""
    server = SmtpServer(tmp_path / "smtp").start()
    yield server
    server.stop()


@pytest.fixture
def webhook_receiver(tmp_path):
    """A webhook receiver of the test's own, started (its address: `webhook_receiver.url`)."""
    receiver = WebhookReceiver(tmp_path / "webhooks").start()
    yield receiver
    receiver.stop()
