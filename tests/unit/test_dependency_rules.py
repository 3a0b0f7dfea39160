"""The import rules that keep services deployable on their own (docs/architecture.md):
a service reaches another only through that one's contract, a contract imports nothing of
its own service but itself, and nothing in shared/ imports a service."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = sorted(p.name for p in (ROOT / "services").iterdir() if (p / "__init__.py").exists())
PUBLISHERS = [s for s in SERVICES if (ROOT / "services" / s / "contract").is_dir()]


def imports_of(package: Path) -> list[tuple[str, str]]:
    """(file, imported module) for every import under package."""
    found = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                found += [(str(path.relative_to(ROOT)), alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.append((str(path.relative_to(ROOT)), node.module))
    return found


def owner(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "services" and len(parts) > 1 else None


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_uses_another_only_through_its_contract(service):
    crossings = [(where, module) for where, module in imports_of(ROOT / "services" / service)
                 if owner(module) not in (None, service)
                 and module.split(".")[2:3] != ["contract"]]
    assert crossings == []


@pytest.mark.parametrize("service", PUBLISHERS)
def test_a_contract_imports_nothing_of_its_service_but_itself(service):
    inward = [(where, module) for where, module in imports_of(ROOT / "services" / service / "contract")
              if owner(module) == service and module.split(".")[2:3] != ["contract"]]
    assert inward == []


def test_shared_imports_no_service():
    assert [(w, m) for w, m in imports_of(ROOT / "shared") if m.split(".")[0] == "services"] == []


def test_every_service_but_the_gateway_publishes_a_contract_with_its_errors():
    assert [s for s in SERVICES if s != "gateway" and s not in PUBLISHERS] == []
    assert [s for s in PUBLISHERS if not (ROOT / "services" / s / "contract" / "errors.py").exists()] == []


SHARED_LAYERS = {"contract": 0, "runtime": 0, "rules": 1, "storage": 2, "messaging": 3, "service": 4}


def test_the_groups_of_shared_import_only_those_below_them():
    assert sorted(p.name for p in (ROOT / "shared").iterdir() if p.is_dir()
                  and (p / "__init__.py").exists()) == sorted(SHARED_LAYERS)
    upward = []
    for group, level in SHARED_LAYERS.items():
        for where, module in imports_of(ROOT / "shared" / group):
            parts = module.split(".")
            if parts[0] == "shared" and len(parts) > 1 and parts[1] != group:
                if SHARED_LAYERS[parts[1]] >= level:
                    upward.append((where, module))
    assert upward == []


def test_the_operators_command_reaches_services_only_through_their_contracts():
    """ops/ works as an operator does (the API, the broker, read-only databases): it may
    read a service's contract, never its insides, and nothing imports ops/."""
    inside = [(w, m) for w, m in imports_of(ROOT / "ops")
              if owner(m) is not None and m.split(".")[2:3] != ["contract"]]
    assert inside == []
    users = [(w, m) for top in ("services", "shared") for w, m in imports_of(ROOT / top)
             if m.split(".")[0] == "ops"]
    assert users == []
