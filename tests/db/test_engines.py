"""The check on checkout that finds pooled connections the server hung up on, without a
round trip, on the real drivers (the whole story, through HTTP, is in test_errors.py and
test_restart.py); transactions begun and ended on the driver's connection itself."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, bindparam, insert, select, text, update
from sqlalchemy.engine.default import DefaultDialect
from sqlalchemy.pool.base import _ConnectionFairy

from trestle import App, Request
from trestle.conf import Settings
from trestle.db import Database
from trestle.db.engines import _closed_by_server, _socket_finder
from trestle.testing import TestClient

MakeClient = Callable[..., TestClient]


# A Core table of its own, not a Model: a model here would add permissions to every app
# of the test process (the admin's tests count on their ids).
GAUGES = MetaData()
GAUGE = Table(
    "engines_gauge", GAUGES, Column("id", Integer, primary_key=True), Column("level", Integer)
)
LEVEL = select(GAUGE.c.level).where(GAUGE.c.id == bindparam("id"))
SET_LEVEL = update(GAUGE).where(GAUGE.c.id == bindparam("key")).values(level=bindparam("to"))


@pytest.fixture(params=["postgresql", "mysql"])
def server_db(request: pytest.FixtureRequest) -> Any:
    url = request.getfixturevalue(
        "pg_database" if request.param == "postgresql" else "mysql_database"
    )
    db = Database(settings=Settings({"DATABASE_URL": url}, environ={}))
    yield db
    db.dispose()


def test_a_live_connection_is_not_closed_and_a_closed_one_is(server_db: Database) -> None:
    engine = server_db.engine()
    finder = _socket_finder(engine.dialect.driver)
    assert finder is not None
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
        raw = connection.connection.dbapi_connection
        assert not _closed_by_server(finder, raw)  # idle, nothing to read
        connection.invalidate()  # closes the driver's connection
    assert _closed_by_server(finder, raw)


def test_async_drivers_too(server_db: Database) -> None:
    async def check() -> tuple[bool, bool]:
        engine = server_db.async_engine()
        finder = _socket_finder(engine.dialect.driver)
        assert finder is not None
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            raw = (await connection.get_raw_connection()).dbapi_connection
            live = _closed_by_server(finder, raw)
            await connection.invalidate()
        closed = _closed_by_server(finder, raw)
        await engine.dispose()
        return live, closed

    assert asyncio.run(check()) == (False, True)


def test_a_driver_that_hides_its_socket_is_left_to_the_ping() -> None:
    def hidden(connection: Any) -> Any:
        return connection.no_such_attribute

    assert not _closed_by_server(hidden, object())  # cannot tell: not replaced every time


def test_drivers_without_a_known_socket() -> None:
    assert _socket_finder("pysqlite") is None
    assert _socket_finder("psycopg") is not None


# -- transactions on the driver's connection ---------------------------------------------


@pytest.fixture
def proxied() -> Iterator[list[str]]:
    """The names looked up through the pool's proxy (``_ConnectionFairy.__getattr__``)."""
    names: list[str] = []
    forward = _ConnectionFairy.__getattr__

    def recording(fairy: Any, name: str) -> Any:
        names.append(name)
        return forward(fairy, name)

    _ConnectionFairy.__getattr__ = recording  # type: ignore[method-assign]
    yield names
    _ConnectionFairy.__getattr__ = forward  # type: ignore[method-assign]


def gauge_app(url: str) -> App:
    app = App({"DATABASE_URL": url})
    db = Database(app)

    @app.get("/gauges/<int:key>")
    def read(request: Request, key: int) -> dict[str, int]:
        return {"level": int(request.db.rows(LEVEL, {"id": key}).scalar_one())}

    @app.post("/gauges/<int:key>")
    def write(request: Request, key: int) -> dict[str, int]:
        request.db.rows(SET_LEVEL, {"key": key, "to": request.json["level"]})
        if request.json["commit"]:
            request.db.commit()
        return {"level": int(request.db.rows(LEVEL, {"id": key}).scalar_one())}

    GAUGES.create_all(db.engine())
    with db.engine().begin() as connection:
        connection.execute(insert(GAUGE), {"id": 1, "level": 5})
    return app


def test_begin_commit_and_rollback_skip_the_pools_proxy(
    database_url: str, make_client: MakeClient, proxied: list[str]
) -> None:
    client = make_client(gauge_app(database_url))
    assert client.get("/gauges/1").json() == {"level": 5}
    assert client.post("/gauges/1", json={"level": 7, "commit": False}).json() == {"level": 7}
    assert client.get("/gauges/1").json() == {"level": 5}  # rolled back when the request ended
    assert client.post("/gauges/1", json={"level": 9, "commit": True}).json() == {"level": 9}
    assert client.get("/gauges/1").json() == {"level": 9}  # committed
    slow = {"execute", "rollback", "commit"} & set(proxied)
    assert not slow, f"went through the pool's proxy: {sorted(slow)}"


def test_a_dialect_that_skips_autocommit_rollbacks_keeps_its_own(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    plain = Database(settings=Settings({"DATABASE_URL": url}, environ={}))
    skipping = Database(
        settings=Settings(
            {"DATABASES": {"default": {"URL": url, "OPTIONS": {"skip_autocommit_rollback": True}}}},
            environ={},
        )
    )
    try:
        assert plain.engine().dialect.do_rollback is not DefaultDialect.do_rollback
        dialect = skipping.engine().dialect
        assert dialect.do_rollback.__func__ is DefaultDialect.do_rollback  # type: ignore[attr-defined]
        with skipping.engine().connect() as connection:
            assert connection.execute(text("SELECT 1")).scalar_one() == 1
    finally:
        plain.dispose()
        skipping.dispose()
