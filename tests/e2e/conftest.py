import pytest

from tests.support.platform import platform_on_own_vhost


@pytest.fixture(scope="module")
def platform(vhost_pipeline, mongo_uri, tmp_path_factory):
    """partnerships, catalog and the gateway as separate processes on a vhost of their own."""
    with platform_on_own_vhost(vhost_pipeline, mongo_uri, tmp_path_factory.mktemp("logs")) as running:
        running.start_all()
        yield running
