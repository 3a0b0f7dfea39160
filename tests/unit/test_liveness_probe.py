"""`python -m shared.runtime.probe --live <service>`: alive while the heartbeat file is recent."""

import os
import time

import pytest

from shared.runtime import probe
from shared.runtime.liveness import heartbeat_path


@pytest.fixture(autouse=True)
def heartbeats_here(monkeypatch, tmp_path):
    monkeypatch.setenv("HEARTBEAT_DIR", str(tmp_path))
    monkeypatch.setenv("LIVENESS_MAX_AGE_SECONDS", "30")


def beat(service: str, seconds_ago: float) -> None:
    path = heartbeat_path(service)
    path.touch()
    then = time.time() - seconds_ago
    os.utime(path, (then, then))


def test_a_process_that_beat_recently_is_alive():
    beat("catalog", seconds_ago=2)
    assert probe.main(["--live", "catalog"]) == 0


def test_a_process_whose_heartbeat_is_older_than_the_limit_is_not(capsys):
    beat("catalog", seconds_ago=31)
    assert probe.main(["--live", "catalog"]) == 1
    assert "31 s ago" in capsys.readouterr().out


def test_a_process_that_never_beat_is_not_alive():
    beat("partnerships", seconds_ago=1)
    assert probe.main(["--live", "catalog"]) == 1
