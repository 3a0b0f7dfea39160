import pytest

from tests.support.platform import platform_on_own_vhost


@pytest.fixture
def platform(vhost_pipeline, mongo_uri, tmp_path):
    """A platform each fault test starts, and breaks, as it needs."""
    with platform_on_own_vhost(vhost_pipeline, mongo_uri, tmp_path) as running:
        yield running
