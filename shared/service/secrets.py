"""A secret a service cannot work without, read from its settings when it starts.

    class CatalogService:
        token_secret = RequiredSecret("cancel_token_secret")   # CANCEL_TOKEN_SECRET

A service whose secret is missing refuses to start, naming the variable, rather than
handing out tokens keyed on an empty or well-known value (docker-compose.yml and the k8s
manifests require it; `make run` generates one into var/)."""

from nameko.extensions import DependencyProvider

from shared.runtime.config import load as load_settings

MIN_LENGTH = 16


class MissingSecret(RuntimeError):
    pass


class RequiredSecret(DependencyProvider):
    def __init__(self, setting: str):
        self.setting = setting

    def setup(self) -> None:
        self.value = getattr(load_settings(), self.setting)
        if len(self.value) < MIN_LENGTH:
            variable = self.setting.upper()
            raise MissingSecret(f"{variable} must be set to a secret of at least {MIN_LENGTH} "
                                f"characters (e.g. `python -c 'import secrets; "
                                f"print(secrets.token_urlsafe(32))'`)")

    def get_dependency(self, worker_ctx) -> str:
        return self.value
