import pytest

from tests.support.platform import platform_on_own_vhost
from tests.support.smtp_server import SmtpServer


@pytest.fixture(scope="module")
def platform_settings() -> dict[str, str | None]:
    """Settings a module's platform starts with in place of the tests' own (None: back to the
    service's default). None by default: a module that needs some overrides this fixture."""
    return {}


@pytest.fixture(scope="module")
def platform(vhost_pipeline, mongo_uri, tmp_path_factory, platform_settings):
    """partnerships, catalog and the gateway as separate processes on a vhost of their own."""
    with platform_on_own_vhost(vhost_pipeline, mongo_uri, tmp_path_factory.mktemp("logs")) as running:
        for name, value in platform_settings.items():
            if value is None:
                running.env.pop(name)
            else:
                running.env[name] = value
        running.start_all()
        yield running


@pytest.fixture(scope="module")
def smtp_server(tmp_path_factory):
    """An SMTP server for a module's platform: the module's `platform_settings` passes it on
    (`{"SMTP_URL": smtp_server.url}`)."""
    server = SmtpServer(tmp_path_factory.mktemp("smtp")).start()
    yield server
    server.stop()
