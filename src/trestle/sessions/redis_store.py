"""The Redis store: the cookie holds a random key; Redis holds the record, expiring on its own.

Keys are ``SESSION_REDIS_PREFIX`` + the SHA-256 of the session key, so whoever reads the
Redis data (a backup, a shared instance) cannot use it to take over a session. Redis drops
each record when its idle or absolute timeout passes (``SET ... EX``), so there is nothing
to clean up. A Redis that does not answer is a 503, never a silently empty session.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from typing import TYPE_CHECKING, Any

from trestle.sessions.store import SessionRecord, SessionStore, SessionStoreUnavailable

if TYPE_CHECKING:
    from trestle.conf.settings import Settings

logger = logging.getLogger("trestle.sessions")
#: A session key as handed out: 32 random bytes, base64url (43 characters).
_KEY = re.compile(r"[A-Za-z0-9_\-]{43}")


def new_key() -> str:
    """A new session key (256 random bits)."""
    return secrets.token_urlsafe(32)


def is_key(value: str) -> bool:
    """True for text shaped like a key we hand out (anything else is never looked up)."""
    return _KEY.fullmatch(value) is not None


def hashed(key: str) -> str:
    """What the store keeps instead of the key itself."""
    return hashlib.sha256(key.encode("ascii")).hexdigest()


class RedisStore(SessionStore):
    """Sessions in Redis (redis-py, one connection pool per store)."""

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "trestle:session:",
        connect_timeout: float = 2.0,
        timeout: float = 2.0,
    ) -> None:
        import redis

        self.prefix = prefix
        try:
            self._client: Any = redis.Redis.from_url(
                url, socket_connect_timeout=connect_timeout, socket_timeout=timeout
            )
        except ValueError as error:
            from trestle.conf.settings import SettingsError

            raise SettingsError(f"SESSION_REDIS_URL: {error}") from None
        pool_kwargs = self._client.connection_pool.connection_kwargs
        #: Where the server is, for messages (never the password).
        self.location = f"{pool_kwargs.get('host', '?')}:{pool_kwargs.get('port', '?')}"

    @classmethod
    def from_settings(cls, settings: Settings) -> RedisStore:
        """The store SESSION_REDIS_URL and SESSION_REDIS_PREFIX describe."""
        from trestle.conf.settings import SettingsError

        url: str = settings.SESSION_REDIS_URL
        if not url:
            raise SettingsError(
                "SESSION_ENGINE is 'redis' but SESSION_REDIS_URL is empty: set it to the "
                "server's URL, e.g. redis://localhost:6379/0"
            )
        return cls(url, prefix=settings.SESSION_REDIS_PREFIX)

    def _unavailable(self, error: Exception) -> SessionStoreUnavailable:
        logger.error("The session store (Redis at %s) failed: %s", self.location, error)
        return SessionStoreUnavailable()

    def load(self, cookie_value: str) -> SessionRecord | None:
        if not is_key(cookie_value):
            return None
        import orjson
        import redis

        try:
            raw = self._client.get(self.prefix + hashed(cookie_value))
        except redis.RedisError as error:
            raise self._unavailable(error) from error
        if raw is None:
            return None
        try:
            return SessionRecord.from_json(orjson.loads(raw))
        except orjson.JSONDecodeError:
            return None

    def save(self, record: SessionRecord, cookie_value: str | None, lifetime: int) -> str:
        import orjson
        import redis

        key = cookie_value if cookie_value is not None and is_key(cookie_value) else new_key()
        try:
            self._client.set(self.prefix + hashed(key), orjson.dumps(record.to_json()), ex=lifetime)
        except redis.RedisError as error:
            raise self._unavailable(error) from error
        return key

    def delete(self, cookie_value: str) -> None:
        if not is_key(cookie_value):
            return
        import redis

        try:
            self._client.delete(self.prefix + hashed(cookie_value))
        except redis.RedisError as error:
            raise self._unavailable(error) from error

    def close(self) -> None:
        self._client.close()
