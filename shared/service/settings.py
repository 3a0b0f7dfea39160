"""The process's settings as a dependency, read from the environment once, when the service
starts: reading them is some thirty environment lookups, too slow to repeat per request.

    class GatewayService:
        settings = ServiceSettings()     # self.settings.operator_token in a worker
"""

from nameko.extensions import DependencyProvider

from shared.runtime.config import Settings
from shared.runtime.config import load as load_settings


class ServiceSettings(DependencyProvider):
    def setup(self) -> None:
        self.settings = load_settings()

    def get_dependency(self, worker_ctx) -> Settings:
        return self.settings
