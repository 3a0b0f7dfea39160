"""1,000 people enroll at once in a session of 100 seats, through the gateway (issue 9).

    make bench            (or: .venv/bin/python bench/enrollment_race.py [--clients 20,150])

The whole platform runs as `make run` starts it (partnerships, catalog, gateway, each its own
`nameko run` process) on a RabbitMQ vhost and a Mongo-wire server (memory backend) of the
run's own, with the enrollment rate limit raised (every client here is 127.0.0.1). A verified
partner publishes a training with two sessions of 100 seats:
- idle:  30 enrollments one after the other on the first session: the p50 of one enrollment
         on an idle platform, the yardstick;
- race:  1,000 enrollments with distinct emails on another session, from a pool of
         concurrent HTTP clients; p50/p99 of their latency and p99 / idle p50 (target <= 20).
         One race per client count (20 and 150 by default): the platform's throughput does
         not change with it, so the latency at 150 is mostly queueing.
Then the counts that must hold whatever the concurrency: exactly 100 confirmed, 900
waitlisted at positions 1..900, none lost (every answer a 201, every 201 stored with the status
and position it answered), and the stored session agrees (0 seats left, 900 waiting).
Exits non-zero if a count is wrong.
"""

import argparse
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from clients import percentile  # noqa: E402
from own_platform import own_platform  # noqa: E402

from tests.support.catalog import catalog_knows, participant, published_training, session_draft  # noqa: E402
from tests.support.organizations import partner  # noqa: E402
from tests.support.platform import Platform  # noqa: E402

SEATS, RACERS, IDLE_SAMPLES, TARGET_RATIO = 100, 1000, 30, 20
Answer = tuple[int, dict | str, float]  # HTTP status, body, seconds


def enroller(platform: Platform, session_id: str):
    """enroll(i) -> Answer, each client thread on its own keep-alive connection."""
    url, local = f"{platform.url}/v1/sessions/{session_id}/enrollments", threading.local()

    def enroll(i: int) -> Answer:
        if not hasattr(local, "http"):
            local.http = requests.Session()
        person = participant(f"Participante {i}", email=f"race-{i:04d}@example.org")
        started = time.perf_counter()
        try:
            response = local.http.post(url, json=person, timeout=120)
        except requests.RequestException as error:  # lost as well: counted, printed
            return 0, repr(error), time.perf_counter() - started
        elapsed = time.perf_counter() - started
        body = response.json() if response.headers.get("Content-Type", "").startswith(
            "application/json") else response.text
        return response.status_code, body, elapsed
    return enroll


def idle_latencies(platform: Platform, session_id: str) -> list[float]:
    enroll = enroller(platform, session_id)
    return [enroll(i)[2] for i in range(IDLE_SAMPLES)]


def race(platform: Platform, session_id: str, clients: int) -> tuple[list[Answer], float]:
    """Every answer of the race, and how long it took from the first request to the last answer."""
    enroll = enroller(platform, session_id)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        answers = list(pool.map(enroll, range(RACERS)))
    return answers, time.perf_counter() - started


def problems_with(answers: list[Answer], stored: dict) -> list[str]:
    """What is wrong with the race's outcome (nothing, if the capacity rules held)."""
    problems = [f"lost: HTTP {status} {str(body)[:300]}" for status, body, _ in answers
                if status != 201]
    receipts = [body for status, body, _ in answers if status == 201 and isinstance(body, dict)]
    confirmed = [r for r in receipts if r["status"] == "confirmed"]
    positions = sorted(r["waitlist_position"] for r in receipts if r["status"] == "waitlisted")
    if len(confirmed) != SEATS or positions != list(range(1, RACERS - SEATS + 1)):
        problems.append(f"answered {len(confirmed)} confirmed and {len(positions)} waitlisted, "
                        f"positions {positions[:3]}..{positions[-3:]}")
    enrollments, waitlist = stored.get("enrollments", {}), stored.get("waitlist", [])
    for receipt in receipts:
        kept = enrollments.get(receipt["id"])
        position = receipt["waitlist_position"]
        if kept is None or kept["status"] != receipt["status"] or (
                position is not None and waitlist[position - 1:position] != [receipt["id"]]):
            problems.append(f"lost: {receipt['id']} answered {receipt['status']} {position}, "
                            f"stored {kept and kept['status']}")
    stored_confirmed = sum(e["status"] == "confirmed" for e in enrollments.values())
    if (stored.get("seats_left"), len(waitlist), stored_confirmed, len(enrollments)) != (
            0, RACERS - SEATS, SEATS, RACERS):
        problems.append(f"stored: seats_left {stored.get('seats_left')}, waitlist {len(waitlist)},"
                        f" confirmed {stored_confirmed}, enrollments {len(enrollments)}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description="1,000 concurrent enrollments on 100 seats")
    parser.add_argument("--clients", default="20,150",
                        help="concurrent HTTP clients, one race per count (comma-separated)")
    counts = [int(n) for n in parser.parse_args().clients.split(",")]
    problems = []
    with own_platform({"RATE_LIMIT_ENROLLMENTS": "100000/minute"}) as platform:
        organization_id, key = partner(platform)
        catalog_knows(platform, organization_id)
        _, (idle, *contested) = published_training(
            platform, key, sessions=tuple(session_draft(SEATS) for _ in range(1 + len(counts))))
        idle_ms = [1000 * s for s in idle_latencies(platform, idle["id"])]
        for clients, session in zip(counts, contested, strict=True):
            answers, took = race(platform, session["id"], clients)
            stored = platform.database("catalog").sessions.find_one({"_id": session["id"]}) or {}
            report(idle_ms, answers, took, clients)
            problems += problems_with(answers, stored)
    for problem in problems[:50]:
        print(f"WRONG: {problem}")
    sys.exit(1 if problems else 0)


def report(idle_ms: list[float], answers: list[Answer], took: float, clients: int) -> None:
    race_ms = sorted(1000 * seconds for _, _, seconds in answers)
    idle_p50 = statistics.median(idle_ms)
    p50, p99 = percentile(race_ms, 0.50), percentile(race_ms, 0.99)
    by_status = {s: sum(a[0] == s for a in answers) for s in sorted({a[0] for a in answers})}
    receipts = [b for s, b, _ in answers if s == 201 and isinstance(b, dict)]
    print(f"enrollments: {RACERS} on {SEATS} seats from {clients} concurrent clients, through "
          "the gateway (RabbitMQ on loopback; Mongo-wire server, memory backend)")
    print(f"idle platform, one enrollment:  p50 {idle_p50:7.1f} ms  ({len(idle_ms)} sequential)")
    print(f"race:                           p50 {p50:7.1f} ms  p99 {p99:7.1f} ms"
          f"  ({took:.1f} s, {RACERS / took:.0f} enrollments/s)")
    print(f"ratio race p99 / idle p50:      {p99 / idle_p50:7.1f}   (target <= {TARGET_RATIO})")
    print(f"answers by HTTP status: {by_status}; confirmed "
          f"{sum(r['status'] == 'confirmed' for r in receipts)}, waitlisted "
          f"{sum(r['status'] == 'waitlisted' for r in receipts)}")


if __name__ == "__main__":
    main()
