import pytest
from nameko.standalone.rpc import ServiceRpcProxy

from services.partnerships.service import PartnershipsService


@pytest.fixture
def partnerships(config, container_factory):
    """The partnerships service in this process, on the test's own vhost, and a proxy to it."""
    container_factory(PartnershipsService, config).start()
    with ServiceRpcProxy("partnerships", config) as proxy:
        yield proxy
