"""The database throttle store on SQLite, PostgreSQL and MariaDB: counts shared by workers."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from trestle import App
from trestle.auth.models import LoginAttempt
from trestle.auth.throttle_db import DatabaseThrottleStore
from trestle.auth.throttling import LoginThrottle, ThrottlePolicy, account_key
from trestle.db import Database

POLICY = ThrottlePolicy(limit=3, lockout=60, max_lockout=240, window=600)


def _app(url: str) -> App:
    app = App({"DATABASE_URL": url})
    Database.install(app)
    return app


@pytest.fixture(params=["sqlite", "postgresql", "mysql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of this test's own (a schema on PostgreSQL, a database on MariaDB)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'throttle.sqlite3'}"
        return
    name = f"trestle_auth_{uuid.uuid4().hex[:10]}"
    if request.param == "postgresql":
        server = request.getfixturevalue("postgres_url")
        admin = sa.create_engine(server.replace("postgresql://", "postgresql+psycopg://", 1))
        create, drop = f"CREATE SCHEMA {name}", f"DROP SCHEMA {name} CASCADE"
        url = f"{server}?options=-csearch_path%3D{name}"
    else:
        server = request.getfixturevalue("mysql_url")
        admin = sa.create_engine(server.replace("mysql://", "mysql+pymysql://", 1))
        create, drop = f"CREATE DATABASE {name}", f"DROP DATABASE {name}"
        url = server.rsplit("/", 1)[0] + f"/{name}"
    with admin.begin() as connection:
        connection.execute(sa.text(create))
    try:
        yield url
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(drop))
        admin.dispose()


@pytest.fixture
def apps(database_url: str) -> Iterator[tuple[App, App]]:
    """Two apps (two workers) on the same database, with the throttle's table made."""
    first, second = _app(database_url), _app(database_url)
    LoginAttempt.__table__.create(first.extensions["db"].engine())
    yield first, second
    for app in (first, second):
        app.extensions["db"].dispose()


class Clock:
    def __init__(self) -> None:
        self.now = 1_900_000_000.0

    def __call__(self) -> float:
        return self.now


def throttle(app: App, clock: Clock) -> LoginThrottle:
    return LoginThrottle(
        DatabaseThrottleStore(app),
        account_policy=POLICY,
        address_policy=ThrottlePolicy(limit=10, lockout=30, max_lockout=30, window=600),
        clock=clock,
    )


def test_lockout_across_workers(apps: tuple[App, App]) -> None:
    first, second = apps
    clock = Clock()
    assert throttle(first, clock).failed("ada", "192.0.2.1") == 0
    assert throttle(second, clock).failed("ada", "192.0.2.2") == 0
    assert throttle(first, clock).failed("ada", "192.0.2.3") == 60
    assert throttle(second, clock).wait_seconds("ada", None) == 60
    clock.now += 60
    assert throttle(second, clock).wait_seconds("ada", None) == 0  # unlocked after the lock
    assert throttle(first, clock).failed("ada", None) == 120  # backoff
    throttle(second, clock).succeeded("ada")
    assert throttle(first, clock).wait_seconds("ada", None) == 0
    assert throttle(first, clock).failed("ada", None) == 0  # counting starts again


def test_failures_are_forgotten_after_the_window(apps: tuple[App, App]) -> None:
    first, _ = apps
    clock = Clock()
    throttle(first, clock).failed("ada", None)
    throttle(first, clock).failed("ada", None)
    clock.now += 601
    assert throttle(first, clock).failed("ada", None) == 0
    engine = first.extensions["db"].engine()
    with engine.connect() as connection:
        rows = connection.execute(sa.select(LoginAttempt.failures)).scalars().all()
    assert rows == [1]  # the expired row was replaced


def test_concurrent_failures_are_all_counted(apps: tuple[App, App]) -> None:
    first, second = apps
    clock = Clock()
    store_a, store_b = DatabaseThrottleStore(first), DatabaseThrottleStore(second)
    policy = ThrottlePolicy(limit=100, lockout=1, max_lockout=1, window=600)
    errors: list[BaseException] = []

    def hammer(store: Any) -> None:
        try:
            for _ in range(10):
                store.add_failure(account_key("ada"), policy, clock.now)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=hammer, args=(s,)) for s in (store_a, store_b) * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    engine = first.extensions["db"].engine()
    with engine.connect() as connection:
        failures = connection.execute(sa.select(LoginAttempt.failures)).scalar_one()
    assert failures == 40
