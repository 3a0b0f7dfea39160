"""The notifications service as deployed, with test-only fault injection: its process dies
(SIGKILL) once right after it recorded the messages of its CRASH_AFTER_RECORDS-th event
(before the event is acknowledged), and once right after the mail server accepted its
CRASH_AFTER_SENDS-th email (before `sent` is written). Each crash leaves its marker file
(CRASH_MARKER + ".record" / ".send") first, so a process started again with the same
command dies only at the crashes still to come, as a supervisor's restart would see.

The crash after recording waits for a moment when no email is in doubt (delivery.py: one
at a time, from its handover to the mail server until its outcome is written): that crash
tests the event's acknowledgement, and the send crash tests the window SMTP leaves open."""

import eventlet

eventlet.monkey_patch()

import os  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from nameko.cli.main import main  # noqa: E402

from services.notifications.delivery import DeliveryLoop  # noqa: E402
from services.notifications.repositories import MessageRepository  # noqa: E402
from services.notifications.sending import EmailSender  # noqa: E402

counts = {"record": 0, "send": 0}
record, send = MessageRepository.record, EmailSender.send
loops: list[DeliveryLoop] = []
start_loop = DeliveryLoop.__init__


def die_at_the_chosen(kind: str) -> None:
    marker = Path(f"{os.environ['CRASH_MARKER']}.{kind}")
    counts[kind] += 1
    if counts[kind] == int(os.environ[f"CRASH_AFTER_{kind.upper()}S"]) and not marker.exists():
        marker.write_text(str(counts[kind]))
        os.kill(os.getpid(), signal.SIGKILL)


def remembering_the_loop(loop, *args, **kwargs):
    start_loop(loop, *args, **kwargs)
    loops.append(loop)


def recording_then_dying(repository, messages):
    recorded = record(repository, messages)
    while any(loop._in_doubt.locked() for loop in loops):
        eventlet.sleep(0.001)  # no yield between this check and the kill below
    die_at_the_chosen("record")
    return recorded


def sending_then_dying(sender, message, handing_over):
    send(sender, message, handing_over)
    die_at_the_chosen("send")


DeliveryLoop.__init__ = remembering_the_loop  # type: ignore[method-assign,assignment]
MessageRepository.record = recording_then_dying  # type: ignore[method-assign]
EmailSender.send = sending_then_dying  # type: ignore[method-assign]
sys.argv = ["nameko", "run", "--config", "deploy/nameko.yaml",
            "services.notifications.service:NotificationsService"]
main()
