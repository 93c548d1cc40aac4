"""get_or_404, first_or_404, pagination (numbered and keyset) and bulk insert, through HTTP,
with the query string's bad input answered 400/404, never 500."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Mapped

from trestle import App, Request
from trestle.db import Database, Model, bulk_insert, first_or_404, get_or_404
from trestle.testing import TestClient

MakeClient = Callable[..., TestClient]


# Model classes share one SQLAlchemy registry per process: a name no other test uses.
class Paperback(Model):
    title: Mapped[str]
    year: Mapped[int]
    added: Mapped[datetime.datetime]


START = datetime.datetime(2024, 1, 1, 12, 0, 0)


def books_app(url: str) -> tuple[App, Database]:
    app = App({"DATABASE_URL": url})
    db = Database(app)

    @app.get("/books/<key>")
    def book(request: Request, key: str) -> dict[str, object]:
        found = request.db.get_or_404(Paperback, key)
        return {"title": found.title}

    @app.get("/async/books/<key>")
    async def async_book(request: Request, key: str) -> dict[str, object]:
        found = await request.db.get_or_404(Paperback, key)
        return {"title": found.title}

    @app.get("/numbered/<int:key>")
    def numbered(request: Request, key: int) -> dict[str, object]:
        found = request.db.get_or_404(Paperback, key)
        return {"title": found.title}

    @app.get("/first/<int:year>")
    def first(request: Request, year: int) -> str:
        return str(request.db.first_or_404(select(Paperback.title).where(Paperback.year == year)))

    @app.get("/pages")
    def pages(request: Request) -> dict[str, object]:
        page = request.db.paginate(
            select(Paperback).order_by(Paperback.id),
            request.query.get("page"),
            request.query.get("per_page"),
            max_per_page=10,
        )
        return {
            "titles": [book.title for book in page],
            **page.to_dict(),
            "next": page.next_page,
            "previous": page.previous_page,
        }

    @app.get("/async/pages")
    async def async_pages(request: Request) -> dict[str, object]:
        page = await request.db.paginate(select(Paperback.title).order_by(Paperback.id), 2, 3)
        return {"titles": list(page), **page.to_dict()}

    @app.get("/feed")
    def feed(request: Request) -> dict[str, object]:
        page = request.db.paginate_keyset(
            select(Paperback),
            (Paperback.added, Paperback.id),
            request.query.get("after"),
            request.query.get("per_page"),
            descending=request.query.get("order") == "desc",
        )
        return {"titles": [book.title for book in page], "next": page.next_cursor}

    @app.get("/async/feed")
    async def async_feed(request: Request) -> dict[str, object]:
        page = await request.db.paginate_keyset(
            select(Paperback.id, Paperback.title), Paperback.id, request.query.get("after"), 4
        )
        return {"titles": [row.title for row in page], "next": page.next_cursor}

    db.create_all(Paperback)
    with db.session() as session:
        rows = [
            {
                "title": f"Paperback {n:02d}",
                "year": 2000 + n % 3,
                "added": START + datetime.timedelta(hours=n // 2),
            }
            for n in range(1, 26)
        ]
        assert bulk_insert(session, Paperback, rows) == 25
        session.commit()
    return app, db


@pytest.fixture
def client(database_url: str, make_client: MakeClient) -> TestClient:
    return make_client(books_app(database_url)[0])


def test_get_or_404(client: TestClient) -> None:
    assert client.get("/books/3").json() == {"title": "Paperback 03"}
    for bad in ("999", "abc", "-1", "1.5", "99999999999999999999999", "%C2%B2"):
        answer = client.get(f"/books/{bad}")
        assert answer.status_code == 404, bad
    assert client.get("/books/999").json()["detail"] == "Paperback 999 not found"


def test_get_or_404_with_an_int_from_the_path(client: TestClient) -> None:
    assert client.get("/numbered/3").json() == {"title": "Paperback 03"}
    # Already an int, yet beyond what the id column holds (32 bits on PostgreSQL and
    # MySQL, 64 on SQLite): a 404, not the database's error as a 500.
    for huge in (2**31, 2**63 - 1, 2**63, 10**30):
        assert client.get(f"/numbered/{huge}").status_code == 404, huge
        assert client.get(f"/books/{huge}").status_code == 404, huge
        assert client.get(f"/async/books/{huge}").status_code == 404, huge


def test_first_or_404(client: TestClient) -> None:
    assert client.get("/first/2001").text == "Paperback 01"
    assert client.get("/first/1999").status_code == 404


def test_numbered_pages(client: TestClient) -> None:
    first = client.get("/pages?per_page=10").json()
    assert first["titles"][:2] == ["Paperback 01", "Paperback 02"]
    assert (first["page"], first["per_page"], first["total"], first["pages"]) == (1, 10, 25, 3)
    assert (first["next"], first["previous"]) == (2, None)
    last = client.get("/pages?page=3&per_page=10").json()
    assert last["titles"] == [f"Paperback {n}" for n in range(21, 26)]
    assert (last["next"], last["previous"]) == (None, 2)
    capped = client.get("/pages?per_page=500").json()
    assert capped["per_page"] == 10  # max_per_page
    assert client.get("/pages").json()["per_page"] == 10


BAD_PAGES = [
    ("page=0", 400),
    ("page=-1", 400),
    ("page=abc", 400),
    ("page=1e3", 400),
    ("page=%C2%B2", 400),
    ("page=99999999999999999999", 400),
    ("per_page=0", 400),
    ("per_page=x", 400),
    ("page=4&per_page=10", 404),
]


def test_bad_page_numbers(client: TestClient) -> None:
    for query, status in BAD_PAGES:
        answer = client.get(f"/pages?{query}")
        assert answer.status_code == status, query
        assert answer.headers["content-type"] == "application/problem+json"


def test_keyset_pages_walk_the_table(client: TestClient) -> None:
    seen: list[str] = []
    cursor: str | None = None
    for _ in range(10):
        query = f"/feed?per_page=7&after={cursor}" if cursor else "/feed?per_page=7"
        page = client.get(query).json()
        seen.extend(page["titles"])
        cursor = page["next"]
        if cursor is None:
            break
    assert seen == [f"Paperback {n:02d}" for n in range(1, 26)]


def test_keyset_descending(client: TestClient) -> None:
    first = client.get("/feed?per_page=3&order=desc").json()
    assert first["titles"] == ["Paperback 25", "Paperback 24", "Paperback 23"]
    second = client.get(f"/feed?per_page=3&order=desc&after={first['next']}").json()
    assert second["titles"] == ["Paperback 22", "Paperback 21", "Paperback 20"]


BAD_CURSORS = [
    "%%%",
    "bm90IGpzb24",
    "WzFd",
    "WyJ4IiwieSJd",
    "eyJhIjoxfQ",
    "W3RydWUsMV0",
    "x" * 3000,
]


def test_bad_cursors_are_400(client: TestClient) -> None:
    for cursor in BAD_CURSORS:
        answer = client.get("/feed", params={"after": cursor})
        assert answer.status_code == 400, cursor
        assert "cursor is not valid" in answer.json()["detail"]
    assert client.get("/feed", params={"after": ""}).status_code == 200  # the first page


def test_async_helpers(backend: str, client: TestClient) -> None:
    assert client.get("/async/books/2").json() == {"title": "Paperback 02"}
    assert client.get("/async/books/x").status_code == 404
    page = client.get("/async/pages").json()
    assert page["titles"] == ["Paperback 04", "Paperback 05", "Paperback 06"]
    assert page["pages"] == 9
    feed = client.get("/async/feed").json()
    assert feed["titles"] == ["Paperback 01", "Paperback 02", "Paperback 03", "Paperback 04"]
    assert client.get(f"/async/feed?after={feed['next']}").json()["titles"][0] == "Paperback 05"


def test_module_functions_and_bulk_batches(
    database_url: str, make_db: Callable[..., Database]
) -> None:
    db = make_db(database_url)
    db.create_all(Paperback)
    with db.session() as session:
        rows = ({"title": str(n), "year": n, "added": START} for n in range(2500))
        assert session.bulk_insert(Paperback, rows) == 2500
        session.commit()
        assert session.scalar(select(func.count()).select_from(Paperback)) == 2500
        assert get_or_404(session, Paperback, "1").title == "0"
        assert first_or_404(session, select(Paperback).where(Paperback.year == 7)).title == "7"
        row = first_or_404(
            session, select(Paperback.title, Paperback.year).where(Paperback.year == 8)
        )
        assert tuple(row) == ("8", 8)
