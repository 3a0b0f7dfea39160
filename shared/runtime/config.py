"""Configuration from environment variables, with defaults that work on a developer machine."""

import os
import tempfile
from dataclasses import dataclass


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default


@dataclass(frozen=True)
class Settings:
    amqp_uri: str
    mongodb_uri: str
    mongodb_db_prefix: str
    smtp_url: str  # smtp://[user:password@]host:port, smtp+starttls://..., smtps://...
    mail_from: str  # the From of every email the platform sends
    public_url: str  # the gateway as people reach it: links in emails point there
    unsubscribe_secret: str  # keys the unsubscribe tokens in emails (required by notifications)
    delivery_attempts: int  # an email or a webhook is tried this many times, then `failed`
    delivery_backoff_seconds: tuple[float, float]  # first retry delay, longest delay (jittered)
    delivery_concurrency: int  # messages one process sends at once
    delivery_lease_seconds: float  # a send not marked done by then was cut short by a crash
    smtp_timeout_seconds: float
    webhook_timeout_seconds: float
    webhook_allow_private_addresses: bool  # local runs and tests: receivers on 127.0.0.1
    operator_token: str
    cancel_token_secret: str  # keys the cancel tokens handed to participants (required)
    gateway_port: int
    max_body_bytes: int
    outbox_sweep_seconds: float
    consumer_retry_delays: tuple[float, ...]
    consumer_lease_seconds: float
    ledger_retention_days: int
    rpc_timeout_seconds: float
    # requests per window from one client address ("10/hour", "1000/minute", "off")
    rate_limit_applications: str
    rate_limit_unsubscribes: str
    rate_limit_enrollments: str
    rate_limit_registrations: str
    trusted_proxies: tuple[str, ...]  # addresses/CIDRs whose X-Forwarded-For is believed
    heartbeat_dir: str  # where each process touches its liveness file (shared/liveness.py)
    heartbeat_seconds: float
    liveness_max_age_seconds: float
    idempotency_key_ttl_hours: float
    stop_deadline_seconds: float  # a stopping service exits after this, whatever hangs
    metrics_port: int | None  # where the process serves /metrics (shared/runtime/metrics.py)


def _pair(value: str) -> tuple[float, float]:
    first, last = (float(part) for part in value.split(","))
    return first, last


def load() -> Settings:
    return Settings(
        amqp_uri=_env("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/"),
        mongodb_uri=_env("MONGODB_URI", "mongodb://127.0.0.1:27017/"),
        mongodb_db_prefix=_env("MONGODB_DB_PREFIX", "maillage_"),
        smtp_url=_env("SMTP_URL", "smtp://127.0.0.1:1025"),
        mail_from=_env("MAIL_FROM", "Maillage <notifications@maillage.localhost>"),
        public_url=_env("PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
        unsubscribe_secret=os.environ.get("UNSUBSCRIBE_SECRET", ""),
        delivery_attempts=int(_env("DELIVERY_ATTEMPTS", "8")),
        delivery_backoff_seconds=_pair(_env("DELIVERY_BACKOFF_SECONDS", "5,3600")),
        delivery_concurrency=int(_env("DELIVERY_CONCURRENCY", "8")),
        delivery_lease_seconds=float(_env("DELIVERY_LEASE_SECONDS", "120")),
        smtp_timeout_seconds=float(_env("SMTP_TIMEOUT_SECONDS", "20")),
        webhook_timeout_seconds=float(_env("WEBHOOK_TIMEOUT_SECONDS", "10")),
        webhook_allow_private_addresses=_env("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", "false") == "true",
        operator_token=os.environ.get("MAILLAGE_OPERATOR_TOKEN", ""),
        cancel_token_secret=os.environ.get("CANCEL_TOKEN_SECRET", ""),
        gateway_port=int(_env("GATEWAY_PORT", "8000")),
        max_body_bytes=int(_env("MAX_BODY_BYTES", str(64 * 1024))),
        outbox_sweep_seconds=float(_env("OUTBOX_SWEEP_SECONDS", "2")),
        consumer_retry_delays=tuple(
            float(d) for d in _env("CONSUMER_RETRY_DELAYS", "0.5,2,10").split(",")
        ),
        consumer_lease_seconds=float(_env("CONSUMER_LEASE_SECONDS", "30")),
        ledger_retention_days=int(_env("LEDGER_RETENTION_DAYS", "30")),
        rpc_timeout_seconds=float(_env("RPC_TIMEOUT_SECONDS", "10")),
        rate_limit_applications=_env("RATE_LIMIT_APPLICATIONS", "10/hour"),
        rate_limit_unsubscribes=_env("RATE_LIMIT_UNSUBSCRIBES", "20/hour"),
        rate_limit_enrollments=_env("RATE_LIMIT_ENROLLMENTS", "2000/minute"),
        rate_limit_registrations=_env("RATE_LIMIT_REGISTRATIONS", "2000/minute"),
        trusted_proxies=tuple(
            p.strip() for p in os.environ.get("TRUSTED_PROXIES", "").split(",") if p.strip()
        ),
        heartbeat_dir=_env("HEARTBEAT_DIR", tempfile.gettempdir()),
        heartbeat_seconds=float(_env("HEARTBEAT_SECONDS", "5")),
        liveness_max_age_seconds=float(_env("LIVENESS_MAX_AGE_SECONDS", "30")),
        idempotency_key_ttl_hours=float(_env("IDEMPOTENCY_KEY_TTL_HOURS", "24")),
        stop_deadline_seconds=float(_env("STOP_DEADLINE_SECONDS", "8")),
        metrics_port=int(os.environ["METRICS_PORT"]) if os.environ.get("METRICS_PORT") else None,
    )
