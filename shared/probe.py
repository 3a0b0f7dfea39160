"""Readiness/liveness probe of a service's deployment: `python -m shared.probe catalog`.

Exits 0 when the service answers its `health` RPC with "ok" in time: that proves the process
consumes from the broker and reaches its database.
"""

import sys

from nameko.standalone.rpc import ClusterRpcProxy

from shared import config

TIMEOUT_SECONDS = 5


def main() -> int:
    service = sys.argv[1]
    try:
        with ClusterRpcProxy({"AMQP_URI": config.load().amqp_uri}, timeout=TIMEOUT_SECONDS) as rpc:
            status = getattr(rpc, service).health()["status"]
    except Exception as exc:  # any failure is "not ready", said plainly
        print(f"{service}: not ready ({type(exc).__name__}: {exc})")
        return 1
    print(f"{service}: {status}")
    return 0 if status == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
