"""atomic(): commit whole or not at all; nested blocks are savepoints; sync, async, decorator."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Mapped, mapped_column

from trestle import App, Request
from trestle.db import Database, Model, atomic
from trestle.testing import TestClient

MakeClient = Callable[..., TestClient]


class Account(Model):
    owner: Mapped[str] = mapped_column(unique=True)
    balance: Mapped[int]


class Boom(Exception):
    pass


def owners(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(Account.owner).order_by(Account.owner)))


@pytest.fixture
def db(database_url: str, make_db: Callable[..., Database]) -> Database:
    database = make_db(database_url)
    database.create_all(Account)
    return database


def test_the_outer_block_commits(db: Database) -> None:
    with db.session() as session, atomic(session):
        session.add(Account(owner="ada", balance=10))
    assert owners(db) == ["ada"]


def test_an_error_rolls_the_whole_block_back(db: Database) -> None:
    with db.session() as session:
        with pytest.raises(Boom), atomic(session):
            session.add(Account(owner="ada", balance=10))
            session.flush()
            raise Boom
        assert session.scalars(select(Account)).all() == []
    assert owners(db) == []


def test_nested_blocks_are_savepoints(db: Database) -> None:
    with db.session() as session:
        with atomic(session):
            session.add(Account(owner="ada", balance=10))
            with pytest.raises(Boom), atomic(session):
                session.add(Account(owner="bob", balance=5))
                session.flush()
                raise Boom
            with atomic(session):
                session.add(Account(owner="cy", balance=1))
        assert session.info["trestle_atomic_depth"] == 0
    assert owners(db) == ["ada", "cy"]


def test_pending_work_before_the_block_is_committed_with_it(db: Database) -> None:
    with db.session() as session:
        session.add(Account(owner="early", balance=0))
        with atomic(session):
            session.add(Account(owner="inside", balance=0))
    assert owners(db) == ["early", "inside"]


def test_decorator_with_and_without_a_session(db: Database) -> None:
    session = db.session()

    @atomic(session)
    def open_account(owner: str) -> None:
        session.add(Account(owner=owner, balance=0))

    @atomic
    def helper() -> None:  # no session: needs a request
        pass

    open_account("ada")
    assert owners(db) == ["ada"]
    assert open_account.__name__ == "open_account"
    with pytest.raises(RuntimeError, match="atomic\\(\\) without a session works inside a request"):
        helper()
    session.close()


def test_atomic_uses_request_db_in_views(db: Database, make_client: MakeClient) -> None:
    app = App(db.settings)
    Database(app)

    @atomic
    def transfer(source: str, target: str, amount: int, request: Request) -> None:
        accounts = {
            a.owner: a
            for a in request.db.scalars(select(Account).where(Account.owner.in_([source, target])))
        }
        accounts[source].balance -= amount
        accounts[target].balance += amount
        if accounts[source].balance < 0:
            raise Boom

    @app.post("/transfer")
    def view(request: Request) -> dict[str, int]:
        with atomic():
            request.db.add_all([Account(owner="a", balance=10), Account(owner="b", balance=0)])
        with contextlib.suppress(Boom):
            transfer("a", "b", 30, request=request)  # refused: rolled back alone
        transfer("a", "b", 4, request=request)
        rows = request.db.scalars(select(Account).order_by(Account.owner))
        return {a.owner: a.balance for a in rows}

    assert make_client(app).post("/transfer").json() == {"a": 6, "b": 4}
    with db.session() as session:
        saved = {a.owner: a.balance for a in session.scalars(select(Account))}
    assert saved == {"a": 6, "b": 4}


def test_async_atomic(backend: str, db: Database, make_client: MakeClient) -> None:
    app = App(db.settings)
    Database(app)

    @atomic
    async def add(request: Request, owner: str, fail: bool = False) -> None:
        request.db.add(Account(owner=owner, balance=1))
        await request.db.flush()
        if fail:
            raise Boom

    @app.post("/")
    async def view(request: Request) -> list[str]:
        async with atomic(request.db):
            await add(request, "outer")
            with contextlib.suppress(Boom):
                await add(request, "inner", fail=True)
        async with atomic():
            await add(request, "second")
        rows = await request.db.scalars(select(Account.owner).order_by(Account.owner))
        return list(rows)

    assert make_client(app).post("/").json() == ["outer", "second"]
    assert owners(db) == ["outer", "second"]


def test_the_wrong_kind_of_block_is_refused(db: Database) -> None:
    async def use_async_with_a_sync_session() -> None:
        async with atomic(session):
            pass

    import asyncio

    session = db.session()
    with pytest.raises(TypeError, match="this session is not async"):
        asyncio.run(use_async_with_a_sync_session())
    session.close()
