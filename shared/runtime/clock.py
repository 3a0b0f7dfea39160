"""The time, as MongoDB keeps it: UTC, to the millisecond (so what we return never changes
precision between the write and the next read)."""

from datetime import UTC, datetime


def now() -> datetime:
    moment = datetime.now(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)
