"""A steady stream of events through real processes, and the counts a fault test reports.

The noter service saves a note and its `note.taken` event in one write (the outbox); the
recorder service consumes it and inserts one effect per handling. A note the noter
acknowledged and the recorder never recorded is lost; a note recorded twice was applied
twice. Run both as processes of a Platform (tests/support/platform.py):
`start_platform_with_a_stream`, break something, then `finish` counts what was lost.
"""

import contextlib
from collections import Counter
from dataclasses import dataclass, field

import eventlet
from eventlet.greenthread import GreenThread
from nameko.standalone.rpc import ServiceRpcProxy

from tests.support.broker import queue_depth
from tests.support.platform import Platform
from tests.support.waiting import wait_until

NOTER = "tests.support.recorder:NoterService"
RECORDER = "tests.support.recorder:RecorderService"
GUARDED_RECORDER = "tests.support.recorder:GuardedRecorderService"


@dataclass
class NoteStream:
    amqp_uri: str
    interval: float = 0.02
    acknowledged: list[str] = field(default_factory=list)
    failed_calls: int = 0

    def __post_init__(self) -> None:
        self._running = False
        self._thread: GreenThread | None = None

    def start(self) -> "NoteStream":
        self._running = True
        self._thread = eventlet.spawn(self._run)
        return self

    def stop(self) -> None:
        self._running = False
        if self._thread is not None:  # never started: nothing to wait for
            self._thread.wait()

    def _run(self) -> None:
        while self._running:
            try:
                with ServiceRpcProxy("noter", {"AMQP_URI": self.amqp_uri}, timeout=5) as noter:
                    while self._running:
                        self.acknowledged.append(noter.take_note("streamed"))
                        eventlet.sleep(self.interval)
            except Exception:  # the broker or the noter is away: count it, connect again
                self.failed_calls += 1
                eventlet.sleep(0.2)


def counts(stream: NoteStream, effects_collection) -> tuple[int, int]:
    """(lost, applied twice) of the notes the stream got acknowledged."""
    recorded = Counter(effect["note_id"] for effect in effects_collection.find(
        {}, {"note_id": 1}))
    lost = sum(1 for note_id in stream.acknowledged if note_id not in recorded)
    twice = sum(count - 1 for count in recorded.values() if count > 1)
    return lost, twice


def all_recorded(stream: NoteStream, effects_collection) -> bool:
    with contextlib.suppress(Exception):  # the database may still be coming back
        return counts(stream, effects_collection)[0] == 0
    return False


def start_recorder(platform: Platform) -> None:
    """Starts the recorder and returns once it consumes: its queue is bound once its ledger
    exists, and events published before that are unroutable."""
    platform.start("recorder", target=RECORDER)
    wait_until(lambda: "processed_events" in platform.database("recorder").list_collection_names(),
               timeout=30)


def start_platform_with_a_stream(platform: Platform) -> NoteStream:
    """Every service, the noter and the recorder, and a stream already flowing through them."""
    platform.start_all()
    platform.start("noter", target=NOTER)
    start_recorder(platform)
    stream = NoteStream(platform.env["AMQP_URI"]).start()
    wait_until(lambda: len(stream.acknowledged) >= 20, timeout=30)
    return stream


def finish(platform: Platform, stream: NoteStream, test: str,
           recorder: str = "recorder") -> tuple[int, int]:
    """Stops the stream a little after the recovery and returns (lost, applied twice) once
    the recorder caught up; fails if a process died meanwhile."""
    eventlet.sleep(2)  # the stream goes on after the recovery
    stream.stop()
    effects = platform.database(recorder).effects
    try:
        wait_until(lambda: all_recorded(stream, effects), timeout=60, interval=0.5)
    finally:
        print(diagnosis(platform, stream, recorder))
    lost, twice = counts(stream, effects)
    dead = queue_depth(platform.env["AMQP_URI"], f"{recorder}.notes.dead")
    print(f"\n[{test}] acknowledged {len(stream.acknowledged)}, failed calls "
          f"{stream.failed_calls}, lost {lost}, applied twice {twice}, dead-lettered {dead}")
    exited = {name: p.returncode for name, p in platform.processes.items() if p.poll() is not None}
    assert exited == {}, f"processes died: {exited}"
    return lost, twice


def diagnosis(platform: Platform, stream: NoteStream, recorder: str = "recorder") -> str:
    """Where the notes not recorded are stuck, to say what failed."""
    recorded = {e["note_id"] for e in platform.database(recorder).effects.find()}
    missing = [n for n in stream.acknowledged if n not in recorded]
    if not missing:
        return ""
    notes = platform.database("noter").notes
    unpublished = notes.count_documents({"_id": {"$in": missing}, "outbox.0": {"$exists": True}})
    amqp_uri = platform.env["AMQP_URI"]
    return (f"missing {len(missing)}: {missing[:5]}; still in the noter's outbox: {unpublished}; "
            f"queue {recorder}.notes: {queue_depth(amqp_uri, f'{recorder}.notes')}, ledger: "
            f"{list(platform.database(recorder).processed_events.find().limit(3))}")
