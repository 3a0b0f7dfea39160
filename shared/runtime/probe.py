"""A service deployment's probes:

    python -m shared.runtime.probe --live catalog    # liveness: its process's heartbeat is recent
    python -m shared.runtime.probe --ready catalog   # readiness: it answers its `health` RPC "ok" in time
                                             # (the default, without a flag)

Liveness reads one local file and touches neither RabbitMQ nor MongoDB, so an outage of
either never gets healthy processes restarted; readiness proves the process consumes from
the broker and reaches its database (shared/health.py, shared/liveness.py).
"""

import argparse
import sys

from shared.runtime import config
from shared.runtime.liveness import heartbeat_age

TIMEOUT_SECONDS = 5


def alive(service: str) -> bool:
    age, limit = heartbeat_age(service), config.load().liveness_max_age_seconds
    if age is None or age > limit:
        print(f"{service}: not alive (last heartbeat: "
              f"{'never' if age is None else f'{age:.0f} s ago'}; limit {limit:g} s)")
        return False
    print(f"{service}: alive (heartbeat {age:.1f} s ago)")
    return True


def ready(service: str) -> bool:
    from nameko.standalone.rpc import ClusterRpcProxy  # only here: liveness stays light

    try:
        with ClusterRpcProxy({"AMQP_URI": config.load().amqp_uri}, timeout=TIMEOUT_SECONDS) as rpc:
            status = getattr(rpc, service).health()["status"]
    except Exception as exc:  # any failure is "not ready", said plainly
        print(f"{service}: not ready ({type(exc).__name__}: {exc})")
        return False
    print(f"{service}: {status}")
    return status == "ok"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.runtime.probe")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--live", action="store_true", help="liveness: the heartbeat is recent")
    mode.add_argument("--ready", action="store_true", help="readiness: the health RPC (default)")
    parser.add_argument("service")
    arguments = parser.parse_args(argv)
    check = alive if arguments.live else ready
    return 0 if check(arguments.service) else 1


if __name__ == "__main__":
    sys.exit(main())
