"""request.db.rows(): plain rows from a statement built once, in the request's transaction,
mixed freely with the ORM; under WSGI and ASGI, sync and async, on every backend. And
request.db's SQLAlchemy state, built only when the ORM first uses it, whatever that use is."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import bindparam, event, func, select, text, update
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import Session as SQLAlchemySession

from trestle import App, Request
from trestle.db import Database, Model, Session, assert_num_queries, atomic
from trestle.db.session import DeferredSession
from trestle.testing import TestClient

MakeClient = Callable[..., TestClient]


class Tally(Model):
    name: Mapped[str]
    count: Mapped[int]


# Built once, at import: the way the fast path is meant to be used.
ONE = select(Tally.id, Tally.name, Tally.count).where(Tally.id == bindparam("id"))
ALL = select(Tally.name, Tally.count).order_by(Tally.id)
BUMP = update(Tally).where(Tally.id == bindparam("key")).values(count=bindparam("count"))
TOTAL = select(func.coalesce(func.sum(Tally.count), 0))  # a Decimal on MariaDB: int() it
TABLE = Tally.__tablename__


def tallies_app(url: str) -> tuple[App, Database]:
    app = App({"DATABASE_URL": url})
    db = Database(app)

    @app.get("/tallies/<int:key>")
    def one(request: Request, key: int) -> dict[str, object]:
        row = request.db.rows(ONE, {"id": key}).one_or_none()
        if row is None:
            return {"found": False}
        return {"id": row.id, "name": row.name, "count": row.count, "type": type(row).__name__}

    @app.get("/tallies")
    def listing(request: Request) -> list[list[object]]:
        return [list(row) for row in request.db.rows(ALL)]

    @app.post("/tallies/bump")
    def bump(request: Request) -> dict[str, int]:
        # Core writes through rows(), several at once, then an explicit commit.
        changes = [{"key": key, "count": count} for key, count in request.json["set"]]
        request.db.rows(BUMP, changes)
        if request.json.get("commit"):
            request.db.commit()
        return {"total": int(request.db.rows(TOTAL).scalar_one())}

    @app.post("/tallies/bump-and-fail")
    def bump_and_fail(request: Request) -> str:
        request.db.rows(BUMP, {"key": 1, "count": 1000})
        raise RuntimeError("the view broke after writing")

    @app.post("/tallies/mixed")
    def mixed(request: Request) -> dict[str, object]:
        # rows() first (it begins the transaction), then the ORM, then rows() again:
        # one transaction, and rows() sees what the ORM has pending.
        before = int(request.db.rows(TOTAL).scalar_one())
        request.db.add(Tally(name="new", count=5))
        after_add = int(request.db.rows(TOTAL).scalar_one())
        first = request.db.get(Tally, 1)
        first.count += 1
        after_change = int(request.db.rows(TOTAL).scalar_one())
        request.db.commit()
        return {"before": before, "after_add": after_add, "after_change": after_change}

    @app.post("/tallies/added-then-rows")
    def added_then_rows(request: Request) -> list[list[object]]:
        request.db.add(Tally(name="pending", count=7))  # no query yet: no transaction
        return [list(row) for row in request.db.rows(ALL)]

    @app.post("/tallies/changed-after-commit")
    def changed_after_commit(request: Request) -> dict[str, int]:
        # After commit() the ORM has no transaction but still holds the object: a change
        # to it must reach rows() (flushed first), in a transaction that is rolled back.
        first = request.db.get(Tally, 1)
        request.db.commit()
        first.count = 40
        return {"total": int(request.db.rows(TOTAL).scalar_one())}

    @app.get("/async/tallies/<int:key>")
    async def async_one(request: Request, key: int) -> dict[str, object]:
        row = (await request.db.rows(ONE, {"id": key})).one()
        return {"id": row.id, "name": row.name, "count": row.count}

    @app.post("/async/tallies/bump")
    async def async_bump(request: Request) -> dict[str, int]:
        request.db.add(Tally(name="async", count=1))
        await request.db.rows(BUMP, {"key": 1, "count": 50})
        total = int((await request.db.rows(TOTAL)).scalar_one())
        await request.db.commit()
        return {"total": total}

    db.create_all(Tally)
    with db.session() as session:
        session.add_all([Tally(name="a", count=1), Tally(name="b", count=2)])
        session.commit()
    return app, db


@pytest.fixture
def app_db(database_url: str) -> Iterator[tuple[App, Database]]:
    app, db = tallies_app(database_url)
    yield app, db
    db.dispose()


@pytest.fixture
def client(app_db: tuple[App, Database], make_client: MakeClient) -> TestClient:
    return make_client(app_db[0])


def test_rows_are_plain_rows(client: TestClient, app_db: tuple[App, Database]) -> None:
    with assert_num_queries(app_db[1], 1):
        answer = client.get("/tallies/2").json()
    assert answer == {"id": 2, "name": "b", "count": 2, "type": "Row"}
    assert client.get("/tallies/99").json() == {"found": False}
    assert client.get("/tallies").json() == [["a", 1], ["b", 2]]


def test_writes_through_rows_are_committed_only_by_commit(client: TestClient) -> None:
    assert client.post("/tallies/bump", json={"set": [[1, 10], [2, 20]]}).json() == {"total": 30}
    assert client.get("/tallies").json() == [["a", 1], ["b", 2]]  # rolled back at the end
    bumped = client.post("/tallies/bump", json={"set": [[1, 10], [2, 20]], "commit": True})
    assert bumped.json() == {"total": 30}
    assert client.get("/tallies").json() == [["a", 10], ["b", 20]]


def test_a_view_that_raises_after_rows_leaves_no_partial_writes(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.CRITICAL, logger="trestle.error"):
        assert client.post("/tallies/bump-and-fail").status_code == 500
    assert client.get("/tallies").json() == [["a", 1], ["b", 2]]


def test_rows_and_the_orm_share_one_transaction(client: TestClient) -> None:
    answer = client.post("/tallies/mixed").json()
    assert answer == {"before": 3, "after_add": 8, "after_change": 9}
    assert client.get("/tallies").json() == [["a", 2], ["b", 2], ["new", 5]]


def test_rows_see_objects_added_before_any_query(client: TestClient) -> None:
    listed = client.post("/tallies/added-then-rows").json()
    assert listed == [["a", 1], ["b", 2], ["pending", 7]]
    assert client.get("/tallies").json() == [["a", 1], ["b", 2]]  # never committed


def test_rows_see_changes_to_objects_the_session_kept_after_commit(client: TestClient) -> None:
    assert client.post("/tallies/changed-after-commit").json() == {"total": 42}
    assert client.get("/tallies").json() == [["a", 1], ["b", 2]]  # the change never committed


def test_rows_in_async_views(client: TestClient) -> None:
    assert client.get("/async/tallies/1").json() == {"id": 1, "name": "a", "count": 1}
    assert client.post("/async/tallies/bump").json() == {"total": 53}
    assert client.get("/tallies").json() == [["a", 50], ["b", 2], ["async", 1]]


def test_rows_on_a_session_of_ones_own(app_db: tuple[App, Database]) -> None:
    _, db = app_db
    with db.session() as session:
        session.add(Tally(name="c", count=3))
        assert int(session.rows(TOTAL).scalar_one()) == 6  # flushed first
        session.rollback()
        assert int(session.rows(TOTAL).scalar_one()) == 3


# -- request.db is built when the ORM first uses it ---------------------------------------


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The sessions SQLAlchemy's ``Session.__init__`` ran for."""
    built: list[object] = []
    init = SQLAlchemySession.__init__

    def counting(self: SQLAlchemySession, *args: object, **kwargs: object) -> None:
        built.append(self)
        init(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(SQLAlchemySession, "__init__", counting)
    return built


def first_use_app(url: str) -> App:
    """Views whose first touch of request.db is each kind of ORM use, then a check."""
    app, _ = tallies_app(url)

    def report(request: Request, total: int) -> dict[str, object]:
        session = request.db
        return {
            "total": total,
            "class": type(session).__name__,
            "built": type(session) is Session,
            "committed": int(request.db.rows(TOTAL).scalar_one()),
        }

    @app.get("/first/rows-only")
    def rows_only(request: Request) -> dict[str, object]:
        total = int(request.db.rows(TOTAL).scalar_one())
        return {
            "total": total,
            "class": type(request.db).__name__,
            "built": type(request.db) is Session,
            "deferred": type(request.db) is DeferredSession,
            "a_session": isinstance(request.db, Session),
        }

    @app.post("/first/setting")
    def setting(request: Request) -> dict[str, object]:
        request.db.autoflush = False  # a write first: kept, not reset by the build
        request.db.add(Tally(name="unflushed", count=100))
        total = int(request.db.rows(TOTAL).scalar_one())  # autoflush off: not included
        return {**report(request, total), "autoflush": request.db.autoflush}

    @app.post("/first/info-then-atomic")
    def info_then_atomic(request: Request) -> dict[str, object]:
        request.db.info["who"] = "view"  # SQLAlchemy keeps info in the instance's dict
        with atomic():
            request.db.add(Tally(name="atomic", count=10))
        return {**report(request, 0), "who": request.db.info["who"]}

    @app.post("/first/listener")
    def listener(request: Request) -> dict[str, object]:
        heard: list[str] = []
        event.listen(request.db, "after_commit", lambda session: heard.append("commit"))
        request.db.add(Tally(name="heard", count=20))
        request.db.commit()
        return {**report(request, 0), "heard": heard}

    @app.post("/first/begin")
    def begin(request: Request) -> dict[str, object]:
        with request.db.begin():
            request.db.add(Tally(name="begun", count=30))
        return report(request, 0)

    @app.post("/first/execute")
    def execute(request: Request) -> dict[str, object]:
        total = int(request.db.execute(text(f"SELECT SUM(count) FROM {TABLE}")).scalar_one())
        return report(request, total)

    @app.get("/first/hasattr")
    def probe(request: Request) -> dict[str, object]:
        missing = hasattr(request.db, "no_such_attribute")
        return {**report(request, 0), "missing": missing}

    @app.post("/first/rows-write-then-rollback")
    def rows_then_rollback(request: Request) -> dict[str, object]:
        request.db.rows(BUMP, {"key": 1, "count": 500})
        request.db.rollback()  # builds, takes over the connection's transaction, undoes it
        return report(request, 0)

    return app


@pytest.fixture
def first_use(database_url: str, make_client: MakeClient) -> TestClient:
    return make_client(first_use_app(database_url))


def test_a_view_that_only_runs_rows_never_builds_the_orm_session(
    first_use: TestClient, builds: list[object]
) -> None:
    answer = first_use.get("/first/rows-only").json()
    assert answer == {
        "total": 3,
        "class": "Session",
        "built": False,
        "deferred": True,
        "a_session": True,
    }
    assert builds == []


def test_a_setting_written_first_survives_the_build(
    first_use: TestClient, builds: list[object]
) -> None:
    answer = first_use.post("/first/setting").json()
    assert answer == {
        "total": 3,
        "class": "Session",
        "built": True,
        "committed": 3,
        "autoflush": False,
    }
    assert len(builds) == 1


def test_info_and_atomic_as_the_first_use(first_use: TestClient) -> None:
    answer = first_use.post("/first/info-then-atomic").json()
    assert answer == {"total": 0, "class": "Session", "built": True, "committed": 13, "who": "view"}
    assert first_use.get("/tallies").json() == [["a", 1], ["b", 2], ["atomic", 10]]


def test_a_listener_on_the_unbuilt_session_hears_its_commit(first_use: TestClient) -> None:
    answer = first_use.post("/first/listener").json()
    assert answer["heard"] == ["commit"]
    assert answer["committed"] == 23


def test_begin_and_execute_as_the_first_use(first_use: TestClient) -> None:
    assert first_use.post("/first/begin").json()["committed"] == 33
    executed = first_use.post("/first/execute").json()
    assert executed == {"total": 33, "class": "Session", "built": True, "committed": 33}


def test_a_missing_attribute_is_still_missing(first_use: TestClient) -> None:
    answer = first_use.get("/first/hasattr").json()
    assert answer["missing"] is False
    assert answer["built"] is True


def test_rollback_after_rows_writes_undoes_them(first_use: TestClient) -> None:
    assert first_use.post("/first/rows-write-then-rollback").json()["committed"] == 3
    assert first_use.get("/tallies").json() == [["a", 1], ["b", 2]]


def test_a_session_left_unbuilt_gives_its_connection_back(
    app_db: tuple[App, Database], client: TestClient
) -> None:
    assert client.get("/tallies/1").json()["count"] == 1
    assert app_db[1].engine().pool.checkedout() == 0  # type: ignore[attr-defined]
