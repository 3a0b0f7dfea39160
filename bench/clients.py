"""Load for the benchmarks: a number of calls from concurrent client threads, and the
figures drawn from them (shared by the benchmarks that measure request/answer latencies)."""

import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

Measure = tuple[float, list[float], int]  # calls/s, sorted latencies in ms, failed calls


def measured(call: Callable[[], object], count: int, clients: int) -> Measure:
    """`count` calls from `clients` concurrent threads; a failed call is counted, not timed."""
    failures: list[str] = []

    def timed(_: int) -> float | None:
        started = time.perf_counter()
        try:
            call()
        except Exception as error:  # noqa: BLE001 (reported with the figures)
            failures.append(repr(error)[:200])
            return None
        return 1000 * (time.perf_counter() - started)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        latencies = sorted(t for t in pool.map(timed, range(count)) if t is not None)
    for failure in sorted(set(failures)):
        print(f"WRONG: failed: {failure}", file=sys.stderr)
    return count / (time.perf_counter() - started), latencies, len(failures)


def percentile(sorted_values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the (sorted) samples fall, nearest rank."""
    rank = max(0, min(len(sorted_values) - 1, round(fraction * len(sorted_values)) - 1))
    return sorted_values[rank]
