"""Database URLs: what users paste (``postgresql://...``) turned into a driver's URL.

Users write plain URLs; Trestle picks the drivers it ships with: psycopg 3 for PostgreSQL,
PyMySQL for MariaDB/MySQL, the standard library for SQLite, and for async sessions asyncpg
and aiosqlite (aiomysql for MySQL, when installed). A URL that names its driver
(``postgresql+psycopg2://``) is kept as written. A relative SQLite path is taken from
BASE_DIR, so the database does not move when the server starts in another folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from trestle.conf.settings import SettingsError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

#: Plain scheme -> (backend, sync driver, async driver).
_DRIVERS: dict[str, tuple[str, str, str]] = {
    "postgresql": ("postgresql", "psycopg", "asyncpg"),
    "postgres": ("postgresql", "psycopg", "asyncpg"),
    "mysql": ("mysql", "pymysql", "aiomysql"),
    "mariadb": ("mariadb", "pymysql", "aiomysql"),
    "sqlite": ("sqlite", "pysqlite", "aiosqlite"),
}

#: Sync drivers of a backend whose async twin we know, for URLs that name a driver.
_ASYNC_TWIN: dict[str, str] = {
    "postgresql": "asyncpg",
    "mysql": "aiomysql",
    "mariadb": "aiomysql",
    "sqlite": "aiosqlite",
}


def parse_url(raw: str, *, setting: str) -> URL:
    """Parse a URL from settings; a malformed one is a SettingsError that names the setting."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if not isinstance(raw, str) or not raw.strip():
        raise SettingsError(f"{setting}: a database URL is a non-empty string, got {raw!r}")
    try:
        url = make_url(raw.strip())
    except (ArgumentError, ValueError) as error:
        raise SettingsError(
            f"{setting}: {_masked(raw)!r} is not a database URL ({error}); "
            "expected e.g. postgresql://user:password@host/name or sqlite:///db.sqlite3"
        ) from None
    backend = url.get_backend_name()
    if backend not in _ASYNC_TWIN and backend != "postgres":
        raise SettingsError(
            f"{setting}: unsupported database {backend!r} in {_masked(raw)!r}; "
            "Trestle supports postgresql://, mysql://, mariadb:// and sqlite://"
        )
    return url


def sync_url(url: URL, base_dir: str) -> URL:
    """The URL with Trestle's sync driver when none is named, and SQLite paths made absolute."""
    url = _with_driver(url, async_=False)
    return _absolute_sqlite(url, base_dir)


def async_url(url: URL, base_dir: str) -> URL:
    """The URL with the async driver of its backend (asyncpg, aiosqlite, aiomysql)."""
    backend = url.get_backend_name()
    if "+" in url.drivername and url.get_driver_name() not in _ASYNC_TWIN.values():
        # A named sync driver: swap it for the backend's async one.
        url = url.set(drivername=f"{_canonical(backend)}+{_ASYNC_TWIN[_canonical(backend)]}")
    url = _with_driver(url, async_=True)
    return _absolute_sqlite(url, base_dir)


def is_memory_sqlite(url: URL) -> bool:
    """True for an in-memory SQLite database (``sqlite://``, ``:memory:``, ``mode=memory``)."""
    if url.get_backend_name() != "sqlite":
        return False
    return url.database in (None, "", ":memory:") or url.query.get("mode") == "memory"


def shared_memory(url: URL) -> URL:
    """``sqlite://`` as a named in-memory database that every connection of the process shares.

    Plain ``sqlite://`` gives each connection a database of its own; named and shared, the
    sync and the async sessions of one app see the same tables.
    """
    import secrets

    return url.set(
        database=f"file:trestle-{secrets.token_hex(6)}",
        query={"mode": "memory", "cache": "shared", "uri": "true"},
    )


def masked(url: URL) -> str:
    """The URL as text with its password hidden, for messages and logs."""
    return url.render_as_string(hide_password=True)


def _canonical(backend: str) -> str:
    return "postgresql" if backend == "postgres" else backend


def _with_driver(url: URL, *, async_: bool) -> URL:
    if "+" in url.drivername:
        return url
    backend, sync_driver, async_driver = _DRIVERS[url.drivername]
    return url.set(drivername=f"{backend}+{async_driver if async_ else sync_driver}")


def _absolute_sqlite(url: URL, base_dir: str) -> URL:
    if url.get_backend_name() != "sqlite" or is_memory_sqlite(url):
        return url
    database = url.database or ""
    if database.startswith("file:"):
        return url  # a URI filename (uri=true): the user spelled it out
    path = Path(database).expanduser()
    if not path.is_absolute():
        path = Path(base_dir or ".").resolve() / path
    return url.set(database=str(path))


def _masked(raw: str) -> str:
    """Hide a password in a URL that may not parse."""
    scheme, sep, rest = raw.partition("://")
    if not sep or "@" not in rest:
        return raw
    credentials, _, host = rest.rpartition("@")
    user, colon, _ = credentials.partition(":")
    return f"{scheme}://{user}{':***' if colon else ''}@{host}"
