"""The real catalog service, except that its process dies (SIGKILL) right after the
CRASH_AFTER_STEPS-th step of a session it wrote (an enrollment, a cancellation, a promotion),
before anything else: the step is committed with its events in the session's outbox, the
relay has not published them and the caller has no reply, so the broker redelivers the
request to another catalog process.

It dies once: it leaves the marker file CRASH_MARKER first, and a process started again with
the same command finds it and behaves, as a supervisor's restart would. Test-only fault
injection."""

import eventlet

eventlet.monkey_patch()

import os  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from nameko.cli.main import main  # noqa: E402

from shared.storage import outbox  # noqa: E402

steps_written = 0
write_where = outbox.update_where


def write_then_die_at_the_chosen_step(collection, *args, **kwargs):
    global steps_written
    written = write_where(collection, *args, **kwargs)
    marker = Path(os.environ["CRASH_MARKER"])
    if written is not None and collection.name == "sessions" and not marker.exists():
        steps_written += 1
        if steps_written == int(os.environ["CRASH_AFTER_STEPS"]):
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
    return written


outbox.update_where = write_then_die_at_the_chosen_step
sys.argv = ["nameko", "run", "--config", "deploy/nameko.yaml",
            "services.catalog.service:CatalogService"]
main()
