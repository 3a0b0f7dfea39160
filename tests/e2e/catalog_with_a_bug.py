"""The real catalog service, with a bug an operator can "fix" while it runs: while the file
CATALOG_BUG_FILE exists, replicating an organization raises. Each event it does handle is
appended to CATALOG_HANDLED_FILE, to count handlings. Test-only fault injection."""

import eventlet

eventlet.monkey_patch()

import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from nameko.cli.main import main  # noqa: E402

from services.catalog.handlers import ORGANIZATION_EVENTS  # noqa: E402

bug, handled = Path(os.environ["CATALOG_BUG_FILE"]), Path(os.environ["CATALOG_HANDLED_FILE"])
handle = ORGANIZATION_EVENTS.handle


def handle_unless_buggy(event, dependencies):
    if bug.exists():
        raise RuntimeError(f"catalog bug: cannot replicate {event.payload['organization_id']}")
    result = handle(event, dependencies)
    with handled.open("a") as log:
        log.write(f"{event.id}\n")
    return result


# mypy flags replacing a method as a slip; here it is the fault this process injects.
ORGANIZATION_EVENTS.handle = handle_unless_buggy  # type: ignore[method-assign]
sys.argv = ["nameko", "run", "--config", "deploy/nameko.yaml",
            "services.catalog.service:CatalogService"]
main()
