"""The batteries' own migrations (sessions, auth, admin) apply on every backend, and the
server defaults they write are the models': a row inserted without the flags gets them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text
from tests.databases import scratch_database

from trestle.apps.registry import Apps
from trestle.auth.models import User
from trestle.conf.settings import Settings
from trestle.db import Database
from trestle.db.migrations import current_heads, migrate


@pytest.fixture(params=["sqlite", "postgresql", "mysql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty database on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'db.sqlite3'}"
        return
    server = request.getfixturevalue(
        "postgres_url" if request.param == "postgresql" else "mysql_url"
    )
    with scratch_database(server, "trestle_auth_migrations") as url:
        yield url


def test_the_batteries_migrate_and_their_defaults_hold(empty_url: str) -> None:
    settings = Settings(
        {
            "INSTALLED_APPS": ["trestle.sessions", "trestle.auth", "trestle.admin"],
            "DATABASE_URL": empty_url,
        }
    )
    apps = Apps(settings.INSTALLED_APPS).populate()
    database = Database(settings=settings)
    try:
        migrate(database, apps)
        assert {"auth_0001", "sessions_0001", "admin_0001"} <= set(current_heads(database))
        with database.engine().begin() as connection:
            # Plain SQL without is_staff, is_superuser or is_active (the model's Python
            # defaults would fill them in): the database's own defaults must.
            connection.execute(
                text(
                    "INSERT INTO auth_user (username, email, password, recovery_codes, "
                    "date_joined) VALUES ('ada', '', '', '', :joined)"
                ),
                {"joined": datetime.now(UTC)},
            )
            row = connection.execute(select(User.is_staff, User.is_superuser, User.is_active)).one()
        assert tuple(row) == (False, False, True)
    finally:
        database.dispose()
