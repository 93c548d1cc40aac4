"""Failures: an unreachable database is a 503 with Retry-After and one log line, and the app
recovers by itself when the database is back; an integrity error is a 409 naming the
constraint."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Mapped, mapped_column

from trestle import App, Request
from trestle.db import Database, DatabaseUnavailable, Model
from trestle.testing import TestClient

MakeClient = Callable[..., TestClient]


class Ticket(Model):
    code: Mapped[str] = mapped_column(unique=True)


def tickets_app(url: str, **settings: Any) -> App:
    app = App({"DATABASE_URL": url, **settings})
    Database(app)

    @app.get("/tickets")
    def listing(request: Request) -> list[str]:
        return list(request.db.scalars(select(Ticket.code).order_by(Ticket.id)))

    @app.post("/tickets")
    def add(request: Request) -> dict[str, str]:
        request.db.add(Ticket(code=request.json["code"]))
        request.db.commit()
        return {"code": request.json["code"]}

    @app.get("/async/tickets")
    async def async_listing(request: Request) -> list[str]:
        return list(await request.db.scalars(select(Ticket.code)))

    @app.get("/health")
    def health() -> str:
        return "up"

    return app


def assert_unavailable(answer: Any) -> None:
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "5"
    assert answer.json()["detail"] == "The database is unavailable; please retry shortly."


@pytest.mark.parametrize("scheme", ["postgresql", "mysql"])
def test_a_closed_port_is_a_503_with_one_log_line(
    scheme: str, unused_port: int, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    app = tickets_app(f"{scheme}://app:secret@127.0.0.1:{unused_port}/app")
    client = make_client(app)
    with caplog.at_level(logging.INFO):
        assert_unavailable(client.get("/tickets"))
        assert client.get("/health").text == "up"  # the rest of the app still answers
    records = [r for r in caplog.records if r.name.startswith("trestle")]
    assert len(records) == 1
    assert records[0].name == "trestle.db"
    assert records[0].getMessage().startswith("Database 'default' is unavailable (")
    assert records[0].exc_info is None  # no traceback: the cause is outside the app
    assert "secret" not in caplog.text


def test_async_views_get_the_503_too(
    unused_port: int, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(tickets_app(f"postgresql://app@127.0.0.1:{unused_port}/app"))
    with caplog.at_level(logging.ERROR):
        assert_unavailable(client.get("/async/tickets"))


def test_an_sqlite_file_that_cannot_be_opened(
    tmp_path: Path, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(tickets_app(f"sqlite:///{tmp_path}/missing/folder/db.sqlite3"))
    with caplog.at_level(logging.ERROR):
        assert_unavailable(client.get("/tickets"))
    assert "unable to open database file" in caplog.text


def test_unavailable_is_still_an_operational_error(
    unused_port: int, make_db: Callable[..., Database]
) -> None:
    db = make_db(f"postgresql://app@127.0.0.1:{unused_port}/app", DATABASES={})
    with pytest.raises(OperationalError) as caught, db.engine().connect():
        pass
    assert isinstance(caught.value, DatabaseUnavailable)
    assert caught.value.database == "default"


@pytest.mark.parametrize("server", ["postgresql", "mysql"])
def test_the_app_recovers_when_the_database_is_back(
    server: str,
    request: pytest.FixtureRequest,
    make_proxy: Callable[[str], tuple[Any, str]],
    make_client: MakeClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = request.getfixturevalue("pg_database" if server == "postgresql" else "mysql_database")
    proxy, through_proxy = make_proxy(url)
    app = tickets_app(through_proxy)
    app.extensions["db"].create_all(Ticket)
    client = make_client(app)
    try:
        assert client.post("/tickets", json={"code": "before"}).status_code == 200
        proxy.stop()  # the database goes away, with a pooled connection open to it
        with caplog.at_level(logging.ERROR):
            assert_unavailable(client.get("/tickets"))
            assert_unavailable(client.post("/tickets", json={"code": "during"}))
        proxy.start()  # and comes back: the next request works, no restart needed
        assert client.get("/tickets").json() == ["before"]
        assert client.post("/tickets", json={"code": "after"}).status_code == 200
        assert client.get("/tickets").json() == ["before", "after"]
    finally:
        app.extensions["db"].drop_all(Ticket)


def test_an_integrity_error_is_a_409_naming_the_constraint(
    backend: str, database_url: str, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    app = tickets_app(database_url)
    app.extensions["db"].create_all(Ticket)
    client = make_client(app)
    assert client.post("/tickets", json={"code": "A-1"}).status_code == 200
    with caplog.at_level(logging.INFO):
        conflict = client.post("/tickets", json={"code": "A-1"})
    assert conflict.status_code == 409
    expected = (
        "UNIQUE test_errors_ticket.code" if backend == "sqlite" else "uq_test_errors_ticket_code"
    )
    assert conflict.json()["detail"] == (
        f"The change conflicts with existing data (constraint {expected})."
    )
    assert "A-1" not in conflict.text  # the data stays out of the answer
    assert client.get("/tickets").json() == ["A-1"]  # and nothing half-written
    assert "Internal Server Error" not in caplog.text


def test_the_409_page_for_browsers(tmp_path: Path, make_client: MakeClient) -> None:
    app = tickets_app(f"sqlite:///{tmp_path}/t.sqlite3")
    app.extensions["db"].create_all(Ticket)
    client = make_client(app)
    client.post("/tickets", json={"code": "x"})
    page = client.post("/tickets", json={"code": "x"}, headers={"Accept": "text/html"})
    assert page.status_code == 409
    assert "<h1>Conflict</h1>" in page.text


@pytest.mark.parametrize("server", ["postgresql", "mysql"])
def test_a_connection_lost_silently_is_pinged_after_a_rest(
    server: str,
    request: pytest.FixtureRequest,
    make_proxy: Callable[[str], tuple[Any, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time

    from trestle.db import engines

    monkeypatch.setattr(engines, "PING_AFTER_IDLE", 0.2)
    # As if the connection were lost without a word (a firewall that forgot it): its
    # socket shows nothing, so only the ping can find out.
    monkeypatch.setattr(engines, "_closed_by_server", lambda socket_of, connection: False)
    url = request.getfixturevalue("pg_database" if server == "postgresql" else "mysql_database")
    proxy, through_proxy = make_proxy(url)
    app = tickets_app(through_proxy)
    app.extensions["db"].create_all(Ticket)
    dialect = app.extensions["db"].engine().dialect
    pings: list[object] = []
    real_ping = dialect.do_ping

    def counted_ping(dbapi_connection: object) -> bool:
        pings.append(dbapi_connection)
        return bool(real_ping(dbapi_connection))

    monkeypatch.setattr(dialect, "do_ping", counted_ping)
    with app.test_client() as client:
        try:
            assert client.post("/tickets", json={"code": "one"}).status_code == 200
            proxy.stop()  # the connection is lost while the app is idle...
            proxy.start()
            time.sleep(0.3)  # ...so the pooled connection is pinged, found dead, replaced
            assert client.get("/tickets").json() == ["one"]
            assert len(pings) == 1
            # A connection used a moment ago is not pinged: no extra round trip.
            assert client.get("/tickets").json() == ["one"]
            assert len(pings) == 1
        finally:
            app.extensions["db"].drop_all(Ticket)


@pytest.mark.parametrize("server", ["postgresql", "mysql"])
def test_a_connection_the_server_closed_is_replaced_without_a_ping(
    server: str,
    request: pytest.FixtureRequest,
    make_proxy: Callable[[str], tuple[Any, str]],
    make_client: MakeClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from trestle.db import engines

    # No ping at all: only the poll of the pooled connection's socket can notice.
    monkeypatch.setattr(engines, "PING_AFTER_IDLE", 3600.0)
    url = request.getfixturevalue("pg_database" if server == "postgresql" else "mysql_database")
    proxy, through_proxy = make_proxy(url)
    app = tickets_app(through_proxy)
    app.extensions["db"].create_all(Ticket)
    client = make_client(app)
    try:
        assert client.post("/tickets", json={"code": "one"}).status_code == 200
        assert client.get("/async/tickets").json() == ["one"]
        proxy.stop()  # a restart faster than any ping interval: the server hung up...
        proxy.start()
        # ...and the first requests after it, sync and async, get fresh connections.
        assert client.get("/tickets").json() == ["one"]
        assert client.get("/async/tickets").json() == ["one"]
    finally:
        app.extensions["db"].drop_all(Ticket)
