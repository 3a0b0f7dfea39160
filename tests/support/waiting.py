"""Retry-until instead of sleeps: tests wait for a condition, bounded in time."""

import time


def wait_until(condition, timeout: float = 10.0, interval: float = 0.02):
    """Returns the first truthy value of condition(); fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s: {condition}")
        time.sleep(interval)
