"""Two processes of one service share a load of participants while each dies in turn, as the
crash tests of the catalog and the conferences stage it (tests/faults/test_*_crashes.py): the
first dies (SIGKILL) right after a step it wrote, before publishing or replying; the second is
SIGKILLed from outside at a moment it holds requests; each is started again as a supervisor
would. Both run the real service instrumented by tests/faults/service_dying_after_a_step.py,
which tells what each holds and which requests the broker delivered to it again."""

import itertools
import math
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import eventlet

from shared.messaging.broker import open_connection
from tests.support.management import queue_info
from tests.support.platform import SERVICES, Platform
from tests.support.seat_audit import Answered
from tests.support.waiting import wait_until

INJECTOR = "tests/faults/service_dying_after_a_step.py"
SETTLING_SECONDS = 15  # the sweepers run every second (tests/support/platform.py)


@dataclass(frozen=True)
class CrashPlan:
    service: str  # as deploy/services.list names it
    collection: str  # its aggregates', whose steps the first process counts
    dies_after_steps: int  # of its own: the first process dies right after this one
    killed_after: int  # joins answered, when the second process is killed from outside


@dataclass(frozen=True)
class Death:
    at: float  # wall-clock time
    in_hand: int  # requests it held, taken and not answered


@dataclass
class Storm:
    answered: Answered
    deaths: list[Death | None]  # None: the load was over before that process died
    started: float  # wall-clock time
    seconds: float

    @property
    def moments(self) -> list[float | None]:
        """When each process died, in seconds into the load."""
        return [None if d is None else round(d.at - self.started, 2) for d in self.deaths]


class TwoProcesses:
    """`<service>`, which dies once after its chosen step, and `<service>_2`, which dies only
    when killed; both started on the platform beside the other services."""

    def __init__(self, platform: Platform, plan: CrashPlan, files: Path):
        self.platform, self.plan, self.files = platform, plan, files
        self.names = (plan.service, f"{plan.service}_2")
        self.marker = files / "crashed"

    def start(self) -> None:
        self.platform.env["RPC_TIMEOUT_SECONDS"] = "5"
        first, second = self.names
        self.platform.start(second, INJECTOR, self.env(second))  # starts beside the others
        self.platform.start_all(targets={first: INJECTOR}, extra_env={first: self.env(first)})
        wait_until(lambda: self.rpc_consumers() == 2, timeout=30)

    def env(self, name: str) -> dict:
        told = {"INSTRUMENTED_SERVICE": SERVICES[self.plan.service],
                "REQUESTS_IN_HAND_FILE": str(self.files / f"{name}.in_hand"),
                "REDELIVERED_FILE": str(self.files / f"{name}.redelivered")}
        if name != self.plan.service:
            return told
        return {**told, "CRASH_MARKER": str(self.marker), "CRASH_COLLECTION": self.plan.collection,
                "CRASH_AFTER_STEPS": str(self.plan.dies_after_steps)}

    def rpc_consumers(self) -> int:
        """How many processes of the service take RPC requests now (the broker's own count)."""
        connection = open_connection(self.platform.env["AMQP_URI"])
        try:
            channel = connection.channel()
            return channel.queue_declare(f"rpc-{self.plan.service}", passive=True).consumer_count
        finally:
            connection.collect()

    def restart(self, name: str) -> None:
        self.platform.start(name, INJECTOR, self.env(name))
        wait_until(lambda: self.rpc_consumers() == 2, timeout=30)

    def kill_both(self, answered: Answered, load_over: eventlet.Event) -> list[Death | None]:
        """Restarts the first once it died after its chosen step, then kills the second once
        `killed_after` joins were answered, while it holds requests, and starts it again."""
        first, second = self.names
        dying = self.platform.processes[first]
        wait_until(lambda: dying.poll() is not None or load_over.ready(), timeout=60)
        if dying.poll() is None:
            return [None, None]
        assert dying.returncode == -signal.SIGKILL, self.platform.log(first)[-2000:]
        died = Death(self.marker.stat().st_mtime, int(self.marker.read_text()))
        self.platform.processes.pop(first)
        self.restart(first)
        wait_until(lambda: len(answered.joined) >= self.plan.killed_after or load_over.ready(),
                   timeout=60)
        killed = self.kill_holding_requests(second, load_over)
        if killed is not None:
            self.restart(second)
        return [died, killed]

    def kill_holding_requests(self, name: str, load_over: eventlet.Event) -> Death | None:
        """SIGKILLs the process at a moment it holds requests: stops it (SIGSTOP), so that
        nothing it holds is answered meanwhile, reads how many it holds, and kills it if any,
        else lets it go on and looks again (None: the load was over first)."""
        pid, count = self.platform.processes[name].pid, self.files / f"{name}.in_hand"
        while not load_over.ready():
            os.kill(pid, signal.SIGSTOP)
            try:
                wait_until(lambda: _stopped(pid), timeout=5, interval=0.0005)
                if in_hand := int(count.read_text() or 0):
                    at = time.time()
                    self.platform.kill(name)  # SIGKILL: no stop, no goodbye to the broker
                    return Death(at, in_hand)
            finally:
                if name in self.platform.processes:  # not killed: it goes on
                    os.kill(pid, signal.SIGCONT)
            eventlet.sleep(0.003)
        return None

    def redelivered_after(self, deaths: list[Death | None]) -> list[int]:
        """For each death, how many requests the broker delivered again to the others before
        the next one: what the dead process held, as the broker saw it."""
        noted = [float(moment) for name in self.names
                 for moment in _read(self.files / f"{name}.redelivered").split()]
        moments = [d.at for d in deaths if d is not None] + [math.inf]
        return [sum(start <= t < end for t in noted)
                for start, end in itertools.pairwise(moments)]

    def broker_redeliveries(self) -> int:
        """How many RPC requests the broker delivered again, by its statistics (they lag by a
        few seconds)."""
        def count() -> int:
            stats = queue_info(self.platform.env["AMQP_URI"], f"rpc-{self.plan.service}")
            return stats.get("message_stats", {}).get("redeliver", 0)
        try:
            return wait_until(count, timeout=10, interval=0.5)
        except AssertionError:
            return 0


def storm(processes: TwoProcesses, participant: Callable[[int, Answered], None],
          participants: int, at_once: int, pace: float) -> Storm:
    """Participant n starts n × `pace` seconds in, at most `at_once` at a time (the load
    outlasts a restart), while each process dies in turn."""
    answered, load_over = Answered(), eventlet.Event()
    started, clock = time.time(), time.monotonic()
    killer = eventlet.spawn(processes.kill_both, answered, load_over)

    def paced(number: int) -> None:
        eventlet.sleep(max(0.0, clock + number * pace - time.monotonic()))
        participant(number, answered)

    list(eventlet.GreenPool(at_once).imap(paced, range(participants)))  # a client's failure fails
    load_over.send(True)
    return Storm(answered, killer.wait(), started, time.time() - started)


def settled(platform: Platform, service: str, collection: str, document_id: str) -> dict:
    """The aggregate as stored once every event its writes left in its outbox is published,
    or as it stands after SETTLING_SECONDS (an event still unpublished then counts as lost)."""
    documents = platform.database(service)[collection]
    try:
        wait_until(lambda: documents.find_one({"_id": document_id})["outbox"] == [],
                   timeout=SETTLING_SECONDS)
    except AssertionError:
        pass
    return documents.find_one({"_id": document_id})


def _stopped(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat.rsplit(")", 1)[1].split()[0] == "T"


def _read(path: Path) -> str:
    return path.read_text() if path.exists() else ""
