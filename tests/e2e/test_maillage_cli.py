"""`maillage status`, `up` and `down` driven as an operator runs them (a subprocess) against a
real platform: what it says when all is well, when a service is stopped while events for it
keep coming, and starting and stopping one service in a var/ of the test's own."""

import subprocess
from pathlib import Path

import pytest

from tests.support.mongo_wire import ROOT, free_port
from tests.support.organizations import verified_organization
from tests.support.platform import platform_on_own_vhost
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e
MAILLAGE = str(ROOT / ".venv/bin/maillage")


@pytest.fixture(scope="module")
def platform(vhost_pipeline, mongo_uri, tmp_path_factory):
    """A platform of this module's own: a test stops one of its services."""
    with platform_on_own_vhost(vhost_pipeline, mongo_uri, tmp_path_factory.mktemp("logs")) as running:
        running.start_all()
        yield running


def maillage(platform, var: Path, *arguments: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**platform.env, "MAILLAGE_API": platform.url, "MAILLAGE_VAR": str(var),
                   "COLUMNS": "200", **env}
    return subprocess.run([MAILLAGE, *arguments], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


def table_rows(output: str) -> list[list[str]]:
    """The cells of each line of the status table (rich draws them between │)."""
    return [[cell.strip() for cell in line.split("│")[1:-1]]
            for line in output.splitlines() if line.startswith("│")]


def queue_depth(output: str, service: str, queue: str) -> int:
    current = None
    for cells in table_rows(output):
        current = cells[0] or current
        if current == service and cells[3] == queue:
            return int(cells[4])
    raise AssertionError(f"no queue {service}.{queue} in:\n{output}")


def test_status_says_every_service_is_up(platform, tmp_path):
    result = maillage(platform, tmp_path, "status")
    assert result.returncode == 0, result.stdout + result.stderr
    health = {cells[0]: cells[2] for cells in table_rows(result.stdout) if cells[0]}
    assert health == {name: "ok" for name in platform.processes}
    assert queue_depth(result.stdout, "catalog", "organization_replica") == 0


def test_status_reports_a_stopped_service_down_and_its_queue_growing(platform, tmp_path):
    platform.kill("catalog")
    try:
        for _ in range(3):  # organization.verified: the catalog's replica consumes it
            verified_organization(platform)

        def reported():
            result = maillage(platform, tmp_path, "status")
            return result if queue_depth(result.stdout, "catalog", "organization_replica") else None
        result = wait_until(reported, timeout=30, interval=1)  # the API's counts lag ≈ 5 s
        assert result.returncode == 1, result.stdout + result.stderr
        assert "catalog is down: no answer to its health RPC" in result.stdout
        assert "no process consumes rpc-catalog" in result.stdout
        assert queue_depth(result.stdout, "catalog", "organization_replica") == 3
        assert queue_depth(result.stdout, "conferences", "organization_replica") == 0
    finally:
        platform.start("catalog")
        platform.wait_healthy()


def test_status_says_when_the_broker_is_unreachable(platform, tmp_path):
    result = maillage(platform, tmp_path, "status",
                      RABBITMQ_MANAGEMENT=f"http://guest:guest@127.0.0.1:{free_port()}/api")
    assert result.returncode == 2
    assert "The broker is unreachable: RabbitMQ's management API" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_up_and_down_of_one_service(vhost_pipeline, platform, tmp_path):
    with vhost_pipeline.get() as vhost:
        env = {"AMQP_URI": f"amqp://guest:guest@127.0.0.1:5672/{vhost}",
               "METRICS_PORT_BASE": str(free_port()), "MONGODB_DB_PREFIX": f"up{free_port()}_"}
        started = maillage(platform, tmp_path, "up", "partnerships", **env)
        assert started.returncode == 0, started.stdout + started.stderr
        pid = int((tmp_path / "run/partnerships.pid").read_text())
        assert alive(pid) and (tmp_path / "log/partnerships.log").exists()

        again = maillage(platform, tmp_path, "up", "partnerships", **env)
        assert f"partnerships is already running (pid {pid}): left alone" in again.stdout
        status = maillage(platform, tmp_path, "status", **env)
        assert [c[:3] for c in table_rows(status.stdout) if c[0] == "partnerships"] == [
            ["partnerships", f"running (pid {pid})", "ok"]]

        stopped = maillage(platform, tmp_path, "down", "partnerships", **env)
        assert f"partnerships (pid {pid}) stopped" in stopped.stdout, stopped.stdout
        assert not alive(pid) and not (tmp_path / "run/partnerships.pid").exists()


def test_down_removes_a_stale_pid_file(platform, tmp_path):
    gone = subprocess.Popen(["true"])
    gone.wait()
    (tmp_path / "run").mkdir()
    (tmp_path / "run/catalog.pid").write_text(f"{gone.pid}\n")
    result = maillage(platform, tmp_path, "down", "catalog")
    assert "catalog was not running: removed its stale pid file" in result.stdout
    assert not (tmp_path / "run/catalog.pid").exists()


def test_up_says_why_a_service_died_at_start(vhost_pipeline, platform, tmp_path):
    with vhost_pipeline.get() as vhost:  # the platform's catalog would answer on its vhost
        result = maillage(platform, tmp_path, "up", "catalog", CANCEL_TOKEN_SECRET="too short",
                          AMQP_URI=f"amqp://guest:guest@127.0.0.1:5672/{vhost}",
                          METRICS_PORT_BASE=str(free_port()))
    assert result.returncode == 1
    assert "catalog exited at start" in result.stdout
    assert "CANCEL_TOKEN_SECRET must be set to a secret of at least 16" in result.stdout
    assert not (tmp_path / "run/catalog.pid").exists() or not alive(
        int((tmp_path / "run/catalog.pid").read_text()))


def alive(pid: int) -> bool:
    """Exists and is not a zombie (an orphan nobody reaped: no init reaps them here)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False

