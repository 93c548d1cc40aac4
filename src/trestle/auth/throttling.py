"""Login throttling: after too many failed logins, an account (or an address) must wait.

Two counters see every failed login: one for the username tried (known or not, so the
answer never tells whether an account exists) and one for the client's address (an IPv6
client counts for its whole /64, since it usually holds all of it). A counter allows
``limit`` failures; each failure past that locks it for ``lockout`` seconds, doubling with
every further failure up to ``max_lockout`` (exponential backoff: slow for an attacker,
short for a user who mistyped). Failures are forgotten ``window`` seconds after the last
one; a successful login clears the account's counter.

Counters live in a :class:`ThrottleStore` shared by every worker: Redis
(:class:`RedisThrottleStore`) or the database (``trestle.auth.throttle_db``). The in-memory
store is for tests and single-process development only.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

__all__ = [
    "LoginThrottle",
    "MemoryThrottleStore",
    "RedisThrottleStore",
    "ThrottlePolicy",
    "ThrottleStore",
    "describe_wait",
]


class ThrottlePolicy:
    """How many failures a counter allows, and how long it locks after that."""

    __slots__ = ("limit", "lockout", "max_lockout", "window")

    def __init__(self, *, limit: int, lockout: float, max_lockout: float, window: float) -> None:
        if limit < 1 or lockout <= 0 or max_lockout < lockout or window <= 0:
            raise ValueError(
                "a throttle needs limit >= 1, lockout > 0, max_lockout >= lockout and "
                f"window > 0; got limit={limit}, lockout={lockout}, max_lockout={max_lockout}, "
                f"window={window}"
            )
        self.limit = limit
        self.lockout = lockout
        self.max_lockout = max_lockout
        self.window = window

    def lock_seconds(self, failures: int) -> float:
        """How long a counter with ``failures`` failures is locked (0: not locked)."""
        if failures < self.limit:
            return 0.0
        # Cap the exponent: 2**64 seconds is already far past any max_lockout.
        return min(self.lockout * 2.0 ** min(failures - self.limit, 64), self.max_lockout)

    def expiry_seconds(self, failures: int) -> float:
        """How long to keep a counter after its last failure."""
        return max(self.window, self.lock_seconds(failures))


class ThrottleStore(Protocol):
    """Where failure counters live: shared by every worker of a site."""

    def locked_until(self, keys: Sequence[str], now: float) -> float:
        """The latest time (epoch seconds) any of ``keys`` stays locked; 0 when none is."""

    def add_failure(self, key: str, policy: ThrottlePolicy, now: float) -> float:
        """Count one failure for ``key`` (atomically); return until when it is locked."""

    def clear(self, key: str) -> None:
        """Forget ``key``'s failures."""


class MemoryThrottleStore:
    """Counters in this process's memory: for tests and single-process development."""

    def __init__(self) -> None:
        # key -> (failures, locked_until, expires_at)
        self._counters: dict[str, tuple[int, float, float]] = {}
        self._lock = threading.Lock()

    def locked_until(self, keys: Sequence[str], now: float) -> float:
        """See :class:`ThrottleStore`."""
        latest = 0.0
        with self._lock:
            for key in keys:
                counter = self._counters.get(key)
                if counter is not None and counter[2] > now:
                    latest = max(latest, counter[1])
        return latest

    def add_failure(self, key: str, policy: ThrottlePolicy, now: float) -> float:
        """See :class:`ThrottleStore`."""
        with self._lock:
            counter = self._counters.get(key)
            failures = counter[0] + 1 if counter is not None and counter[2] > now else 1
            locked_until = now + policy.lock_seconds(failures)
            self._counters[key] = (failures, locked_until, now + policy.expiry_seconds(failures))
            if len(self._counters) > 100_000:
                self._prune(now)
        return locked_until

    def _prune(self, now: float) -> None:
        for key in [key for key, counter in self._counters.items() if counter[2] <= now]:
            del self._counters[key]

    def clear(self, key: str) -> None:
        """See :class:`ThrottleStore`."""
        with self._lock:
            self._counters.pop(key, None)


# One round trip, atomic: count the failure, work out the lock, keep the counter alive.
# ARGV: now, limit, lockout, max_lockout, window.
_ADD_FAILURE = """
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local lock = 0
if failures >= limit then
  lock = math.min(tonumber(ARGV[3]) * 2 ^ math.min(failures - limit, 64), tonumber(ARGV[4]))
end
local locked_until = now + lock
redis.call('HSET', KEYS[1], 'locked_until', string.format('%.6f', locked_until))
redis.call('PEXPIRE', KEYS[1], math.ceil(math.max(tonumber(ARGV[5]), lock) * 1000))
return string.format('%.6f', lock)
"""


class RedisThrottleStore:
    """Counters in Redis (one hash per key, expiring by itself): shared by every worker."""

    def __init__(self, client: Any, *, prefix: str = "trestle:auth:throttle:") -> None:
        self.client = client
        self.prefix = prefix
        self._add_failure = client.register_script(_ADD_FAILURE)

    @classmethod
    def from_url(cls, url: str, *, prefix: str = "trestle:auth:throttle:") -> RedisThrottleStore:
        """A store on the Redis server at ``url`` (``redis://host:6379/0``)."""
        import redis

        return cls(redis.Redis.from_url(url), prefix=prefix)

    def locked_until(self, keys: Sequence[str], now: float) -> float:
        """See :class:`ThrottleStore`."""
        pipe = self.client.pipeline(transaction=False)
        for key in keys:
            pipe.hget(self.prefix + key, "locked_until")
        latest = 0.0
        for value in pipe.execute():
            if value is not None:
                latest = max(latest, float(value))
        return latest

    def add_failure(self, key: str, policy: ThrottlePolicy, now: float) -> float:
        """See :class:`ThrottleStore`."""
        result = self._add_failure(
            keys=[self.prefix + key],
            args=[repr(now), policy.limit, policy.lockout, policy.max_lockout, policy.window],
        )
        return now + float(result)

    def clear(self, key: str) -> None:
        """See :class:`ThrottleStore`."""
        self.client.delete(self.prefix + key)


def _digest(kind: str, value: str) -> str:
    # Keys of a fixed, short length whatever the client typed; no raw usernames stored.
    return kind + ":" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def address_key(address: str | None) -> str | None:
    """The counter key for a client address (an IPv6 address counts for its /64)."""
    if not address:
        return None
    import ipaddress

    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return _digest("ip", address)
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return _digest("ip", str(ip.ipv4_mapped))
        return _digest("ip", str(ipaddress.IPv6Network((int(ip) >> 64 << 64, 64))))
    return _digest("ip", str(ip))


def account_key(username: str) -> str:
    """The counter key for a username, compared without case."""
    return _digest("account", username.strip().casefold())


class LoginThrottle:
    """Decides whether a login may be tried now, and records the outcome."""

    __slots__ = ("account_policy", "address_policy", "clock", "store")

    def __init__(
        self,
        store: ThrottleStore,
        *,
        account_policy: ThrottlePolicy,
        address_policy: ThrottlePolicy,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.account_policy = account_policy
        self.address_policy = address_policy
        self.clock = clock

    def _keys(self, username: str, address: str | None) -> list[str]:
        keys = [account_key(username)]
        address_counter = address_key(address)
        if address_counter is not None:
            keys.append(address_counter)
        return keys

    def wait_seconds(self, username: str, address: str | None) -> float:
        """How long this username or address must wait before trying again (0: go ahead)."""
        now = self.clock()
        return max(0.0, self.store.locked_until(self._keys(username, address), now) - now)

    def failed(self, username: str, address: str | None) -> float:
        """Record a failed login; return how long the next try must wait."""
        now = self.clock()
        until = self.store.add_failure(account_key(username), self.account_policy, now)
        address_counter = address_key(address)
        if address_counter is not None:
            until = max(until, self.store.add_failure(address_counter, self.address_policy, now))
        return max(0.0, until - now)

    def succeeded(self, username: str) -> None:
        """A successful login: the account's failures are forgotten (the address's are not)."""
        self.store.clear(account_key(username))


def describe_wait(seconds: float) -> str:
    """``"1 minute"``, ``"40 seconds"``: a wait time people read at a glance."""
    seconds = max(1, math.ceil(seconds))
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = math.ceil(minutes / 60)
    return f"{hours} hour{'s' if hours != 1 else ''}"
