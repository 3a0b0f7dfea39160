"""A steady stream of events through real processes, and the counts a fault test reports.

The noter service saves a note and its `note.taken` event in one write (the outbox); the
recorder service consumes it and inserts one effect per handling. A note the noter
acknowledged and the recorder never recorded is lost; a note recorded twice was applied
twice. Run both as processes of a Platform (tests/support/platform.py).
"""

import contextlib
from collections import Counter
from dataclasses import dataclass, field

import eventlet
from eventlet.greenthread import GreenThread
from nameko.standalone.rpc import ServiceRpcProxy

NOTER = "tests.support.recorder:NoterService"
RECORDER = "tests.support.recorder:RecorderService"


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
