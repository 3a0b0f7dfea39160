"""The settings every locally run service starts with: what `make run` exports (its defaults
for this machine, the secrets kept in var/), so that `maillage up catalog` run by hand starts
the catalog exactly as `make run` would, plus each service's own METRICS_PORT."""

import os
import secrets
from pathlib import Path

from ops.platform import Service, var_dir

# variable -> (file under var/, what it is): generated once, then read back
SECRETS = {
    "MAILLAGE_OPERATOR_TOKEN": ("operator-token", "an operator token"),
    "CANCEL_TOKEN_SECRET": ("cancel-token-secret", "the secret of participants' cancel tokens"),
    "UNSUBSCRIBE_SECRET": ("unsubscribe-secret", "the secret of the unsubscribe links in emails"),
}


def local_defaults(environ: dict[str, str]) -> dict[str, str]:
    """deploy/local/run.sh's defaults, each applying only where the variable is unset."""
    address = environ.get("GATEWAY_ADDRESS") or "127.0.0.1"
    port = environ.get("GATEWAY_PORT") or "8000"
    return {
        "PYTHONWARNINGS": "ignore::DeprecationWarning",
        "AMQP_URI": "amqp://guest:guest@127.0.0.1:5672/",
        "MONGODB_URI": "mongodb://127.0.0.1:27017/",
        "GATEWAY_ADDRESS": address, "GATEWAY_PORT": port,
        "PUBLIC_URL": f"http://{address}:{port}",  # links in emails point at this gateway
        # a partner's test receiver on this machine may get webhooks (never in a deployment)
        "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": "true",
        "SMTP_URL": f"smtp://127.0.0.1:{environ.get('MAIL_SINK_PORT') or 1025}",
    }


def secret(variable: str, say=print) -> str:
    """The secret from the environment, else from var/<file>, generated there on first use
    (readable by its owner only)."""
    if os.environ.get(variable):
        return os.environ[variable]
    file, what = SECRETS[variable]
    path = var_dir() / file
    if not path.exists() or not path.read_text().strip():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_urlsafe(32) + "\n")
        say(f"generated {what} in {_shown(path)}")
    return path.read_text().strip()


def service_environment(service: Service, say=print) -> dict[str, str]:
    environ = dict(os.environ)
    settings = {**local_defaults(environ), **{k: v for k, v in environ.items() if v}}
    settings.update({variable: secret(variable, say) for variable in SECRETS})
    settings["METRICS_PORT"] = str(service.metrics_port)
    return settings


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
