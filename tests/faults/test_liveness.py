"""Liveness tells a wedged process from a healthy one without RabbitMQ or MongoDB; readiness
follows the dependencies. An outage makes processes unready, never "dead" (a restart would not
bring the broker back); a frozen process is dead; a gateway whose workers all wait on a slow
service is still alive."""

import signal
import subprocess
import sys

import eventlet
import pytest
import requests

from tests.support.broker import queue_depth
from tests.support.mongo_wire import ROOT
from tests.support.tcp_link import link_to
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e
MAX_AGE_SECONDS = 1.5


@pytest.fixture
def platform(platform, tmp_path):
    platform.env.update({"HEARTBEAT_DIR": str(tmp_path), "HEARTBEAT_SECONDS": "0.2",
                         "LIVENESS_MAX_AGE_SECONDS": str(MAX_AGE_SECONDS)})
    return platform


def probe(platform, mode: str, service: str, **env) -> bool:
    """`python -m shared.runtime.probe --live|--ready <service>`, as the deployment runs it."""
    result = subprocess.run([sys.executable, "-m", "shared.runtime.probe", mode, service], cwd=ROOT,
                            env={**platform.env, **env}, capture_output=True, text=True,
                            timeout=30)
    return result.returncode == 0


def alive(platform, service: str) -> bool:
    # nothing listens on port 9: the liveness probe must not need the broker or the database
    return probe(platform, "--live", service, AMQP_URI="amqp://guest:guest@127.0.0.1:9/",
                 MONGODB_URI="mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=500")


def test_a_frozen_process_fails_liveness_and_passes_again_once_it_runs(platform):
    platform.start_all()
    partnerships = platform.processes["partnerships"]
    assert alive(platform, "partnerships") and alive(platform, "catalog")

    partnerships.send_signal(signal.SIGSTOP)
    try:
        wait_until(lambda: not alive(platform, "partnerships"), timeout=15, interval=0.3)
        assert alive(platform, "catalog")
    finally:
        partnerships.send_signal(signal.SIGCONT)

    wait_until(lambda: alive(platform, "partnerships"), timeout=15, interval=0.3)


@pytest.mark.parametrize("dependency", ["AMQP_URI", "MONGODB_URI"])
def test_a_service_cut_off_from_a_dependency_is_unready_but_alive(platform, dependency):
    link = link_to(platform.env[dependency])
    try:
        platform.start("partnerships", extra_env={dependency: link.rerouted(platform.env[dependency])})
        wait_until(lambda: probe(platform, "--ready", "partnerships"), timeout=60, interval=0.5)

        link.cut()

        wait_until(lambda: not probe(platform, "--ready", "partnerships"), timeout=30,
                   interval=0.5)
        assert alive(platform, "partnerships")
        assert platform.processes["partnerships"].poll() is None
        link.restore()
        wait_until(lambda: probe(platform, "--ready", "partnerships"), timeout=60, interval=0.5)
    finally:
        platform.kill("partnerships")
        link.close()


def test_a_gateway_whose_workers_all_wait_on_a_dead_service_is_still_alive(platform):
    platform.env.update({"MAX_WORKERS": "2", "RPC_TIMEOUT_SECONDS": "8"})
    platform.start_all()
    platform.kill("partnerships")
    waiting = [eventlet.spawn(platform.http, "GET", "/v1/organizations") for _ in range(4)]
    wait_until(lambda: queue_depth(platform.env["AMQP_URI"], "rpc-partnerships") >= 2)

    with pytest.raises(requests.Timeout):  # no worker free for an ordinary route
        requests.get(f"{platform.url}/v1/openapi.json", timeout=1)
    live = requests.get(f"{platform.url}/health/live", timeout=1)

    assert live.status_code == 200 and live.json()["status"] == "ok"
    for request in waiting:  # their answers (504, after RPC_TIMEOUT_SECONDS) tell nothing more
        request.kill()
