"""assert_num_queries: counts what a block runs on a Database, lists the statements on failure."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Mapped

from trestle import App, Request
from trestle.db import Database, Model, assert_num_queries, count_queries
from trestle.testing import TestClient

MakeClient = Callable[..., TestClient]


class Counter(Model):
    label: Mapped[str]


def test_counts_the_queries_of_requests(database_url: str, make_client: MakeClient) -> None:
    app = App({"DATABASE_URL": database_url})
    db = Database(app)
    db.create_all(Counter)

    @app.post("/")
    def add(request: Request) -> str:
        request.db.add(Counter(label="x"))
        request.db.commit()
        return str(len(request.db.scalars(select(Counter)).all()))

    client = make_client(app)
    with assert_num_queries(db, 2) as log:  # the INSERT and the SELECT
        assert client.post("/").text == "1"
    assert log.count == 2
    assert log.statements[0].startswith("INSERT INTO test_testing_counter")
    with assert_num_queries(db, 0):
        client.get("/missing")


def test_a_wrong_count_lists_every_statement(
    tmp_path: object, make_db: Callable[..., Database]
) -> None:
    db = make_db(f"sqlite:///{tmp_path}/c.sqlite3")
    db.create_all(Counter)
    with (
        pytest.raises(AssertionError) as caught,
        assert_num_queries(db, 1),
        db.session() as session,
    ):
        session.scalars(select(Counter)).all()
        session.scalars(select(Counter.label)).all()
    text = str(caught.value)
    assert text.startswith("expected 1 query, 2 ran:")
    assert "1. SELECT test_testing_counter.id, test_testing_counter.label" in text
    assert "2. SELECT test_testing_counter.label" in text


def test_other_databases_are_not_counted(
    tmp_path: object, make_db: Callable[..., Database]
) -> None:
    counted = make_db(f"sqlite:///{tmp_path}/a.sqlite3")
    other = make_db(f"sqlite:///{tmp_path}/b.sqlite3")
    other.create_all(Counter)
    with count_queries(counted) as log, other.session() as session:
        session.scalars(select(Counter)).all()
    assert log.count == 0
    with count_queries(other.engine()) as log, other.session() as session:
        session.scalars(select(Counter)).all()
    assert log.count == 1
