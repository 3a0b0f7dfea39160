"""The real partnerships service, except that its process dies (SIGKILL) right after a command
wrote an event of type CRASH_AFTER_SAVING to its database (a creation or a change) and before
its reply is published: the write is committed, the caller never hears of it, and the broker
redelivers the request.

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


def dying_once_after(write):
    def write_then_die(aggregate, events, request_id=None):
        entries = write(aggregate, events, request_id)
        marker = Path(os.environ["CRASH_MARKER"])
        if any(e.type == os.environ["CRASH_AFTER_SAVING"] for e in events) and not marker.exists():
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return entries
    return write_then_die


outbox.insert, outbox.update = dying_once_after(outbox.insert), dying_once_after(outbox.update)
sys.argv = ["nameko", "run", "--config", "deploy/nameko.yaml",
            "services.partnerships.service:PartnershipsService"]
main()
