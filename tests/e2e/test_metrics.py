"""Every service and the gateway serve Prometheus metrics on their own METRICS_PORT, and the
counters move as requests are served and events flow (shared/runtime/metrics.py)."""

import signal
import time

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.support.mongo_wire import accepts_connections, free_port
from tests.support.organizations import catalog_replica, verified_organization
from tests.support.platform import SERVICES, Platform, platform_on_own_vhost
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e
VERIFY_ROUTE = "/v1/organizations/<organization_id>/verify"


@pytest.fixture(scope="module")
def metered(vhost_pipeline, mongo_uri, tmp_path_factory):
    """The platform with each process serving its metrics on a port of its own."""
    ports = {name: free_port() for name in SERVICES}
    with platform_on_own_vhost(vhost_pipeline, mongo_uri, tmp_path_factory.mktemp("logs")) as running:
        running.start_all(extra_env={name: {"METRICS_PORT": str(port)}
                                     for name, port in ports.items()})
        yield running, ports


def scrape(port: int) -> dict[tuple[str, frozenset], float]:
    """Every sample a process exposes now: (name, labels) -> value."""
    text = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    return {(sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def value(samples: dict, name: str, **labels: str) -> float:
    """The sum of a metric's samples whose labels include `labels` (0 when none yet)."""
    wanted = set(labels.items())
    return sum(v for (n, have), v in samples.items() if n == name and wanted <= have)


def test_every_process_serves_its_metrics_on_its_own_port(metered):
    _, ports = metered
    for name, port in ports.items():
        samples = scrape(port)
        assert value(samples, "process_resident_memory_bytes") > 0, name


def test_counters_move_as_requests_are_served_and_events_flow(metered):
    platform, ports = metered
    before = {name: scrape(port) for name, port in ports.items()}

    organization = verified_organization(platform, name="Réseau des Femmes de Kinshasa")
    wait_until(lambda: catalog_replica(platform, organization["id"]).get("status") == "verified")

    def moved(name: str, metric: str, **labels: str) -> float:
        return value(scrape(ports[name]), metric, **labels) - value(before[name], metric, **labels)

    assert moved("gateway", "maillage_http_requests_total", method="POST", route=VERIFY_ROUTE,
                 status="200") == 1
    assert moved("gateway", "maillage_http_request_duration_seconds_count", route=VERIFY_ROUTE) == 1
    assert moved("gateway", "maillage_rpc_client_duration_seconds_count", service="partnerships",
                 method="verify_organization", outcome="ok") == 1
    assert moved("partnerships", "maillage_rpc_server_duration_seconds_count",
                 service="partnerships", method="verify_organization", outcome="ok") == 1
    wait_until(lambda: moved("partnerships", "maillage_events_published_total",
                             type="organization.verified") >= 1)
    wait_until(lambda: moved("catalog", "maillage_events_consumed_total",
                             queue="catalog.organization_replica",
                             type="organization.verified") >= 1)
    assert moved("catalog", "maillage_handler_duration_seconds_count",
                 queue="catalog.organization_replica") >= 1


def test_labels_name_route_templates_never_ids_and_unknown_paths_share_one_series(metered):
    platform, ports = metered
    organization = verified_organization(platform)
    assert platform.http("GET", f"/v1/no-such-thing/{organization['id']}").status_code == 404

    samples = scrape(ports["gateway"])

    assert value(samples, "maillage_http_requests_total", route="(unmatched)", status="404") >= 1
    labels = {label for (_, have) in samples for _, label in have}
    assert not [label for label in labels if organization["id"] in label]


def test_the_outbox_backlog_is_reported_per_collection_and_empty_once_events_are_out(metered):
    platform, ports = metered
    verified_organization(platform)
    backlog = ("maillage_outbox_backlog",
               frozenset({"service": "partnerships", "collection": "organizations"}.items()))

    wait_until(lambda: scrape(ports["partnerships"]).get(backlog) == 0, interval=0.2)


def test_a_service_stops_on_sigterm_with_its_metrics_server_and_serves_them_again(metered):
    platform, ports = metered
    started = time.monotonic()

    assert platform.kill("catalog", signal.SIGTERM) == 0
    assert time.monotonic() - started < 10
    assert not accepts_connections(ports["catalog"])

    restart(platform, "catalog", ports["catalog"])
    assert value(scrape(ports["catalog"]), "process_resident_memory_bytes") > 0


def restart(platform: Platform, name: str, port: int) -> None:
    platform.start(name, extra_env={"METRICS_PORT": str(port)})
    platform.wait_healthy()
    wait_until(lambda: accepts_connections(port))
