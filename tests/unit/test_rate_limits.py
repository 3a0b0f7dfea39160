"""Rate limits on public writes: the real Limiter with its default quotas, over counters kept
in memory and a clock the test moves (the Mongo counters are tested in integration)."""

from collections import Counter

import pytest

from services.gateway.client_address import client_address, trusted_networks
from services.gateway.errors import RateLimited
from services.gateway.ratelimit import Limiter, Quota, RateLimit, parse_quota, quotas_from
from shared.runtime import config

HOUR, MINUTE = 3600, 60
WINDOW_START = 1_800_000_000 - 1_800_000_000 % HOUR  # a round hour, also a round minute


class MemoryCounters:
    def __init__(self):
        self.counts: Counter[str] = Counter()
        self.expiries: dict[str, float] = {}

    def increment(self, key: str, expires_at: float) -> int:
        self.counts[key] += 1
        self.expiries.setdefault(key, expires_at)
        return self.counts[key]


class Clock:
    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def defaults(monkeypatch):
    for policy in RateLimit:
        monkeypatch.delenv(f"RATE_LIMIT_{policy.upper()}", raising=False)
    return quotas_from(config.load())


def limiter_at(quotas, now: float) -> tuple[Limiter, Clock]:
    clock = Clock(now)
    return Limiter(quotas, MemoryCounters(), clock), clock


def admitted(limiter: Limiter, policy: RateLimit, address: str, times: int) -> int:
    passed = 0
    for _ in range(times):
        try:
            limiter.admit(policy, address)
            passed += 1
        except RateLimited:
            pass
    return passed


def test_a_flood_of_applications_from_one_address_is_refused_after_ten_an_hour(defaults):
    limiter, _ = limiter_at(defaults, WINDOW_START + 5)
    assert admitted(limiter, RateLimit.APPLICATIONS, "203.0.113.7", 500) == 10


def test_the_refusal_says_when_the_window_ends(defaults):
    limiter, _ = limiter_at(defaults, WINDOW_START + 1000.5)
    admitted(limiter, RateLimit.APPLICATIONS, "203.0.113.7", 10)

    with pytest.raises(RateLimited) as refused:
        limiter.admit(RateLimit.APPLICATIONS, "203.0.113.7")

    assert refused.value.retry_after_seconds == HOUR - 1000
    assert refused.value.code == "RATE_LIMITED" and "10 per hour" in refused.value.message


def test_another_address_and_another_policy_keep_their_own_counts(defaults):
    limiter, _ = limiter_at(defaults, WINDOW_START)
    admitted(limiter, RateLimit.APPLICATIONS, "203.0.113.7", 50)

    assert admitted(limiter, RateLimit.APPLICATIONS, "198.51.100.2", 1) == 1
    assert admitted(limiter, RateLimit.UNSUBSCRIBES, "203.0.113.7", 1) == 1


def test_the_next_window_admits_the_same_address_again(defaults):
    limiter, clock = limiter_at(defaults, WINDOW_START + HOUR - 1)
    admitted(limiter, RateLimit.APPLICATIONS, "203.0.113.7", 11)
    clock.now += 1
    assert admitted(limiter, RateLimit.APPLICATIONS, "203.0.113.7", 11) == 10


@pytest.mark.parametrize("policy", [RateLimit.ENROLLMENTS, RateLimit.REGISTRATIONS])
@pytest.mark.parametrize("starts_at", [0, 30, 59.9])  # seconds into a window
def test_a_training_centre_enrolls_a_class_of_1000_within_a_minute_by_default(
        defaults, policy, starts_at):
    limiter, clock = limiter_at(defaults, WINDOW_START + starts_at)
    passed = 0
    for _ in range(1000):
        passed += admitted(limiter, policy, "192.0.2.10", 1)
        clock.now += 0.059  # 1,000 requests in 59 s
    assert passed == 1000


def test_enrollments_are_still_limited_for_a_runaway_script(defaults):
    limiter, _ = limiter_at(defaults, WINDOW_START)
    assert 1000 < admitted(limiter, RateLimit.ENROLLMENTS, "192.0.2.10", 5000) < 5000


def test_a_counter_is_forgotten_when_its_window_ends(defaults):
    counters = MemoryCounters()
    Limiter(defaults, counters, Clock(WINDOW_START + 10)).admit(RateLimit.ENROLLMENTS, "192.0.2.1")
    assert list(counters.expiries.values()) == [WINDOW_START + MINUTE]


def test_a_policy_set_off_is_not_counted(defaults):
    counters = MemoryCounters()
    limiter = Limiter({**defaults, RateLimit.APPLICATIONS: None}, counters, Clock(WINDOW_START))
    limiter.admit(RateLimit.APPLICATIONS, "203.0.113.7")
    assert not counters.counts


@pytest.mark.parametrize("text, quota", [
    ("10/hour", Quota(10, HOUR)), ("1000/minute", Quota(1000, MINUTE)),
    ("5/30", Quota(5, 30)), (" 2 / day ", Quota(2, 86400)), ("OFF", None),
])
def test_quotas_are_written_as_requests_per_window(text, quota):
    assert parse_quota(text) == quota


@pytest.mark.parametrize("text", ["10", "ten/hour", "0/hour", "10/0", "10/fortnight", ""])
def test_a_mistyped_limit_stops_the_gateway_naming_its_variable(monkeypatch, text):
    monkeypatch.setenv("RATE_LIMIT_APPLICATIONS", text or " ")
    with pytest.raises(ValueError, match="RATE_LIMIT_APPLICATIONS"):
        quotas_from(config.load())


def test_x_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy():
    assert client_address("203.0.113.7", "198.51.100.1") == "203.0.113.7"


@pytest.mark.parametrize("forwarded_for, client", [
    ("198.51.100.1", "198.51.100.1"),
    ("6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the left part is the client's own writing
    ("198.51.100.1, 10.1.2.3", "198.51.100.1"),  # a second proxy of ours in front
    ("10.1.2.3, 10.0.0.9", "10.1.2.3"),  # only our proxies: the farthest one
    ("not-an-address", "10.0.0.2"),
    (None, "10.0.0.2"),
])
def test_behind_trusted_proxies_the_client_is_the_first_address_that_is_not_ours(
        forwarded_for, client):
    trusted = trusted_networks(["10.0.0.0/8"])
    assert client_address("10.0.0.2", forwarded_for, trusted) == client


def test_an_ipv6_client_is_counted_per_64_and_a_mapped_ipv4_as_ipv4():
    assert (client_address("2001:db8:1:2:aaaa::1", None)
            == client_address("2001:db8:1:2:bbbb::9", None) == "2001:db8:1:2::/64")
    assert client_address("::ffff:203.0.113.7", None) == "203.0.113.7"


def test_a_bad_trusted_proxy_entry_is_refused_by_name():
    with pytest.raises(ValueError, match="TRUSTED_PROXIES: 'ten.0.0.0/8'"):
        trusted_networks(["10.0.0.0/8", "ten.0.0.0/8"])
