"""RPC to the services, bounded in time: a service that is down answers 503, not a hang."""

import eventlet
from nameko.exceptions import UnknownService
from nameko.rpc import RpcProxy

from services.gateway.errors import ServiceUnavailable
from shared import config


class TimedService:
    def __init__(self, service_name: str, proxy, timeout: float):
        self._service_name, self._proxy, self._timeout = service_name, proxy, timeout

    def with_timeout(self, seconds: float) -> "TimedService":
        return TimedService(self._service_name, self._proxy, seconds)

    def __getattr__(self, method_name: str):
        method = getattr(self._proxy, method_name)

        def call(*args, **kwargs):
            unavailable = ServiceUnavailable(f"the {self._service_name} service is unavailable")
            try:
                with eventlet.Timeout(self._timeout, unavailable):
                    return method(*args, **kwargs)
            except UnknownService:
                raise unavailable from None

        return call


class Service(RpcProxy):
    """`partnerships = Service("partnerships")` in the gateway."""

    def setup(self) -> None:
        self.timeout = config.load().rpc_timeout_seconds
        super().setup()

    def get_dependency(self, worker_ctx) -> TimedService:
        return TimedService(self.target_service, super().get_dependency(worker_ctx), self.timeout)
