"""Is a service ready, and if not, why? Asked as its deployment's probes ask: a backend
through its `health` RPC over the broker (shared/service/health.py: it consumes, and it
reaches its database), the gateway through GET /health/ready (its database and the broker)."""

import logging
import os
import warnings
from dataclasses import dataclass

import requests

from ops.platform import Service

with warnings.catch_warnings():  # nameko imports eventlet, which warns of its deprecation
    warnings.simplefilter("ignore")
    # Imported here, in the main thread: imported first inside a worker thread, eventlet's
    # setup left that thread unable to finish (measured: the pool's shutdown hung for ever).
    from nameko.exceptions import RpcTimeout
    from nameko.standalone.rpc import ClusterRpcProxy

DEFAULT_TIMEOUT_SECONDS = 3.0
# A proxy closed while a publisher confirm arrives makes amqp warn on the operator's screen
# ("Received method (60, 80) during closing channel"): nothing an operator can act on.
logging.getLogger("amqp").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Health:
    ok: bool
    reason: str  # "ok", or what is down, said plainly


def check(service: Service, gateway: str, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> Health:
    if service.name == "gateway":
        return _gateway(gateway, timeout)
    return _backend(service.name, timeout)


def _amqp_uri() -> str:
    return os.environ.get("AMQP_URI") or "amqp://guest:guest@127.0.0.1:5672/"


def _backend(name: str, timeout: float) -> Health:
    try:
        with ClusterRpcProxy({"AMQP_URI": _amqp_uri()}, timeout=timeout) as rpc:
            answer = getattr(rpc, name).health()
    except RpcTimeout:
        return Health(False, f"no answer to its health RPC in {timeout:g} s")
    except OSError as exc:
        return Health(False, f"broker unreachable ({exc})")
    except Exception as exc:  # a remote error or a refused connection: said as it is
        return Health(False, f"{type(exc).__name__}: {exc}")
    if answer.get("status") == "ok":
        return Health(True, "ok")
    return Health(False, "database down" if answer.get("database") == "down" else str(answer))


def _gateway(url: str, timeout: float) -> Health:
    try:
        response = requests.get(f"{url}/health/ready", timeout=timeout)
    except requests.RequestException as exc:
        return Health(False, f"no answer on {url} ({type(exc).__name__})")
    if response.status_code == 200:
        return Health(True, "ok")
    try:
        checks = response.json().get("services", {})
    except ValueError:
        return Health(False, f"/health/ready answered {response.status_code}")
    down = {"database": "database down", "broker": "broker unreachable"}
    return Health(False, ", ".join(down.get(n, f"{n} down") for n, s in checks.items()
                                   if s != "ok") or f"/health/ready answered {response.status_code}")
