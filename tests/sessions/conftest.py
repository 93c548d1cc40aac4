"""Databases for the database store's tests: SQLite, PostgreSQL and MariaDB, each isolated.

PostgreSQL and MariaDB get a database of this suite's own (``trestle_sessions_<random>``),
emptied after each test and dropped at the end, so other suites' tables are never touched.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.databases import empty_database, scratch_database


@pytest.fixture(scope="session")
def sessions_pg(postgres_url: str) -> Iterator[str]:
    with scratch_database(postgres_url, "trestle_sessions") as url:
        yield url


@pytest.fixture(scope="session")
def sessions_mysql(mysql_url: str) -> Iterator[str]:
    with scratch_database(mysql_url, "trestle_sessions") as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql", "mysql"])
def session_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on each backend in turn."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'sessions.sqlite3'}"
        return
    fixture = "sessions_pg" if request.param == "postgresql" else "sessions_mysql"
    url = request.getfixturevalue(fixture)
    try:
        yield url
    finally:
        empty_database(url)
