"""Searching the public catalog at 10k and 100k published trainings, through the gateway and
by raw pymongo on the same database, in the same run (issue 9).

    make bench            (or: .venv/bin/python bench/catalog_search.py)

The whole platform runs as `make run` starts it, on a RabbitMQ vhost and a Mongo-wire server
(memory backend) of the run's own. A few verified partners; one training published through
the gateway is the model of what the catalog stores. The catalog's database is then filled
directly (insert_many) with published trainings of those partners, built as the service
builds them (a domain Training mapped by TrainingRepository.to_document, search_terms
included; built by two processes while the server inserts), to 10k, measured, then to
100k, measured again. For each query, with 8 concurrent clients and a fixed number of
requests (96 at 10k, 32 at 100k: the local server scans, about a second and a half per
search at 100k, and concurrent scans went no faster than one at a time here;
RPC_TIMEOUT_SECONDS is raised for the run, since 8 queued searches outlast the gateway's 10 s):
- raw:      the exact query the service runs (listing.public_trainings), by pymongo:
            find(query).sort("_id").limit(21), documents read;
- gateway:  GET /v1/trainings?q=... (HTTP -> gateway -> RPC -> catalog -> the same query,
            mongoengine, marshmallow -> JSON), which must answer the raw query's first 20.
Prints req/s, p50/p99, gateway/raw in req/s (target >= 0.5), and the growth of each p50 from
10k to 100k (target: the gateway's grows at most 1.2x the raw query's). Exits non-zero if
a request fails or the gateway answers other trainings than the raw query finds.
"""

import random
import sys
import threading
import time
import uuid
from collections.abc import Callable
from multiprocessing import Pool
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from clients import Measure, measured, percentile  # noqa: E402
from french_trainings import training  # noqa: E402
from own_platform import own_platform  # noqa: E402

from services.catalog.contract.schemas import TrainingFiltersSchema  # noqa: E402
from services.catalog.listing import public_trainings  # noqa: E402
from services.catalog.repositories import TrainingRepository  # noqa: E402
from shared.contract.validation import load  # noqa: E402
from tests.support.catalog import catalog_knows, published_training  # noqa: E402
from tests.support.organizations import partner  # noqa: E402
from tests.support.platform import Platform  # noqa: E402

REQUESTS = {10_000: 96, 100_000: 32}  # per query and side, at each size
PARTNERS, CLIENTS, BATCH, PAGE, RPC_TIMEOUT_SECONDS = 5, 8, 2_000, 20, "120"
QUERIES = {"q=francais": {"q": "francais"},
           "q=numerique smartphone": {"q": "numerique smartphone"},
           "q=emploi & category": {"q": "emploi", "category": "professional_integration"}}
TARGET_RATIO, TARGET_GROWTH = 0.5, 1.2
OPTIONAL = {"audience", "prerequisites"}  # left out of a document when None


def stored_form(mapping: TrainingRepository, partner_id: str, rng: random.Random,
                revisions: dict[str, int]) -> dict:
    """A published training as the catalog stores it: its repository's mapping, plus what
    the outbox adds (created by one request, published by another, events relayed) and the
    `revisions` of a training the service itself stored."""
    document = mapping.to_document(training(rng, partner_id)).to_mongo().to_dict()
    document.update(revisions, created_by_request=f"{uuid.uuid4().hex}.1",
                    request_ids=[f"{uuid.uuid4().hex}.1"])
    return document


def batch_of(seed: int, partner_ids: list[str], count: int, revisions: dict) -> list[dict]:
    """`count` stored trainings of the partners in turn (in a worker process)."""
    rng, mapping = random.Random(seed), TrainingRepository(None)  # type: ignore[arg-type]
    return [stored_form(mapping, partner_ids[i % len(partner_ids)], rng, revisions)
            for i in range(count)]


def unlike(model: dict, made: dict) -> list[str]:
    """The fields where a made document differs in kind from one the service stored."""
    names = (set(model) | set(made)) - OPTIONAL
    return sorted(name for name in names if type(model.get(name)) is not type(made.get(name)))


def fill(platform: Platform, partner_ids: list[str], count: int, seed: int,
         revisions: dict) -> float:
    """Inserts `count` trainings in batches, built by two processes meanwhile; returns the
    seconds it took."""
    trainings, started = platform.database("catalog").trainings, time.perf_counter()
    sizes = [min(BATCH, count - first) for first in range(0, count, BATCH)]
    work = [(seed + i, partner_ids, n, revisions) for i, n in enumerate(sizes)]
    with Pool(2) as builders:
        for batch in builders.imap(_batch, work):
            trainings.insert_many(batch, ordered=False)
    return time.perf_counter() - started


def _batch(arguments: tuple[int, list[str], int, dict]) -> list[dict]:
    return batch_of(*arguments)


def raw_search(platform: Platform, filters: dict) -> Callable[[], list[str]]:
    query = public_trainings(load(TrainingFiltersSchema, filters))
    trainings = platform.database("catalog").trainings
    return lambda: [d["_id"] for d in trainings.find(query).sort("_id", 1).limit(PAGE + 1)]


def gateway_search(platform: Platform, filters: dict) -> Callable[[], list[str]]:
    url, local = f"{platform.url}/v1/trainings", threading.local()

    def search() -> list[str]:
        if not hasattr(local, "http"):
            local.http = requests.Session()
        response = local.http.get(url, params=filters, timeout=60)
        response.raise_for_status()
        return [t["id"] for t in response.json()["items"]]
    return search


def measure_queries(platform: Platform, count: int) -> dict[str, tuple[Measure, Measure]]:
    """(raw, gateway) per query; fails if the gateway answers another page than raw finds
    (that first call of each is also the warm-up)."""
    results = {}
    for name, filters in QUERIES.items():
        raw, gateway = raw_search(platform, filters), gateway_search(platform, filters)
        found, answered = raw(), gateway()
        if answered != found[:PAGE] or len(found) <= PAGE:
            sys.exit(f"WRONG: {name}: gateway {answered[:2]}.., raw {found[:2]}.. (a full page?)")
        results[name] = (measured(raw, count, CLIENTS), measured(gateway, count, CLIENTS))
    return results


def main() -> None:
    results: dict[int, dict[str, tuple[Measure, Measure]]] = {}
    with own_platform({"RPC_TIMEOUT_SECONDS": RPC_TIMEOUT_SECONDS}) as platform:
        members = [partner(platform) for _ in range(PARTNERS)]
        for organization_id, _ in members:
            catalog_knows(platform, organization_id)
        own, _ = published_training(platform, members[0][1])  # one among the others
        model = platform.database("catalog").trainings.find_one({"_id": own["id"]}) or {}
        revisions = {name: model.get(name, 0) for name in ("revision", "organization_revision")}
        partner_ids, filled = [organization_id for organization_id, _ in members], 1
        if differences := unlike(model, batch_of(0, partner_ids, 1, revisions)[0]):
            sys.exit(f"WRONG: the bench's trainings are not stored as the service's: {differences}")
        for size, count in REQUESTS.items():
            seconds = fill(platform, partner_ids, size - filled, filled, revisions)
            print(f"inserted {size - filled} trainings in {seconds:.1f} s "
                  f"({(size - filled) / seconds:.0f}/s, batches of {BATCH})", flush=True)
            filled = size
            results[size] = measure_queries(platform, count)
    report(results)
    failed = sum(side[2] for by_query in results.values() for pair in by_query.values()
                 for side in pair)
    sys.exit(1 if failed else 0)


def report(results: dict[int, dict[str, tuple[Measure, Measure]]]) -> None:
    print(f"\nGET /v1/trainings vs raw pymongo, {CLIENTS} clients (RabbitMQ on loopback; "
          "Mongo-wire server, memory backend); latencies in ms")
    print(f"{'trainings':>9} {'requests':>8}  {'query':24} {'raw req/s':>9} {'p50':>7} {'p99':>7}"
          f"  {'gw req/s':>8} {'p50':>7} {'p99':>7}  gw/raw (>= {TARGET_RATIO})  failed")
    for size, by_query in results.items():
        for name, (raw, ours) in by_query.items():
            print(f"{size:>9,} {REQUESTS[size]:>8}  {name:24} {_figures(raw)}  {_figures(ours)}"
                  f"  {ours[0] / raw[0]:6.2f}{'':14}{raw[2] + ours[2]}")
    small, large = REQUESTS
    print(f"\ngrowth of p50 from {small:,} to {large:,} (target: gateway <= {TARGET_GROWTH} x raw)")
    for name in QUERIES:
        (raw_s, ours_s), (raw_l, ours_l) = results[small][name], results[large][name]
        raw_growth, ours_growth = _p50(raw_l) / _p50(raw_s), _p50(ours_l) / _p50(ours_s)
        print(f"  {name:24} raw x{raw_growth:5.2f}  gateway x{ours_growth:5.2f}"
              f"  gateway/raw {ours_growth / raw_growth:5.2f}"
              f"   req/s fell: raw /{raw_s[0] / raw_l[0]:.2f}, gateway /{ours_s[0] / ours_l[0]:.2f}"
              f" ({(ours_s[0] / ours_l[0]) / (raw_s[0] / raw_l[0]):.2f})")


def _p50(measure: Measure) -> float:
    return percentile(measure[1], .5) if measure[1] else float("nan")


def _figures(measure: Measure) -> str:
    p99 = percentile(measure[1], .99) if measure[1] else float("nan")
    return f"{measure[0]:9.1f} {_p50(measure):7.1f} {p99:7.1f}"


if __name__ == "__main__":
    main()
