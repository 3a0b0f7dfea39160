"""Where a process spends its time under a benchmark's load: py-spy samples it (from outside,
without stopping it) and the functions that hold most samples are printed.

    with sampled({"gateway": pid, "partnerships": pid}, Path("var/profiles")) as report:
        ...load...
    report()   # per process: the top functions, by share of all samples, own and inclusive

A sample is taken whenever the process is not idle, and on these 2 shared cores a process
woken peer often preempts it inside a system call (a socket's send): those calls then look
costlier than they are. `cpu_used` (CPU seconds per process, from /proc) says what each
process really spent; `--gil` (py-spy) would keep only Python's own work, but under eventlet
it drops most samples.
Each process's raw samples (collapsed stacks, one line per stack: frames;... count) stay in
the given folder, to read again or to draw as a flame graph (e.g. inferno, speedscope).
"""

import contextlib
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY_SPY = Path(sys.executable).with_name("py-spy")
TOP = 12
# Frames that every sample of a busy process runs inside: inclusive shares near 100% say nothing.
EVERYWHERE = 0.9
_location = re.compile(r" \((?P<file>[^)]*?)(?::\d+)?\)$")


@contextlib.contextmanager
def sampled(pids: dict[str, int], folder: Path, rate: int = 250) -> Iterator[Callable[[], None]]:
    folder.mkdir(parents=True, exist_ok=True)
    recorders = {name: subprocess.Popen(
        [str(PY_SPY), "record", "--pid", str(pid), "--format", "raw", "--rate", str(rate),
         "--nonblocking", "--output", str(folder / f"{name}.txt")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for name, pid in pids.items()}
    try:
        yield lambda: report(folder, list(pids))
    finally:
        for recorder in recorders.values():
            recorder.send_signal(2)  # py-spy writes its output on SIGINT
        for name, recorder in recorders.items():
            try:
                recorder.wait(timeout=30)
            except subprocess.TimeoutExpired:
                recorder.kill()
                print(f"py-spy for {name} did not stop", file=sys.stderr)


def cpu_seconds(pid: int) -> tuple[float, float]:
    """The CPU time a process used so far, (user, system), from /proc; (0, 0) once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0, 0.0
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick


def processes_named(pattern: str) -> list[int]:
    """The pids of the processes whose command line matches `pattern` (pgrep -f)."""
    found = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


@contextlib.contextmanager
def cpu_used(pids: dict[str, list[int]]) -> Iterator[dict[str, tuple[float, float]]]:
    """The CPU seconds (user, system) each group of processes used within the block (filled
    in at its end; a process gone meanwhile counts for nothing)."""
    before = {pid: cpu_seconds(pid) for group in pids.values() for pid in group}
    used: dict[str, tuple[float, float]] = {}
    yield used
    for name, group in pids.items():
        spent = [(pid, cpu_seconds(pid)) for pid in group]
        used[name] = (sum(max(0.0, now[0] - before[pid][0]) for pid, now in spent),
                      sum(max(0.0, now[1] - before[pid][1]) for pid, now in spent))


def report(folder: Path, names: list[str]) -> None:
    for name in names:
        path = folder / f"{name}.txt"
        if not path.exists():
            print(f"\n{name}: no samples ({path} missing)")
            continue
        own, inclusive, total = tally(path.read_text())
        print(f"\n{name}: {total} samples ({path})")
        print("  own time:")
        for frame, count in own.most_common(TOP):
            print(f"    {100 * count / total:5.1f}%  {frame}")
        print("  inclusive (frames under less than 90% of samples):")
        shown = [(f, c) for f, c in inclusive.most_common() if c < EVERYWHERE * total]
        for frame, count in shown[:TOP]:
            print(f"    {100 * count / total:5.1f}%  {frame}")


def tally(collapsed: str) -> tuple[Counter, Counter, int]:
    """(samples whose last frame is each function, samples with each function anywhere in
    their stack, samples in all) of py-spy's raw output."""
    own: Counter = Counter()
    inclusive: Counter = Counter()
    total = 0
    for line in collapsed.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [short(frame) for frame in stack.split(";") if frame]
        total += count
        if frames:
            own[frames[-1]] += count
        for frame in set(frames):
            inclusive[frame] += count
    return own, inclusive, total


def short(frame: str) -> str:
    """"publish (kombu/messaging.py:180)" -> "publish (kombu/messaging.py)": one entry per
    function, whichever line the sample was on; the path from site-packages or the project."""
    return _location.sub(lambda m: f" ({_tail(m['file'])})", frame)


def _tail(path: str) -> str:
    for marker in ("site-packages/", f"{ROOT}/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return "/".join(path.split("/")[-2:])  # the standard library's: "python3.11/socket.py"
