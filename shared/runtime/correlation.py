"""The correlation id that follows one request through HTTP, RPC, events and logs.

It travels in nameko's worker context data (propagated on RPC calls by nameko itself), in
the event envelope, and in a context variable read by the JSON log formatter.
"""

import contextvars
import uuid

from nameko.extensions import DependencyProvider

CONTEXT_KEY = "correlation_id"
current: contextvars.ContextVar[str] = contextvars.ContextVar("correlation_id", default="-")


def new_id() -> str:
    return uuid.uuid4().hex


def of_worker(worker_ctx) -> str:
    """The worker's correlation id, minted once if its caller sent none."""
    return worker_ctx.data.setdefault(CONTEXT_KEY, new_id())


class CorrelationId(DependencyProvider):
    """Makes every worker's log lines and outgoing calls carry its correlation id."""

    def worker_setup(self, worker_ctx) -> None:
        current.set(of_worker(worker_ctx))

    def get_dependency(self, worker_ctx) -> str:
        return of_worker(worker_ctx)
