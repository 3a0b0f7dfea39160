"""A consumer without the ledger (`ledger=False`: its one write is its own guard) killed with
SIGKILL again and again while a stream of events flows to it: whatever it took and had not
acknowledged comes back, and its guard absorbs what it had already written. Prints what was
lost and what was applied twice."""

import eventlet
import pytest

from tests.support.management import queue_info
from tests.support.stream import GUARDED_RECORDER, NOTER, NoteStream, finish
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e
RECORDER, KILLS = "guarded_recorder", 3


def consuming(platform) -> bool:
    try:
        return queue_info(platform.env["AMQP_URI"], f"{RECORDER}.notes").get("consumers", 0) > 0
    except Exception:  # not declared yet
        return False


def test_a_guarded_consumer_killed_mid_stream_loses_and_doubles_nothing(platform):
    platform.start("noter", target=NOTER)
    platform.start(RECORDER, target=GUARDED_RECORDER)
    wait_until(lambda: consuming(platform), timeout=30, interval=0.2)
    stream = NoteStream(platform.env["AMQP_URI"], interval=0.005).start()
    wait_until(lambda: len(stream.acknowledged) >= 20, timeout=30)
    handled = platform.database(RECORDER).attempts

    for _ in range(KILLS):
        before = handled.count_documents({})
        wait_until(lambda before=before: handled.count_documents({}) >= before + 30,
                   timeout=30)  # mid-stream
        platform.kill(RECORDER)
        eventlet.sleep(0.5)  # events pile up meanwhile
        platform.start(RECORDER, target=GUARDED_RECORDER)

    lost, twice = finish(platform, stream, "guarded consumer killed 3 times", RECORDER)
    print(f"events handled again after a kill, absorbed by the guard: "
          f"{handled.count_documents({'count': {'$gt': 1}})}")
    assert (lost, twice) == (0, 0)
