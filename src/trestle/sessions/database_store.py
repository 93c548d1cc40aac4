"""The database store: the cookie holds a random key; a table row holds the record.

Rows are keyed by the SHA-256 of the session key (a leaked table gives nobody a session) and
carry ``expires_at``; an expired row is ignored when read and deleted by
``trestle clearsessions``. Each load or save is one short transaction of its own, apart from
the view's ``request.db`` work. A database that does not answer is a 503.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any, cast

from trestle.sessions.redis_store import hashed, is_key, new_key
from trestle.sessions.store import SessionRecord, SessionStore, SessionStoreUnavailable

if TYPE_CHECKING:
    from sqlalchemy import Table

    from trestle.app import App
    from trestle.conf.settings import Settings
    from trestle.db import Database

logger = logging.getLogger("trestle.sessions")


class DatabaseStore(SessionStore):
    """Sessions in the ``sessions_session`` table of the database ``name``."""

    def __init__(self, database: Database, name: str = "default", *, owned: bool = False) -> None:
        from trestle.sessions.models import SessionRow

        self.database = database
        self.name = name
        database.config(name)  # a clear error now for a name DATABASES does not have
        self._table = cast("Table", SessionRow.__table__)
        self._owned = owned

    @classmethod
    def from_settings(cls, settings: Settings, app: App | None = None) -> DatabaseStore:
        """The store on the app's database (``app.extensions["db"]``), or one of its own."""
        from trestle.conf.settings import SettingsError
        from trestle.db import Database

        database = app.extensions.get("db") if app is not None else None
        owned = database is None
        if database is None:
            database = Database(settings=settings)
        try:
            return cls(database, settings.SESSION_DATABASE, owned=owned)
        except KeyError as error:
            raise SettingsError(f"SESSION_DATABASE: {error.args[0]}") from None

    def _unavailable(self, error: Exception) -> SessionStoreUnavailable:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        logger.error("The session store (database %r) failed: %s", self.name, reason)
        return SessionStoreUnavailable()

    def load(self, cookie_value: str) -> SessionRecord | None:
        if not is_key(cookie_value):
            return None
        import orjson
        from sqlalchemy import select
        from sqlalchemy.exc import DBAPIError

        table = self._table
        query = select(table.c.data).where(
            table.c.key_hash == hashed(cookie_value), table.c.expires_at > int(time.time())
        )
        try:
            with self.database.engine(self.name).connect() as connection:
                raw = connection.execute(query).scalar()
        except DBAPIError as error:
            raise self._unavailable(error) from error
        if raw is None:
            return None
        try:
            return SessionRecord.from_json(orjson.loads(raw))
        except orjson.JSONDecodeError:
            return None

    def save(self, record: SessionRecord, cookie_value: str | None, lifetime: int) -> str:
        import orjson
        from sqlalchemy import insert, update
        from sqlalchemy.exc import DBAPIError

        table = self._table
        key = cookie_value if cookie_value is not None and is_key(cookie_value) else new_key()
        values: dict[str, Any] = {
            "data": orjson.dumps(record.to_json()).decode(),
            "expires_at": int(time.time()) + lifetime,
        }
        digest = hashed(key)
        try:
            with self.database.engine(self.name).begin() as connection:
                updated = connection.execute(
                    update(table).where(table.c.key_hash == digest).values(**values)
                )
                if not updated.rowcount:
                    connection.execute(insert(table).values(key_hash=digest, **values))
        except DBAPIError as error:
            raise self._unavailable(error) from error
        return key

    def delete(self, cookie_value: str) -> None:
        if not is_key(cookie_value):
            return
        from sqlalchemy import delete
        from sqlalchemy.exc import DBAPIError

        table = self._table
        try:
            with self.database.engine(self.name).begin() as connection:
                connection.execute(delete(table).where(table.c.key_hash == hashed(cookie_value)))
        except DBAPIError as error:
            raise self._unavailable(error) from error

    def clear_expired(self) -> int:
        from sqlalchemy import delete
        from sqlalchemy.exc import DBAPIError

        table = self._table
        try:
            with self.database.engine(self.name).begin() as connection:
                expired = delete(table).where(table.c.expires_at <= int(time.time()))
                result = connection.execute(expired)
        except DBAPIError as error:
            raise self._unavailable(error) from error
        return int(result.rowcount or 0)

    def close(self) -> None:
        if self._owned:
            self.database.dispose()
