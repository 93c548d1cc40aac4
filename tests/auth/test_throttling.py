"""Login throttling: policies, the in-memory and Redis stores, the throttle itself."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest

from trestle.auth.throttling import (
    LoginThrottle,
    MemoryThrottleStore,
    RedisThrottleStore,
    ThrottlePolicy,
    ThrottleStore,
    account_key,
    address_key,
    describe_wait,
)

POLICY = ThrottlePolicy(limit=3, lockout=60, max_lockout=240, window=600)


def test_policy_backoff() -> None:
    assert [POLICY.lock_seconds(n) for n in range(1, 8)] == [0, 0, 60, 120, 240, 240, 240]
    assert POLICY.expiry_seconds(1) == 600
    assert ThrottlePolicy(limit=1, lockout=1, max_lockout=10_000, window=5).expiry_seconds(9) == 256
    assert POLICY.lock_seconds(10**6) == 240  # no overflow


@pytest.mark.parametrize(
    "options",
    [
        {"limit": 0, "lockout": 1, "max_lockout": 1, "window": 1},
        {"limit": 1, "lockout": 0, "max_lockout": 1, "window": 1},
        {"limit": 1, "lockout": 2, "max_lockout": 1, "window": 1},
        {"limit": 1, "lockout": 1, "max_lockout": 1, "window": 0},
    ],
)
def test_bad_policies(options: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="a throttle needs"):
        ThrottlePolicy(**options)  # type: ignore[arg-type]


def test_keys() -> None:
    assert account_key("Ada ") == account_key("ada")
    assert account_key("ada") != account_key("bob")
    assert address_key(None) is None
    assert address_key("2001:db8::1") == address_key("2001:db8::ffff:1")  # same /64
    assert address_key("2001:db8::1") != address_key("2001:db8:0:1::1")
    assert address_key("::ffff:192.0.2.1") == address_key("192.0.2.1")
    assert address_key("not-an-ip") == address_key("not-an-ip")
    assert len(account_key("x" * 10_000)) < 60


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.2, "1 second"), (40, "40 seconds"), (60, "1 minute"), (61, "2 minutes"), (7200, "2 hours")],
)
def test_describe_wait(seconds: float, text: str) -> None:
    assert describe_wait(seconds) == text


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["memory", "redis"])
def store(request: pytest.FixtureRequest) -> Iterator[ThrottleStore]:
    if request.param == "memory":
        yield MemoryThrottleStore()
        return
    url = request.getfixturevalue("redis_url")
    prefix = f"test:trestle-auth:{uuid.uuid4().hex}:"
    redis_store = RedisThrottleStore.from_url(url, prefix=prefix)
    yield redis_store
    keys = list(redis_store.client.scan_iter(prefix + "*"))
    if keys:
        redis_store.client.delete(*keys)
    redis_store.client.close()


def make_throttle(store: ThrottleStore, clock: Clock) -> LoginThrottle:
    return LoginThrottle(
        store,
        account_policy=POLICY,
        address_policy=ThrottlePolicy(limit=5, lockout=30, max_lockout=30, window=600),
        clock=clock,
    )


def test_account_lockout_backoff_and_unlock(store: ThrottleStore) -> None:
    clock = Clock()
    throttle = make_throttle(store, clock)
    assert throttle.wait_seconds("ada", "192.0.2.1") == 0
    assert throttle.failed("ada", "192.0.2.1") == 0
    assert throttle.failed("ada", "192.0.2.2") == 0
    assert throttle.failed("ada", "192.0.2.3") == 60  # third failure: locked
    assert throttle.wait_seconds("ADA", "198.51.100.7") == 60  # from any address
    clock.now += 30
    assert throttle.wait_seconds("ada", None) == 30
    clock.now += 30
    assert throttle.wait_seconds("ada", None) == 0  # unlocked after the lockout
    assert throttle.failed("ada", None) == 120  # and the next failure doubles it
    assert throttle.wait_seconds("bob", None) == 0  # other accounts are untouched


def test_address_lockout(store: ThrottleStore) -> None:
    clock = Clock()
    throttle = make_throttle(store, clock)
    for n in range(4):
        assert throttle.failed(f"user{n}", "203.0.113.9") == 0
    assert throttle.failed("user4", "203.0.113.9") == 30  # five accounts tried from one address
    assert throttle.wait_seconds("someone-else", "203.0.113.9") == 30
    assert throttle.wait_seconds("someone-else", "203.0.113.10") == 0


def test_success_clears_the_account(store: ThrottleStore) -> None:
    clock = Clock()
    throttle = make_throttle(store, clock)
    throttle.failed("ada", None)
    throttle.failed("ada", None)
    throttle.succeeded("ada")
    assert throttle.failed("ada", None) == 0  # counting starts again


def test_memory_store_forgets_after_the_window() -> None:
    clock = Clock()
    throttle = make_throttle(MemoryThrottleStore(), clock)
    throttle.failed("ada", None)
    throttle.failed("ada", None)
    clock.now += 601
    assert throttle.failed("ada", None) == 0  # the first two were forgotten


def test_redis_store_forgets_after_the_window(redis_url: str) -> None:
    prefix = f"test:trestle-auth:{uuid.uuid4().hex}:"
    store = RedisThrottleStore.from_url(redis_url, prefix=prefix)
    policy = ThrottlePolicy(limit=2, lockout=0.1, max_lockout=0.1, window=0.2)
    try:
        store.add_failure("k", policy, time.time())
        assert store.client.pttl(prefix + "k") > 0
        time.sleep(0.35)
        assert store.client.exists(prefix + "k") == 0
        now = time.time()
        assert store.add_failure("k", policy, now) == now  # first failure again: no lock
    finally:
        store.client.delete(prefix + "k")
        store.client.close()


def test_two_redis_stores_share_counters(redis_url: str) -> None:
    """Two workers with their own connections see the same counters."""
    prefix = f"test:trestle-auth:{uuid.uuid4().hex}:"
    first = RedisThrottleStore.from_url(redis_url, prefix=prefix)
    second = RedisThrottleStore.from_url(redis_url, prefix=prefix)
    clock = Clock()
    try:
        make_throttle(first, clock).failed("ada", None)
        make_throttle(second, clock).failed("ada", None)
        make_throttle(first, clock).failed("ada", None)
        assert make_throttle(second, clock).wait_seconds("ada", None) == 60
    finally:
        first.clear(account_key("ada"))
        first.client.close()
        second.client.close()


def test_memory_store_prunes_expired_counters() -> None:
    store = MemoryThrottleStore()
    policy = ThrottlePolicy(limit=5, lockout=1, max_lockout=1, window=1)
    for n in range(100_001):
        store.add_failure(str(n), policy, 0.0)
    store.add_failure("late", policy, 10.0)
    assert len(store._counters) == 1
