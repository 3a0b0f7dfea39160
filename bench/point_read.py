"""A point read through every layer we add, next to the database read it rests on (issue 13).

    make bench            (or: .venv/bin/python bench/point_read.py [--requests N])

The whole platform runs as `make run` starts it, on a RabbitMQ vhost and a Mongo-wire server
(memory backend) of the run's own. A few verified organizations; then, with 8 concurrent
clients, each side in turn (a round of each, twice: the machine's noise falls on both):
- raw:      pymongo `find_one({"_id": id})` on the partnerships database, same server;
- gateway:  GET /v1/organizations/{id} (HTTP -> gateway -> RPC -> partnerships -> the same
            read -> JSON), which must answer the organization with that id.
Prints req/s and p50/p99 of each, and gateway/raw in req/s (target >= 0.3). Exits non-zero
if a request fails or answers another organization.
"""

import argparse
import http.client
import itertools
import json
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from clients import Measure, measured, percentile  # noqa: E402
from own_platform import own_platform  # noqa: E402
from profiles import cpu_used, processes_named, sampled  # noqa: E402

from tests.support.organizations import verified_organization  # noqa: E402
from tests.support.platform import Platform  # noqa: E402

CLIENTS, ORGANIZATIONS, ROUNDS, TARGET_RATIO = 8, 20, 2, 0.3


def raw_read(platform: Platform, ids: list[str]) -> Callable[[], None]:
    organizations, turn = platform.database("partnerships").organizations, itertools.cycle(ids)

    def read() -> None:
        wanted = next(turn)
        found = organizations.find_one({"_id": wanted})
        if found is None or found["_id"] != wanted:
            raise AssertionError(f"raw read of {wanted} found {found and found['_id']}")
    return read


def gateway_read(platform: Platform, ids: list[str]) -> Callable[[], None]:
    """GET through the gateway with http.client, a keep-alive connection per client thread:
    the leanest client, as pymongo is for the raw side (requests cost the clients' process
    a millisecond of CPU per call, taken from the same two cores as the platform's)."""
    local, turn = threading.local(), itertools.cycle(ids)
    address = urlsplit(platform.url)
    host = address.hostname or "127.0.0.1"

    def read() -> None:
        if not hasattr(local, "http"):
            local.http = http.client.HTTPConnection(host, address.port, timeout=30)
        wanted = next(turn)
        try:
            local.http.request("GET", f"/v1/organizations/{wanted}")
            response = local.http.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            del local.http  # a new connection next time
            raise
        if response.status != 200 or json.loads(body)["id"] != wanted:
            raise AssertionError(f"GET {wanted} answered {response.status} {body[:200]!r}")
    return read


def combined(measures: list[Measure]) -> Measure:
    """The rounds of one side as one: calls/s over their summed time, all latencies."""
    calls = [len(m[1]) + m[2] for m in measures]
    seconds = sum(n / m[0] for n, m in zip(calls, measures, strict=True))
    return (sum(calls) / seconds, sorted(t for m in measures for t in m[1]),
            sum(m[2] for m in measures))


def main() -> None:
    parser = argparse.ArgumentParser(description="a point read: gateway vs raw pymongo")
    parser.add_argument("--requests", type=int, default=3000, help="per side and round")
    parser.add_argument("--profile", type=Path, metavar="FOLDER",
                        help="then profile the gateway and partnerships under another round "
                             "through the gateway (py-spy), and print where their time goes")
    arguments = parser.parse_args()
    count = arguments.requests
    with own_platform() as platform:
        ids = [verified_organization(platform, name=f"Association {n}")["id"]
               for n in range(ORGANIZATIONS)]
        raw, ours = raw_read(platform, ids), gateway_read(platform, ids)
        measured(raw, 200, CLIENTS), measured(ours, 200, CLIENTS)  # warm-up, not counted
        groups = {**{name: [platform.processes[name].pid] for name in ("gateway", "partnerships")},
                  "rabbitmq": processes_named("beam.smp"),
                  "mongo-wire": processes_named("MongoWireServer"), "clients": [os.getpid()],
                  "others": [p.pid for name, p in platform.processes.items()
                             if name not in ("gateway", "partnerships")]}
        cpu: dict[str, list[dict[str, tuple[float, float]]]] = {"raw": [], "gateway": []}
        rounds = []
        for _ in range(ROUNDS):
            with cpu_used(groups) as used_raw:
                raw_round = measured(raw, count, CLIENTS)
            with cpu_used(groups) as used_ours:
                rounds.append((raw_round, measured(ours, count, CLIENTS)))
            cpu["raw"].append(used_raw)
            cpu["gateway"].append(used_ours)
        if arguments.profile:
            pids = {name: platform.processes[name].pid for name in ("gateway", "partnerships")}
            with sampled(pids, arguments.profile) as report:
                measured(ours, count, CLIENTS)
    if arguments.profile:
        report()
    raw_m, ours_m = combined([r for r, _ in rounds]), combined([o for _, o in rounds])
    print(f"\npoint read, {CLIENTS} clients, {ROUNDS} rounds of {count} per side "
          "(RabbitMQ on loopback; Mongo-wire server, memory backend); latencies in ms")
    for name, (rate, latencies, failed) in (("raw pymongo find_one", raw_m),
                                            ("GET /v1/organizations/{id}", ours_m)):
        print(f"  {name:28} {rate:8.0f} req/s  p50 {percentile(latencies, .5):6.1f}"
              f"  p99 {percentile(latencies, .99):6.1f}  failed {failed}")
    print(f"  ratio gateway/raw (req/s):   {ours_m[0] / raw_m[0]:8.2f}   (target >= {TARGET_RATIO})")
    print("  CPU per request in ms, user+system (the 2 cores are shared: what one process uses,"
          " another waits for)")
    for side, used in cpu.items():
        per_request = 1000 / (count * ROUNDS)
        spent = {name: (sum(u[name][0] for u in used) * per_request,
                        sum(u[name][1] for u in used) * per_request) for name in used[0]}
        print(f"    {side:8} " + "  ".join(f"{name} {user:.2f}+{system:.2f}"
                                          for name, (user, system) in spent.items())
              + f"  = {sum(u + s for u, s in spent.values()):.2f}")
    sys.exit(1 if raw_m[2] + ours_m[2] else 0)


if __name__ == "__main__":
    main()
