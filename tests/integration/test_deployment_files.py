"""docker-compose.yml, the Dockerfile and the Kubernetes manifests agree with the code.

No Docker engine runs here: Debian's docker-compose checks the compose file statically."""

import os
import subprocess
from urllib.parse import urlsplit

import pytest
import yaml

from tests.support.mongo_wire import ROOT
from tests.support.platform import SERVICES

# mail: a development mail catcher (Mailpit) the services' SMTP_URL points to by default
INFRASTRUCTURE = {"mongo": "mongo:7", "rabbitmq": "rabbitmq:3.13-management",
                  "mail": "axllent/mailpit:v1.31.3"}


# Secrets a deployment must be given (no default may stand in for them), and who needs each.
REQUIRED_SECRETS = {"MAILLAGE_OPERATOR_TOKEN": ["gateway"],
                    "CANCEL_TOKEN_SECRET": ["catalog", "conferences"],
                    "UNSUBSCRIBE_SECRET": ["notifications"]}
NEEDS = [(secret, service) for secret, services in sorted(REQUIRED_SECRETS.items())
         for service in services]


def compose_config(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config"],
                          capture_output=True, text=True, timeout=60, env=env)


@pytest.fixture(scope="module")
def compose():
    result = compose_config({**os.environ, **dict.fromkeys(REQUIRED_SECRETS, "compose-check")})
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_compose_runs_real_mongodb_rabbitmq_and_every_service(compose):
    assert set(compose["services"]) == set(INFRASTRUCTURE) | set(SERVICES)
    for name, image in INFRASTRUCTURE.items():
        assert compose["services"][name]["image"] == image
        assert compose["services"][name]["healthcheck"]["test"]


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_each_service_is_built_from_the_one_dockerfile_with_its_class(compose, name):
    service = compose["services"][name]
    assert service["build"]["dockerfile"] == "deploy/Dockerfile"
    assert service["build"]["args"]["SERVICE"] == SERVICES[name]
    assert service["environment"]["AMQP_URI"].startswith("amqp://")
    assert service["environment"]["MONGODB_URI"] == "mongodb://mongo:27017/"
    assert set(service["depends_on"]) == {"mongo", "rabbitmq"}
    assert service["healthcheck"]["test"]


@pytest.mark.parametrize("secret", sorted(REQUIRED_SECRETS))
def test_compose_will_not_start_a_service_without_its_secret(secret):
    others = dict.fromkeys(set(REQUIRED_SECRETS) - {secret}, "compose-check")
    env = {**{k: v for k, v in os.environ.items() if k != secret}, **others}
    result = compose_config(env)
    assert result.returncode != 0 and secret in result.stderr


@pytest.mark.parametrize(("secret", "service"), NEEDS)
def test_compose_gives_each_service_the_secrets_it_needs(compose, secret, service):
    assert compose["services"][service]["environment"][secret] == "compose-check"


@pytest.mark.parametrize(("secret", "service"), NEEDS)
def test_kubernetes_gives_each_secret_from_a_secret_object(secret, service):
    env = {variable["name"]: variable for variable in container_of(service)["env"]}
    assert "secretKeyRef" in env[secret]["valueFrom"]


def test_compose_sends_emails_to_its_mail_catcher_and_links_to_the_published_gateway(compose):
    notifications = compose["services"]["notifications"]["environment"]
    smtp = urlsplit(notifications["SMTP_URL"])
    assert smtp.scheme == "smtp" and smtp.port == 1025  # Mailpit's SMTP port, inside compose
    assert compose["services"][smtp.hostname]["image"] == INFRASTRUCTURE["mail"]
    [published] = compose["services"]["gateway"]["ports"]
    assert notifications["PUBLIC_URL"] == f"http://127.0.0.1:{published['published']}"


def test_kubernetes_takes_the_mail_settings_from_configuration():
    documents = list(yaml.safe_load_all((ROOT / "deploy/k8s/notifications.yaml").read_text()))
    [config_map] = [d for d in documents if d["kind"] == "ConfigMap"]
    sources = [source["configMapRef"]["name"] for source in container_of("notifications")["envFrom"]]
    assert sources == ["maillage-config", config_map["metadata"]["name"]]
    assert config_map["data"]["SMTP_URL"].startswith(("smtp://", "smtp+starttls://", "smtps://"))
    assert config_map["data"]["PUBLIC_URL"].startswith("https://")


def test_the_dockerfile_installs_the_pins_of_pyproject_and_runs_the_built_service():
    dockerfile = (ROOT / "deploy/Dockerfile").read_text()
    assert "pyproject.toml" in dockerfile and "ARG SERVICE" in dockerfile
    assert 'nameko run --config deploy/nameko.yaml \\"$SERVICE\\"' in dockerfile


def container_of(name: str) -> dict:
    documents = list(yaml.safe_load_all((ROOT / f"deploy/k8s/{name}.yaml").read_text()))
    [deployment] = [d for d in documents if d["kind"] == "Deployment"]
    [container] = deployment["spec"]["template"]["spec"]["containers"]
    return container


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_each_service_has_a_kubernetes_deployment_with_probes(name):
    container = container_of(name)
    assert container["image"].endswith(f"/{name}:latest")
    assert container["readinessProbe"] and container["livenessProbe"]


@pytest.mark.parametrize("name", sorted(set(SERVICES) - {"gateway"}))
def test_a_service_is_ready_by_its_health_rpc_and_alive_by_its_heartbeat(name, compose):
    container = container_of(name)
    probe = ["python", "-m", "shared.runtime.probe"]
    assert container["readinessProbe"]["exec"]["command"] == [*probe, "--ready", name]
    assert container["livenessProbe"]["exec"]["command"] == [*probe, "--live", name]
    assert compose["services"][name]["healthcheck"]["test"] == ["CMD", *probe, "--ready", name]


def test_the_gateway_is_alive_without_a_worker_and_ready_with_its_own_dependencies(compose):
    container = container_of("gateway")
    assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert "/health/ready" in " ".join(compose["services"]["gateway"]["healthcheck"]["test"])
