"""N+1 detection: one request running the same query shape many times is reported, with the
shape and the count; a warning by default in DEBUG and tests, an error if configured, off
otherwise (and then not even counted)."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from sqlalchemy import ForeignKey, select
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload

from trestle import App, Request
from trestle.conf import Settings
from trestle.conf.settings import SettingsError
from trestle.db import Database, Model, RepeatedQueryWarning
from trestle.db.repeated import watch_mode
from trestle.testing import TestClient

MakeClient = Callable[..., TestClient]


class QuoteAuthor(Model):
    name: Mapped[str]
    quotes: Mapped[list[AuthoredQuote]] = relationship(back_populates="author")


class AuthoredQuote(Model):
    text: Mapped[str]
    author_id: Mapped[int] = mapped_column(ForeignKey("test_repeated_quote_author.id"))
    author: Mapped[QuoteAuthor] = relationship(back_populates="quotes")


def quotes_app(url: str, **settings: object) -> App:
    app = App({"DATABASE_URL": url, **settings})
    db = Database(app)

    @app.get("/naive")
    def naive(request: Request) -> list[str]:
        # Lazy loading: one query for the quotes, then one per quote for its author.
        return [f"{q.author.name}: {q.text}" for q in request.db.scalars(select(AuthoredQuote))]

    @app.get("/eager")
    def eager(request: Request) -> list[str]:
        statement = select(AuthoredQuote).options(selectinload(AuthoredQuote.author))
        return [f"{q.author.name}: {q.text}" for q in request.db.scalars(statement)]

    db.create_all(QuoteAuthor, AuthoredQuote)
    with db.session() as session:
        for n in range(12):
            session.add(AuthoredQuote(text=f"quote {n}", author=QuoteAuthor(name=f"author {n}")))
        session.commit()
    return app


def test_a_warning_with_the_shape_and_the_count(database_url: str, make_client: MakeClient) -> None:
    client = make_client(quotes_app(database_url, DATABASE_REPEATED_QUERIES="warn"))
    with pytest.warns(RepeatedQueryWarning) as caught:
        assert client.get("/naive").status_code == 200
    message = str(caught[0].message)
    assert "GET /naive ran the same query 12 times" in message
    assert "FROM test_repeated_quote_author" in message
    assert "selectinload" in message


def test_eager_loading_is_quiet(database_url: str, make_client: MakeClient) -> None:
    client = make_client(quotes_app(database_url, DATABASE_REPEATED_QUERIES="error"))
    assert len(client.get("/eager").json()) == 12  # filterwarnings=error would fail here


def test_an_error_when_configured(
    database_url: str, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(quotes_app(database_url, DATABASE_REPEATED_QUERIES="error"))
    with caplog.at_level(logging.ERROR, logger="trestle.error"):
        assert client.get("/naive").status_code == 500
    assert "RepeatedQueryError: GET /naive ran the same query 12 times" in caplog.text


def test_the_limit_is_a_setting(tmp_path: object, make_client: MakeClient) -> None:
    url = f"sqlite:///{tmp_path}/q.sqlite3"
    client = make_client(
        quotes_app(url, DATABASE_REPEATED_QUERIES="error", DATABASE_REPEATED_QUERY_LIMIT=13)
    )
    assert client.get("/naive").status_code == 200


def test_off_counts_nothing(tmp_path: object, make_client: MakeClient) -> None:
    app = quotes_app(f"sqlite:///{tmp_path}/q.sqlite3", DATABASE_REPEATED_QUERIES="off")
    assert make_client(app).get("/naive").status_code == 200
    db = app.extensions["db"]
    assert db.watch == "off"
    # No counting middleware was installed.
    assert all(type(m).__name__ != "RepeatedQueryWatch" for m in app._middleware)


def test_auto_means_debug_or_tests() -> None:
    assert watch_mode(Settings(environ={})) == "warn"  # pytest is running
    assert watch_mode(Settings({"DATABASE_REPEATED_QUERIES": "off"}, environ={})) == "off"


def test_bad_settings(tmp_path: object) -> None:
    with pytest.raises(SettingsError, match="DATABASE_REPEATED_QUERIES must be one of"):
        Database(settings=Settings({"DATABASE_REPEATED_QUERIES": "loud"}, environ={}))
    with pytest.raises(SettingsError, match="DATABASE_REPEATED_QUERY_LIMIT must be an int >= 2"):
        Database(settings=Settings({"DATABASE_REPEATED_QUERY_LIMIT": 1}, environ={}))
