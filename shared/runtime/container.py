"""The nameko container every deployed service runs in (deploy/nameko.yaml names it):
nameko's own, with a deadline on stopping.

nameko stops a service gracefully: entrypoints stop consuming, running workers finish,
messages already taken are settled. But its queue consumers wait for their consumer thread
to acknowledge the stop, and that thread, while the broker is unreachable, is busy
reconnecting: SIGTERM then waits forever (a Kubernetes rollout ends in SIGKILL after its
whole grace period; `make run` never returns). Past STOP_DEADLINE_SECONDS the process exits
anyway. Nothing is lost by that: unacknowledged messages go back to their queue when the
connection closes, unpublished events stay in their aggregate's outbox, and every handler
and command is safe to run again.

It also serves the process's metrics on METRICS_PORT while it runs (shared/runtime/metrics.py):
here, so that every service and the gateway have them without declaring anything.
"""

import logging
import os

import eventlet
from nameko.containers import ServiceContainer

from shared.runtime import config, metrics

log = logging.getLogger(__name__)
EXIT_STOP_OVERDUE = 3


class MaillageContainer(ServiceContainer):
    metrics_server: metrics.MetricsServer | None = None

    def start(self) -> None:
        super().start()
        self.metrics_server = metrics.serve(config.load().metrics_port, self.service_name)

    def stop(self) -> None:
        deadline = config.load().stop_deadline_seconds
        overdue = eventlet.spawn_after(deadline, _exit_overdue, self.service_name, deadline)
        try:
            super().stop()
        finally:
            overdue.cancel()
            if self.metrics_server is not None:
                self.metrics_server.stop()


def _exit_overdue(service_name: str, deadline: float) -> None:
    log.error("%s did not stop within %ss (is the broker unreachable?); exiting now: the broker "
              "redelivers what was not acknowledged", service_name, deadline)
    logging.shutdown()
    os._exit(EXIT_STOP_OVERDUE)
