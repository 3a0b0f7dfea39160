"""RPC to the services, bounded in time, with failures said plainly: a service that is not
deployed, a broker that is unreachable or a service whose database is down answer 503 (the
work was not done); a service that does not answer in time answers 504 (it may still do it)."""

import eventlet
from nameko.exceptions import UnknownService
from nameko.rpc import RpcProxy

from services.gateway.errors import ServiceTimeout, ServiceUnavailable, dependency_failure
from shared.runtime import config, metrics

# nameko retries a publish 3 times, a second apart: 3 s before a client hears that the broker is
# unreachable. Two quick retries still ride out a dropped connection (kombu reconnects on the
# first), then the client gets its 503 and Retry-After well within the RPC timeout.
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5,
                        "interval_max": 0.5}


class TimedService:
    def __init__(self, service_name: str, proxy, timeout: float):
        self._service_name, self._proxy, self._timeout = service_name, proxy, timeout

    def with_timeout(self, seconds: float) -> "TimedService":
        return TimedService(self._service_name, self._proxy, seconds)

    def __getattr__(self, method_name: str):
        method = getattr(self._proxy, method_name)

        def call(*args, **kwargs):
            late = ServiceTimeout(
                f"the {self._service_name} service did not answer within {self._timeout:g} s")
            timed = metrics.timed(metrics.RPC_CLIENT_SECONDS, self._service_name, method_name)
            try:
                with timed, eventlet.Timeout(self._timeout, late):
                    return method(*args, **kwargs)
            except UnknownService:
                raise ServiceUnavailable(
                    f"the {self._service_name} service is unavailable") from None
            except Exception as exc:
                failure = dependency_failure(exc, self._service_name)
                if failure is None:
                    raise
                raise failure from None

        return call


class Service(RpcProxy):
    """The gateway's RPC proxy to one backend: `<name> = Service("<name>")`, one per entry
    of the registry (backends.py), used by its routes as `self.<name>.<method>(...)`."""

    def __init__(self, target_service: str, **options):
        super().__init__(target_service, **{"retry_policy": PUBLISH_RETRY_POLICY, **options})

    def setup(self) -> None:
        self.timeout = config.load().rpc_timeout_seconds
        super().setup()

    def get_dependency(self, worker_ctx) -> TimedService:
        return TimedService(self.target_service, super().get_dependency(worker_ctx), self.timeout)
