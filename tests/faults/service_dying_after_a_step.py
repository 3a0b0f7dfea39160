"""A real service (the nameko class INSTRUMENTED_SERVICE, as deploy/services.list names it),
run as deployed with two additions for crash tests (test-only fault injection):

- With CRASH_AFTER_STEPS set, its process dies (SIGKILL) right after the nth step it wrote on
  its CRASH_COLLECTION (a conditional update: an enrollment, a registration, a cancellation,
  a promotion), before anything else: the step is committed with its events in the
  aggregate's outbox, the relay has not published them and the caller has no reply, so the
  broker redelivers the request to another process. It dies once: it leaves the marker file
  CRASH_MARKER first (holding how many requests it had in hand), and a process started again
  with the same command finds it and behaves, as a supervisor's restart would.
- It tells what it holds: REQUESTS_IN_HAND_FILE holds, as 8 digits, how many RPC requests it
  took and has not yet answered (never more than it holds: a request leaves the count
  before its reply and acknowledgement go out), so a test that stops the process (SIGSTOP)
  reads what the broker will deliver again if it kills it; REDELIVERED_FILE gets the wall
  time of each request the broker delivers to it again, a line each
  (tests/support/crash_storm.py reads both).
"""

import eventlet

eventlet.monkey_patch()

import os  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from nameko.cli.main import main  # noqa: E402

from shared.messaging.rpc import SturdyRpcConsumer  # noqa: E402
from shared.storage import outbox  # noqa: E402

in_hand = 0
steps_written = 0
write_where = outbox.update_where
take_request, answer_request = SturdyRpcConsumer.handle_message, SturdyRpcConsumer.handle_result
in_hand_file = os.open(os.environ["REQUESTS_IN_HAND_FILE"], os.O_WRONLY | os.O_CREAT, 0o644)
redelivered_file = os.open(os.environ["REDELIVERED_FILE"],
                           os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)


def holding(change: int) -> None:
    global in_hand
    in_hand += change
    os.pwrite(in_hand_file, f"{in_hand:08d}".encode(), 0)  # one fixed-width write: never torn


def taking_a_request(consumer, body, message) -> None:
    if message.delivery_info.get("redelivered"):
        os.write(redelivered_file, f"{time.time():.6f}\n".encode())
    holding(+1)
    take_request(consumer, body, message)


def answering_a_request(consumer, message, result, exc_info):
    holding(-1)
    return answer_request(consumer, message, result, exc_info)


def write_then_die_at_the_chosen_step(collection, *args, **kwargs):
    global steps_written
    written = write_where(collection, *args, **kwargs)
    marker = Path(os.environ["CRASH_MARKER"])
    if (written is not None and collection.name == os.environ["CRASH_COLLECTION"]
            and not marker.exists()):
        steps_written += 1
        if steps_written == int(os.environ["CRASH_AFTER_STEPS"]):
            marker.write_text(str(in_hand))
            os.kill(os.getpid(), signal.SIGKILL)
    return written


holding(0)  # a process started again holds nothing yet
SturdyRpcConsumer.handle_message = taking_a_request
SturdyRpcConsumer.handle_result = answering_a_request  # type: ignore[method-assign]
if "CRASH_AFTER_STEPS" in os.environ:
    outbox.update_where = write_then_die_at_the_chosen_step
sys.argv = ["nameko", "run", "--config", "deploy/nameko.yaml", os.environ["INSTRUMENTED_SERVICE"]]
main()
