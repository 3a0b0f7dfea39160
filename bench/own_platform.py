"""The whole platform for one benchmark run, as the e2e tests start it, outside pytest: a
Mongo-wire server (memory backend) and a RabbitMQ vhost of the run's own, every service as
its own `nameko run` process. Shared by bench/enrollment_race.py and bench/catalog_search.py.
"""

import contextlib
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.mongo_wire import memory_server  # noqa: E402
from tests.support.platform import Platform, platform_on  # noqa: E402

MANAGEMENT = "http://guest:guest@127.0.0.1:15672/api"


@contextlib.contextmanager
def own_vhost() -> Iterator[str]:
    """A fresh vhost on the local RabbitMQ (the e2e tests get theirs from nameko's plugin)."""
    vhost = f"maillage_bench_{uuid.uuid4().hex[:8]}"
    requests.put(f"{MANAGEMENT}/vhosts/{vhost}", timeout=10).raise_for_status()
    requests.put(f"{MANAGEMENT}/permissions/{vhost}/guest", timeout=10,
                 json={"configure": ".*", "write": ".*", "read": ".*"}).raise_for_status()
    try:
        yield vhost
    finally:
        requests.delete(f"{MANAGEMENT}/vhosts/{vhost}", timeout=10)


@contextlib.contextmanager
def own_platform(settings: dict[str, str] | None = None) -> Iterator[Platform]:
    """Every service started and healthy, with `settings` added to their environment; their
    logs go to a temporary folder, named on failure."""
    log_dir = Path(tempfile.mkdtemp(prefix="maillage-bench-"))
    with memory_server() as mongo_uri, own_vhost() as vhost, \
            platform_on(f"amqp://guest:guest@127.0.0.1:5672/{vhost}", mongo_uri, log_dir) as running:
        running.env.update(settings or {})
        try:
            running.start_all()
            yield running
        except BaseException:
            print(f"service logs: {log_dir}", file=sys.stderr)
            raise

