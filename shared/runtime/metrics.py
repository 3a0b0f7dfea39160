"""What a service process tells Prometheus: the events it publishes and consumes, how long its
handlers and RPC methods take, what waits in its outbox, and (the gateway) its HTTP traffic.

Each process serves them on its own port, METRICS_PORT (unset: no server), from a green thread
of eventlet's hub like everything else in a nameko service; the container starts and stops it
(shared/runtime/container.py). deploy/grafana/maillage-dashboard.json draws them.

Labels stay few and bounded: event types, queues, RPC methods and route templates come from
the code, never from a request (no ids, no raw paths). The hot path only looks up a labelled
child and increments it.
"""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

import eventlet
import eventlet.wsgi
from prometheus_client import Counter, Gauge, Histogram, disable_created_metrics, make_wsgi_app

log = logging.getLogger(__name__)
disable_created_metrics()  # `_created` series double what is scraped and no panel reads them

EVENTS_PUBLISHED = Counter(
    "maillage_events_published", "Events the outbox relay published, confirmed by the broker",
    ["service", "type"])
EVENTS_CONSUMED = Counter(
    "maillage_events_consumed", "Events whose handler succeeded", ["queue", "type"])
EVENTS_RETRIED = Counter(
    "maillage_events_retried", "Events whose handler failed, sent back after a delay",
    ["queue", "type"])
EVENTS_DEAD_LETTERED = Counter(
    "maillage_events_dead_lettered",
    "Events sent to <queue>.dead: every retry spent, or unreadable (type 'unreadable')",
    ["queue", "type"])
EVENTS_DUPLICATES = Counter(
    "maillage_events_duplicates", "Deliveries of an event already processed, acknowledged "
    "without a second effect", ["queue"])
EVENTS_DEFERRED = Counter(
    "maillage_events_deferred", "Deliveries put back without counting an attempt (claimed "
    "elsewhere, database or broker unreachable)", ["queue"])
HANDLER_SECONDS = Histogram(
    "maillage_handler_duration_seconds", "Time an event handler took, success or failure",
    ["queue"])
RPC_SERVER_SECONDS = Histogram(
    "maillage_rpc_server_duration_seconds", "Time an RPC method took to answer, from the "
    "request's arrival to the reply (outcome: ok, error)", ["service", "method", "outcome"])
RPC_CLIENT_SECONDS = Histogram(
    "maillage_rpc_client_duration_seconds", "Time the gateway waited for an RPC answer "
    "(outcome: ok, error)", ["service", "method", "outcome"])
OUTBOX_BACKLOG = Gauge(
    "maillage_outbox_backlog", "Events waiting in the outbox longer than OUTBOX_SWEEP_SECONDS, "
    "as the last sweep found them", ["service", "collection"])
HTTP_REQUESTS = Counter(
    "maillage_http_requests", "Gateway requests answered, by route template and status",
    ["method", "route", "status"])
HTTP_SECONDS = Histogram(
    "maillage_http_request_duration_seconds", "Time the gateway took to answer a request",
    ["method", "route"])

HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED_ROUTE = "(unmatched)"  # any path no route takes: one series, not one per path


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    """One gateway answer; a method no route knows counts as OTHER (a client chooses it)."""
    method = method if method in HTTP_METHODS else "OTHER"
    HTTP_REQUESTS.labels(method, route, str(status)).inc()
    HTTP_SECONDS.labels(method, route).observe(seconds)


@contextmanager
def timed(histogram: Histogram, *labels: str) -> Iterator[None]:
    """Observes the time the block took, with the labels and its outcome: ok, or error if it
    raised (the exception goes on)."""
    started, outcome = time.monotonic(), "error"
    try:
        yield
        outcome = "ok"
    finally:
        histogram.labels(*labels, outcome).observe(time.monotonic() - started)


class MetricsServer:
    """/metrics on `port` (any path answers it), served by eventlet.wsgi from a green thread,
    so it runs on the service's hub without a real thread; `stop()` closes it."""

    def __init__(self, port: int, host: str = "0.0.0.0"):
        self.socket = eventlet.listen((host, port))
        self.port = self.socket.getsockname()[1]
        self.thread = eventlet.spawn(eventlet.wsgi.server, self.socket, make_wsgi_app(),
                                     log_output=False)

    def stop(self) -> None:
        self.thread.kill()
        self.socket.close()


def serve(port: int | None, service: str) -> MetricsServer | None:
    """The service's metrics server, or None if no port is set. A port that cannot be bound
    is logged, not raised: a service without metrics still serves its users."""
    if port is None:
        return None
    try:
        server = MetricsServer(port)
    except OSError as exc:
        log.error("%s cannot serve its metrics on port %s: %s", service, port, exc)
        return None
    log.info("%s serves its metrics on port %s", service, server.port)
    return server
