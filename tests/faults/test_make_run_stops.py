"""`make run` stops every process it started, on Ctrl-C as on SIGTERM, and never hangs."""

import os
import signal
import subprocess
import time

import pytest
import requests

from tests.support.mongo_wire import ROOT, free_port
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e


def processes_of_group(group: int) -> list[str]:
    listing = subprocess.run(["ps", "-o", "pid=,args=", "-g", str(group)], capture_output=True,
                             text=True).stdout
    return [line.strip() for line in listing.splitlines() if line.strip()]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_make_run_stops_every_process_it_started(vhost_pipeline, mongo_uri, tmp_path, sig):
    port = free_port()
    with vhost_pipeline.get() as vhost, open(tmp_path / "run.log", "wb") as log:
        env = {**os.environ, "AMQP_URI": f"amqp://guest:guest@127.0.0.1:5672/{vhost}",
               "MONGODB_URI": mongo_uri, "MONGODB_DB_PREFIX": f"run{port}_",
               "GATEWAY_PORT": str(port), "MAILLAGE_OPERATOR_TOKEN": "run-test-token",
               "MAILLAGE_VAR": str(tmp_path / "var")}  # its pid files, logs, secrets: not var/
        run = subprocess.Popen([str(ROOT / "deploy/local/run.sh")], cwd=ROOT, env=env,
                               stdout=log, stderr=log, start_new_session=True)
        try:
            wait_until(lambda: _healthy(port), timeout=90, interval=0.5)
            assert any("nameko run" in p for p in processes_of_group(run.pid))

            started = time.monotonic()
            # Ctrl-C reaches the terminal's whole foreground group; SIGTERM only the script
            os.killpg(run.pid, sig) if sig == signal.SIGINT else run.send_signal(sig)
            run.wait(timeout=30)
            stopped_in = time.monotonic() - started
        finally:
            if run.poll() is None:
                os.killpg(run.pid, signal.SIGKILL)
        left = processes_of_group(run.pid)
    print(f"\n[make run, {sig.name}] stopped in {stopped_in:.1f} s, left running: {left}")
    assert left == [] and stopped_in < 15 and run.returncode == 0


def _healthy(port: int) -> bool:
    try:
        return requests.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200
    except requests.RequestException:
        return False
