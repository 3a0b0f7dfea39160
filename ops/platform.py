"""The platform as deployed on this machine: its services (deploy/services.list), where each
one's metrics are served, and where local runs keep their state (var/)."""

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
SERVICES_LIST = ROOT / "deploy" / "services.list"
METRICS_PORT_BASE = 9100  # a service's metrics port: the base + its line in services.list


@dataclass(frozen=True)
class Service:
    name: str
    target: str  # the nameko service class, "module:Class"
    metrics_port: int


def services() -> list[Service]:
    """Every service, in the order deploy/services.list gives (the order they start in)."""
    lines = [line.split() for line in SERVICES_LIST.read_text().splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    base = int(os.environ.get("METRICS_PORT_BASE", METRICS_PORT_BASE))
    return [Service(name, target, base + index) for index, (name, target) in enumerate(lines)]


def service(name: str) -> Service:
    for known in services():
        if known.name == name:
            return known
    raise KeyError(f"no service {name!r} (deploy/services.list names "
                   f"{', '.join(s.name for s in services())})")


def var_dir() -> Path:
    """Where local runs keep their state (logs, pid files, secrets): MAILLAGE_VAR, or var/.
    Tests point it at a directory of their own so they never touch a developer's var/."""
    return Path(os.environ.get("MAILLAGE_VAR") or VAR)


def gateway_url() -> str:
    """The gateway as operators reach it: MAILLAGE_API, else where `make run` binds it."""
    explicit = os.environ.get("MAILLAGE_API")
    if explicit:
        return explicit.rstrip("/")
    address = os.environ.get("GATEWAY_ADDRESS") or "127.0.0.1"
    address = "127.0.0.1" if address == "0.0.0.0" else address  # listening everywhere
    return f"http://{address}:{os.environ.get('GATEWAY_PORT') or 8000}"
