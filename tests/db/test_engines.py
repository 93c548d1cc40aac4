"""The check on checkout that finds pooled connections the server hung up on, without a
round trip, on the real drivers (the whole story, through HTTP, is in test_errors.py and
test_restart.py)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import text

from trestle.conf import Settings
from trestle.db import Database
from trestle.db.engines import _closed_by_server, _socket_finder


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
