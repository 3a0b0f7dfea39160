"""What durable local data costs: writes/s on the Mongo-wire server's H2 backend with and without
a commit before each acknowledgement, from one run on the same machine.

    .venv/bin/python bench/mongo_wire_durability.py [--seconds 3] [--clients 8]

- h2 (what `make run` uses): each write is committed to the file before its reply leaves, so
  an acknowledged write survives kill -9 of the server (tests/faults/test_durable_local_data.py).
- h2-background-commit (the library as shipped): H2 commits about once a second; kill -9 loses
  the acknowledged writes of up to the last second.
Both servers run at once on fresh files; each workload runs on one then the other, after a
warm-up. Workloads: insert_one of a small document, update_one ($inc) by _id among 1,000
documents; pymongo clients in threads of this process (its own GIL competes with the server
for the same cores, as the services would). The ratio is what to compare between machines.
"""

import argparse
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pymongo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.mongo_wire import H2Server  # noqa: E402

BACKENDS = ("h2", "h2-background-commit")
UPDATED_DOCUMENTS = 1000


def one_write(collection, workload: str, client: int, i: int) -> None:
    if workload == "insert":
        collection.insert_one({"_id": f"{client}-{i}", "title": "Alphabétisation", "seats": 12})
    else:
        collection.update_one({"_id": (client * 7919 + i) % UPDATED_DOCUMENTS}, {"$inc": {"n": 1}})


def writes_per_second(uri: str, workload: str, clients: int, seconds: float) -> float:
    """Each client writes as fast as its acknowledgements come back, for `seconds`."""
    mongo: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(uri, maxPoolSize=clients)
    with mongo:
        collection = mongo.bench[f"{workload}_{uuid.uuid4().hex[:8]}"]
        if workload == "update":
            collection.insert_many([{"_id": i, "n": 0} for i in range(UPDATED_DOCUMENTS)])
        written = [0] * clients
        started = time.monotonic()

        def run(client: int) -> None:
            while time.monotonic() < started + seconds:
                one_write(collection, workload, client, written[client])
                written[client] += 1

        threads = [threading.Thread(target=run, args=(c,)) for c in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return sum(written) / (time.monotonic() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="per workload and backend")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    args = parser.parse_args()
    workloads = [("insert", 1), ("insert", args.clients), ("update", args.clients)]
    with tempfile.TemporaryDirectory() as folder:
        servers = {backend: H2Server(Path(folder) / f"{backend}.mv", backend=backend)
                   for backend in BACKENDS}
        try:
            for server in servers.values():
                server.start()
                writes_per_second(server.uri, "insert", args.clients, 1.0)  # JIT warm-up
            print(f"{'workload':<22}{'h2 (commit per write)':>24}{'h2-background-commit':>24}"
                  f"{'ratio':>8}")
            for workload, clients in workloads:
                rates = [writes_per_second(servers[b].uri, workload, clients, args.seconds)
                         for b in BACKENDS]
                print(f"{f'{workload}, {clients} client(s)':<22}{rates[0]:>18,.0f} w/s"
                      f"{rates[1]:>18,.0f} w/s{rates[0] / rates[1]:>8.2f}")
        finally:
            for server in servers.values():
                if server.running:
                    server.kill()


if __name__ == "__main__":
    main()
