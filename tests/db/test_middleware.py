"""request.db: opened on first use, a Session in def views and an AsyncSession in async
views, nothing committed unless the view commits, rolled back when the view raises, closed
when the request ends; under WSGI and ASGI, on SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Mapped, mapped_column

from trestle import App, Request
from trestle.db import AsyncSession, Database, Model, Session, get_async_db, get_db
from trestle.params import Depends
from trestle.testing import TestClient

MakeClient = Callable[..., TestClient]


class Entry(Model):
    text: Mapped[str] = mapped_column(unique=True)


def entries_app(url: str) -> tuple[App, Database]:
    app = App({"DATABASE_URL": url})
    db = Database(app)

    @app.get("/entries")
    def listing(request: Request) -> list[str]:
        return list(request.db.scalars(select(Entry.text).order_by(Entry.id)))

    @app.post("/entries")
    def add(request: Request) -> dict[str, object]:
        entry = Entry(text=request.json["text"])
        request.db.add(entry)
        request.db.commit()
        return {"id": entry.id, "session": type(request.db).__name__}

    @app.post("/entries/uncommitted")
    def forget(request: Request) -> str:
        request.db.add(Entry(text=request.json["text"]))
        request.db.flush()  # written inside the transaction, never committed
        return "not committed"

    @app.post("/entries/failing")
    def fail(request: Request) -> str:
        request.db.add(Entry(text=request.json["text"]))
        request.db.flush()
        raise RuntimeError("the view broke after writing")

    @app.get("/untouched")
    def untouched(request: Request) -> str:
        return "no database here"

    @app.get("/async/entries")
    async def async_listing(request: Request) -> dict[str, object]:
        rows = await request.db.scalars(select(Entry.text).order_by(Entry.id))
        return {"texts": list(rows), "session": type(request.db).__name__}

    @app.post("/async/entries")
    async def async_add(request: Request) -> dict[str, object]:
        entry = Entry(text=request.json["text"])
        request.db.add(entry)
        await request.db.commit()
        return {"id": entry.id}

    @app.post("/async/entries/failing")
    async def async_fail(request: Request) -> str:
        request.db.add(Entry(text=request.json["text"]))
        await request.db.flush()
        raise RuntimeError("broke")

    @app.get("/dependency")
    def dependency(request: Request) -> str:
        return type(get_db(request)).__name__

    @app.get("/async/dependency")
    async def async_dependency(request: Request) -> str:
        return type(await get_async_db(request)).__name__

    @app.get("/depends")
    def depends(db: Session = Depends(get_db)) -> str:  # noqa: B008
        return type(db).__name__

    @app.get("/async/depends")
    async def async_depends(db: AsyncSession = Depends(get_async_db)) -> str:  # noqa: B008
        return type(db).__name__

    db.create_all(Entry)
    return app, db


@pytest.fixture
def client(database_url: str, make_client: MakeClient) -> TestClient:
    app, _ = entries_app(database_url)
    return make_client(app)


def test_commit_is_explicit(client: TestClient) -> None:
    added = client.post("/entries", json={"text": "kept"})
    assert added.status_code == 200
    assert added.json()["session"] == "Session"
    assert client.post("/entries/uncommitted", json={"text": "lost"}).text == "not committed"
    assert client.get("/entries").json() == ["kept"]


def test_a_view_that_raises_leaves_no_partial_writes(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.CRITICAL, logger="trestle.error"):
        assert client.post("/entries/failing", json={"text": "half"}).status_code == 500
    assert client.get("/entries").json() == []
    # The connection went back to the pool clean: the next write works.
    assert client.post("/entries", json={"text": "after"}).status_code == 200
    assert client.get("/entries").json() == ["after"]


def test_a_view_that_never_touches_the_database_connects_to_nothing(
    database_url: str, make_client: MakeClient
) -> None:
    app = App({"DATABASE_URL": database_url})
    db = Database(app)

    @app.get("/")
    def home() -> str:
        return "hi"

    assert make_client(app).get("/").text == "hi"
    assert list(db.engines()) == []  # not even an engine was made


def test_async_views_get_an_async_session(
    backend: str, client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    assert client.post("/async/entries", json={"text": "one"}).status_code == 200
    listed = client.get("/async/entries").json()
    assert listed == {"texts": ["one"], "session": "AsyncSession"}
    with caplog.at_level(logging.CRITICAL, logger="trestle.error"):
        assert client.post("/async/entries/failing", json={"text": "x"}).status_code == 500
    # Sync and async sessions share the models and the data.
    assert client.get("/entries").json() == ["one"]
    assert client.get("/async/dependency").text == "AsyncSession"
    assert client.get("/dependency").text == "Session"
    assert client.get("/async/depends").text == "AsyncSession"  # typed views' Depends
    assert client.get("/depends").text == "Session"


def test_async_mysql_says_what_is_missing(
    mysql_database: str,
    make_client: MakeClient,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # aiomysql is an optional extra (trestle[mysql]): hide it, as on a machine without it.
    monkeypatch.setitem(sys.modules, "aiomysql", None)
    app, _ = entries_app(mysql_database)
    with caplog.at_level(logging.ERROR, logger="trestle.error"):
        assert make_client(app).get("/async/entries").status_code == 500
    assert "need the aiomysql package (pip install aiomysql)" in caplog.text


def test_each_request_gets_its_own_session(database_url: str, make_client: MakeClient) -> None:
    app = App({"DATABASE_URL": database_url})
    Database(app)
    seen: list[int] = []

    @app.get("/")
    def view(request: Request) -> dict[str, int]:
        assert request.db is request.db  # one per request
        seen.append(id(request.db))
        return {"count": int(request.db.scalar(select(func.count()).select_from(Entry)) or 0)}

    app.extensions["db"].create_all(Entry)
    client = make_client(app)
    assert client.get("/").json() == {"count": 0}
    assert client.get("/").json() == {"count": 0}
    assert len(seen) == 2


def test_the_session_is_closed_when_the_request_ends(
    database_url: str, make_client: MakeClient
) -> None:
    app = App({"DATABASE_URL": database_url})
    db = Database(app)
    db.create_all(Entry)
    sessions: list[Session] = []

    @app.get("/")
    def view(request: Request) -> str:
        sessions.append(request.db)
        return str(len(list(request.db.scalars(select(Entry)))))

    make_client(app).get("/")
    assert not sessions[0].in_transaction()
    assert db.engine().pool.checkedout() == 0  # type: ignore[attr-defined]


def test_uncommitted_changes_are_logged_in_debug(
    tmp_path: object, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    app = App({"DATABASE_URL": f"sqlite:///{tmp_path}/d.sqlite3", "DEBUG": True})
    Database(app).create_all(Entry)

    @app.post("/")
    def view(request: Request) -> str:
        request.db.add(Entry(text="pending"))
        return "forgot to commit"

    with caplog.at_level(logging.WARNING, logger="trestle.db"):
        make_client(app).post("/")
    assert "left changes in request.db without commit(); they were rolled back" in caplog.text


def test_dependency_functions_refuse_the_wrong_kind(
    tmp_path: object, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    app = App({"DATABASE_URL": f"sqlite:///{tmp_path}/d.sqlite3"})
    Database(app)

    @app.get("/sync")
    def sync_view(request: Request) -> str:
        import asyncio

        asyncio.run(get_async_db(request))
        return ""

    @app.get("/async")
    async def async_view(request: Request) -> str:
        get_db(request)
        return ""

    client = make_client(app)
    with caplog.at_level(logging.ERROR, logger="trestle.error"):
        assert client.get("/sync").status_code == 500
        assert client.get("/async").status_code == 500
    assert "get_async_db is for async def views" in caplog.text
    assert "get_db is for def views" in caplog.text


def test_without_a_database_request_db_says_how_to_get_one(make_client: MakeClient) -> None:
    app = App()

    @app.get("/")
    def view(request: Request) -> str:
        try:
            request.db  # noqa: B018 - reading it is the test
        except RuntimeError as error:
            return str(error)
        return "unexpected"

    assert "add a database (trestle.db) to the app" in make_client(app).get("/").text
