"""The signed-cookie store (the default): the whole session travels in the cookie.

The record is JSON, signed with ``SECRET_KEY`` (trestle.signing, salt
``trestle.sessions``): the client can read it but not change it. Nothing is kept on the
server, so any worker that shares the key reads any session, and there is nothing to clean
up. The price: a session must fit in a cookie (about 4 KB), and a copy of the cookie stays
valid until it expires even after logout, because there is no server-side record to delete.
"""

from __future__ import annotations

from collections.abc import Iterable

from trestle import signing
from trestle.sessions.store import SessionRecord, SessionStore, SessionTooLarge

SALT = "trestle.sessions"
#: Browsers keep cookies of up to 4096 bytes, counting the name, the value and attributes.
COOKIE_LIMIT = 4096


class CookieStore(SessionStore):
    """Sessions kept in a signed cookie; see the module docstring."""

    does_io = False

    def __init__(
        self,
        secret_key: str,
        fallback_keys: Iterable[str] = (),
        *,
        cookie_name: str = "session",
        attributes_size: int = 100,
    ) -> None:
        # Fails at start-up, naming SECRET_KEY, when there is no key.
        self._serializer = signing.Serializer(secret_key, salt=SALT, fallback_keys=fallback_keys)
        # What is left of the 4096 bytes once the name and the attributes are counted.
        self._room = COOKIE_LIMIT - len(cookie_name) - 1 - attributes_size

    def load(self, cookie_value: str) -> SessionRecord | None:
        if len(cookie_value) > COOKIE_LIMIT:
            return None  # never one of ours: do not spend a signature check on it
        try:
            value = self._serializer.loads(cookie_value)
        except signing.BadSignature:
            return None
        return SessionRecord.from_json(value)

    def save(self, record: SessionRecord, cookie_value: str | None, lifetime: int) -> str:
        token = self._serializer.dumps(record.to_json())
        if len(token) > self._room:
            raise SessionTooLarge(
                f"the session is {len(token)} bytes as a signed cookie, more than the "
                f"{self._room} bytes left of the {COOKIE_LIMIT}-byte cookie limit: keep ids "
                "in the session rather than whole objects, or set SESSION_ENGINE to "
                "'database' or 'redis'"
            )
        return token

    def delete(self, cookie_value: str) -> None:
        """Nothing to delete: the session lives only in the client's cookie."""
