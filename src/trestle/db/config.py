"""The database settings, read and checked once: ``DATABASES`` and ``DATABASE_URL``.

::

    DATABASES = {
        "default": {"URL": "postgresql://app@db/app"},
        "analytics": {"URL": "sqlite:///analytics.sqlite3", "TIMEOUT": 10},
    }

``DATABASE_URL`` (also read from the environment) sets the default database's URL and wins
over ``DATABASES["default"]["URL"]``, so a deployment can point a project elsewhere without
editing it. With neither, the default database is SQLite in ``BASE_DIR/db.sqlite3``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from trestle.conf.settings import Settings, SettingsError
from trestle.db.urls import async_url, parse_url, shared_memory, sync_url

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

DEFAULT = "default"
DEFAULT_SQLITE = "sqlite:///db.sqlite3"

_KEYS = {
    "URL": "the database URL (postgresql://, mysql://, mariadb://, sqlite://)",
    "ASYNC_URL": "the URL async sessions use (default: the URL with the async driver)",
    "TIMEOUT": "seconds: connect timeout for a server, busy timeout for SQLite (default 5)",
    "OPTIONS": "keyword arguments for sqlalchemy.create_engine (pool_size, echo...)",
}


class DatabaseConfig:
    """One named database: its URLs (with drivers), timeout and engine options."""

    __slots__ = ("async_url", "name", "options", "timeout", "url")

    def __init__(
        self,
        name: str,
        url: URL,
        async_url: URL,
        timeout: float = 5.0,
        options: Mapping[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.url = url
        self.async_url = async_url
        self.timeout = timeout
        self.options: dict[str, Any] = dict(options or {})

    @property
    def backend(self) -> str:
        """``postgresql``, ``mysql``, ``mariadb`` or ``sqlite``."""
        return str(self.url.get_backend_name())

    def __repr__(self) -> str:
        return f"<DatabaseConfig {self.name!r} {self.url.render_as_string(hide_password=True)}>"


def read_databases(settings: Settings) -> dict[str, DatabaseConfig]:
    """Every configured database by name; the default one is always there."""
    base_dir = str(settings.get("BASE_DIR", "") or "")
    raw = settings.get("DATABASES") or {}
    if not isinstance(raw, Mapping):
        raise SettingsError(f"DATABASES must be a dict of name -> options, got {raw!r}")
    entries: dict[str, dict[str, Any]] = {}
    for name, entry in raw.items():
        if not isinstance(name, str) or not name:
            raise SettingsError(f"DATABASES: a database name is a non-empty string, not {name!r}")
        if not isinstance(entry, Mapping):
            raise SettingsError(
                f"DATABASES[{name!r}] must be a dict like {{'URL': 'postgresql://...'}}, "
                f"got {entry!r}"
            )
        _check_keys(name, entry)
        entries[name] = dict(entry)
    env_url = settings.get("DATABASE_URL") or ""
    if not isinstance(env_url, str):
        raise SettingsError(f"DATABASE_URL must be a string, got {env_url!r}")
    sources = {name: f"DATABASES[{name!r}]['URL']" for name in entries}
    if env_url.strip():
        entries.setdefault(DEFAULT, {})["URL"] = env_url
        sources[DEFAULT] = "DATABASE_URL"
    entries.setdefault(DEFAULT, {}).setdefault("URL", DEFAULT_SQLITE)
    return {
        name: _config(name, entry, base_dir, sources.get(name, "DATABASE_URL"))
        for name, entry in entries.items()
    }


def _check_keys(name: str, entry: Mapping[str, Any]) -> None:
    for key in entry:
        if key not in _KEYS:
            import difflib

            close = difflib.get_close_matches(str(key), list(_KEYS), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]}?" if close else f"; known: {', '.join(_KEYS)}"
            raise SettingsError(f"DATABASES[{name!r}]: unknown option {key!r}{hint}")
    if "URL" not in entry:
        raise SettingsError(f"DATABASES[{name!r}] needs a URL ({_KEYS['URL']})")


def _config(name: str, entry: Mapping[str, Any], base_dir: str, setting: str) -> DatabaseConfig:
    url = parse_url(entry["URL"], setting=setting)
    raw_async = entry.get("ASYNC_URL")
    asynchronous = (
        parse_url(raw_async, setting=f"DATABASES[{name!r}]['ASYNC_URL']")
        if raw_async is not None
        else url
    )
    timeout = entry.get("TIMEOUT", 5.0)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise SettingsError(f"DATABASES[{name!r}]['TIMEOUT'] must be seconds > 0, not {timeout!r}")
    options = entry.get("OPTIONS", {})
    if not isinstance(options, Mapping):
        raise SettingsError(
            f"DATABASES[{name!r}]['OPTIONS'] must be a dict of create_engine arguments"
        )
    sync, asynchronous = sync_url(url, base_dir), async_url(asynchronous, base_dir)
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        shared = shared_memory(url)
        sync = sync.set(database=shared.database, query=shared.query)
        if raw_async is None:
            asynchronous = asynchronous.set(database=shared.database, query=shared.query)
    return DatabaseConfig(name, sync, asynchronous, float(timeout), options)
