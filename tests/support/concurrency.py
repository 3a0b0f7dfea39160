"""Many things at the same moment, the way concurrent requests reach a service."""

from collections.abc import Callable
from typing import TypeVar

import eventlet

T = TypeVar("T")


def at_once(*calls: Callable[[], T]) -> list[T]:
    """Runs every call at the same time, a green thread each; their results, in order (the
    first exception a call raised, if any, is raised here)."""
    pool = eventlet.GreenPool(len(calls))
    threads = [pool.spawn(call) for call in calls]
    return [thread.wait() for thread in threads]
