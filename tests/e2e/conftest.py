import pytest

from tests.support.platform import platform_on_own_vhost
from tests.support.smtp_server import SmtpServer


@pytest.fixture(scope="module")
def platform_settings() -> dict[str, str | None]:
    """Settings a module's platform starts with in place of the tests' own (None: back to the
    service's default). None by default: a module that needs some overrides this fixture."""
    return {}


@pytest.fixture(scope="package")
def smtp_server(tmp_path_factory):
    """The mail server of the e2e platforms (their SMTP_URL): tests find their own emails
    by their recipients' unique addresses."""
    server = SmtpServer(tmp_path_factory.mktemp("smtp"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def shared_platform(vhost_pipeline, mongo_uri, tmp_path_factory, smtp_server):
    """The platform every module on the tests' own settings shares: starting all services
    costs seconds a module, and each test makes organizations, trainings and keys of its own
    (fresh ids, names and addresses), so modules do not see each other's data in what they
    assert. Stopped after the last e2e test, before the fault tests start theirs."""
    with platform_on_own_vhost(vhost_pipeline, mongo_uri, tmp_path_factory.mktemp("logs")) as running:
        running.env["SMTP_URL"] = smtp_server.url
        running.start_all()
        yield running


@pytest.fixture(scope="module")
def platform(request, vhost_pipeline, mongo_uri, tmp_path_factory, platform_settings,
             smtp_server):
    """Every service of deploy/services.list as a separate process: the shared platform, or
    one of the module's own if it changes settings (`platform_settings`)."""
    if not platform_settings:
        yield request.getfixturevalue("shared_platform")
        return
    with platform_on_own_vhost(vhost_pipeline, mongo_uri, tmp_path_factory.mktemp("logs")) as running:
        running.env["SMTP_URL"] = smtp_server.url
        for name, value in platform_settings.items():
            if value is None:
                running.env.pop(name)
            else:
                running.env[name] = value
        running.start_all()
        yield running
