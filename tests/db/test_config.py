"""Settings -> database configs: plain URLs get Trestle's drivers; bad settings are refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from trestle.conf import Settings
from trestle.conf.settings import SettingsError
from trestle.db import Database
from trestle.db.config import read_databases


def configs(**values: object) -> dict[str, object]:
    return dict(read_databases(Settings(values, environ={})))


@pytest.mark.parametrize(
    ("url", "sync", "asynchronous"),
    [
        (
            "postgresql://app:pw@db/app",
            "postgresql+psycopg://app:***@db/app",
            "postgresql+asyncpg://app:***@db/app",
        ),
        (
            "postgres://app@db/app",
            "postgresql+psycopg://app@db/app",
            "postgresql+asyncpg://app@db/app",
        ),
        ("mysql://root@db/app", "mysql+pymysql://root@db/app", "mysql+aiomysql://root@db/app"),
        (
            "mariadb://root@db/app",
            "mariadb+pymysql://root@db/app",
            "mariadb+aiomysql://root@db/app",
        ),
        (
            "postgresql+psycopg2://app@db/app",
            "postgresql+psycopg2://app@db/app",
            "postgresql+asyncpg://app@db/app",
        ),
    ],
)
def test_plain_urls_get_trestles_drivers(url: str, sync: str, asynchronous: str) -> None:
    config = read_databases(Settings({"DATABASE_URL": url}, environ={}))["default"]
    assert config.url.render_as_string(hide_password=True) == sync
    assert config.async_url.render_as_string(hide_password=True) == asynchronous


def test_memory_sqlite_is_one_database_for_sync_and_async(make_db: Callable[..., Database]) -> None:
    config = read_databases(Settings({"DATABASE_URL": "sqlite://"}, environ={}))["default"]
    assert config.url.database == config.async_url.database
    assert str(config.url.database).startswith("file:trestle-")
    assert dict(config.url.query) == {"mode": "memory", "cache": "shared", "uri": "true"}
    other = read_databases(Settings({"DATABASE_URL": "sqlite://"}, environ={}))["default"]
    assert other.url.database != config.url.database  # each app its own
    db = make_db("sqlite:///:memory:")
    with db.engine().begin() as connection:
        connection.exec_driver_sql("CREATE TABLE kept (x INTEGER)")
    with db.engine().connect() as connection:  # the same database on the next checkout
        assert connection.exec_driver_sql("SELECT count(*) FROM kept").scalar() == 0


def test_the_default_is_sqlite_in_base_dir(tmp_path: Path) -> None:
    config = read_databases(Settings({"BASE_DIR": str(tmp_path)}, environ={}))["default"]
    assert config.url.database == str(tmp_path / "db.sqlite3")
    assert config.backend == "sqlite"


def test_relative_sqlite_paths_are_taken_from_base_dir(tmp_path: Path) -> None:
    settings = Settings(
        {"BASE_DIR": str(tmp_path), "DATABASE_URL": "sqlite:///data/site.db"}, environ={}
    )
    assert read_databases(settings)["default"].url.database == str(tmp_path / "data/site.db")


def test_database_url_wins_over_databases_default() -> None:
    settings = Settings(
        {
            "DATABASES": {
                "default": {"URL": "sqlite:///a.db"},
                "other": {"URL": "mysql://root@h/x", "TIMEOUT": 2},
            },
            "DATABASE_URL": "postgresql://app@db/app",
        },
        environ={},
    )
    found = read_databases(settings)
    assert found["default"].backend == "postgresql"
    assert found["other"].backend == "mysql"
    assert found["other"].timeout == 2


def test_database_url_from_the_environment() -> None:
    settings = Settings(environ={"TRESTLE_DATABASE_URL": "postgresql://env@db/app"})
    assert read_databases(settings)["default"].url.username == "env"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"DATABASE_URL": "not a url"}, r"DATABASE_URL: 'not a url' is not a database URL"),
        ({"DATABASE_URL": "oracle://x@y/z"}, "unsupported database 'oracle'"),
        (
            {"DATABASE_URL": "postgresql://u:secret@h/db/extra?x"},
            None,
        ),
        ({"DATABASES": ["sqlite://"]}, "DATABASES must be a dict"),
        ({"DATABASES": {"default": "sqlite://"}}, r"DATABASES\['default'\] must be a dict"),
        ({"DATABASES": {"default": {}}}, r"DATABASES\['default'\] needs a URL"),
        ({"DATABASES": {"default": {"URL": "sqlite://", "TIMEOUTS": 3}}}, "did you mean TIMEOUT"),
        ({"DATABASES": {"default": {"URL": "sqlite://", "TIMEOUT": -1}}}, "seconds > 0"),
        ({"DATABASES": {"default": {"URL": "sqlite://", "OPTIONS": 3}}}, "create_engine"),
        ({"DATABASES": {"": {"URL": "sqlite://"}}}, "non-empty string"),
        ({"DATABASES": {"default": {"URL": ""}}}, "non-empty string"),
    ],
)
def test_bad_settings_are_clear_errors(values: dict[str, object], message: str | None) -> None:
    if message is None:  # parses: SQLAlchemy takes it; the password never shows anyway
        read_databases(Settings(values, environ={}))
        return
    with pytest.raises(SettingsError, match=message):
        read_databases(Settings(values, environ={}))


def test_a_password_never_shows_in_errors() -> None:
    with pytest.raises(SettingsError) as caught:
        read_databases(Settings({"DATABASE_URL": "oracle://app:hunter2@db/x"}, environ={}))
    assert "hunter2" not in str(caught.value)
    assert "app:***@db" in str(caught.value)
