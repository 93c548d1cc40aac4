"""A small JSON API: run it with ``trestle runserver examples.api:app`` and open /docs.

A bookshop: a ``Books`` resource (list, create, retrieve, update, partial update, delete),
bearer tokens for the changes, an API key for the statistics, content negotiation for the
export, and CORS for a front end on another origin. The test suite runs schemathesis
against its ``/openapi.json``: the API must keep to its own document.
"""

from __future__ import annotations

import csv
import io
from enum import StrEnum
from threading import Lock
from typing import Annotated

from pydantic import BaseModel, Field

from trestle import App, HTTPException, Request, Response
from trestle.api import (
    APIKeyHeader,
    CORSMiddleware,
    HTTPBearer,
    OpenAPI,
    Resource,
    secret_equals,
)
from trestle.params import Depends, Query

#: Who may change the catalogue (a real app would look tokens up in its database).
EDITOR_TOKENS = {"editor-token-1": "ada"}
STATS_KEY = "stats-key-1"
#: The catalogue never grows past this, so a long fuzzing run stays small.
MAX_BOOKS = 500


class Genre(StrEnum):
    """What shelf a book goes on."""

    fiction = "fiction"
    science = "science"
    history = "history"


class BookIn(BaseModel):
    """A book as clients send it."""

    title: str = Field(min_length=1, max_length=200, examples=["Dune"])
    author: str = Field(min_length=1, max_length=100)
    year: int = Field(ge=1450, le=2100, description="Year of first publication")
    genre: Genre = Genre.fiction
    price: float = Field(ge=0, le=10_000, description="In euros")
    tags: list[Annotated[str, Field(max_length=30)]] = Field(default=[], max_length=10)


class BookPatch(BaseModel):
    """The fields of a book to change; those left out or null keep their value."""

    title: str | None = Field(None, min_length=1, max_length=200)
    author: str | None = Field(None, min_length=1, max_length=100)
    year: int | None = Field(None, ge=1450, le=2100)
    genre: Genre | None = None
    price: float | None = Field(None, ge=0, le=10_000)
    tags: list[Annotated[str, Field(max_length=30)]] | None = Field(None, max_length=10)


class BookOut(BookIn):
    """A book as the API returns it."""

    id: int


class Stats(BaseModel):
    """How big the catalogue is."""

    books: int
    by_genre: dict[str, int]


class Catalogue:
    """An in-memory store, safe to share between threads."""

    def __init__(self) -> None:
        self.books: dict[int, BookOut] = {}
        self.next_id = 1
        self.lock = Lock()

    def add(self, book: BookIn) -> BookOut:
        with self.lock:
            if len(self.books) >= MAX_BOOKS:
                raise HTTPException(409, "the catalogue is full")
            stored = BookOut(id=self.next_id, **book.model_dump())
            self.books[stored.id] = stored
            self.next_id += 1
            return stored

    def get(self, book_id: int) -> BookOut:
        book = self.books.get(book_id)
        if book is None:
            raise HTTPException(404, f"no book {book_id}")
        return book

    def put(self, book_id: int, book: BookOut) -> BookOut:
        with self.lock:
            self.get(book_id)
            self.books[book_id] = book
            return book

    def remove(self, book_id: int) -> None:
        with self.lock:
            self.get(book_id)
            del self.books[book_id]


catalogue = Catalogue()
bearer = HTTPBearer(description="An editor's token")
stats_key = APIKeyHeader(name="X-Stats-Key", scheme_name="statsKey")


def editor(token: Annotated[str, Depends(bearer)]) -> str:
    """The editor the bearer token belongs to, or 401."""
    for known, name in EDITOR_TOKENS.items():
        if secret_equals(token, known):
            return name
    raise HTTPException(401, "unknown token", headers={"WWW-Authenticate": "Bearer"})


class Books(Resource):
    """The catalogue: anyone may read it, editors may change it."""

    def __init__(self) -> None:
        self.catalogue = catalogue

    def list(
        self,
        genre: Genre | None = None,
        page: Annotated[int, Query(ge=1, le=1000)] = 1,
        per_page: Annotated[int, Query(ge=1, le=100, alias="per-page")] = 20,
    ) -> list[BookOut]:
        """List the books, a page at a time."""
        books = [b for b in self.catalogue.books.values() if genre is None or b.genre == genre]
        start = (page - 1) * per_page
        return books[start : start + per_page]

    def create(self, book: BookIn, who: Annotated[str, Depends(editor)]) -> BookOut:
        """Add a book (editors only)."""
        return self.catalogue.add(book)

    def retrieve(self, id: int) -> BookOut:
        """One book."""
        return self.catalogue.get(id)

    def update(self, id: int, book: BookIn, who: Annotated[str, Depends(editor)]) -> BookOut:
        """Replace a book (editors only)."""
        return self.catalogue.put(id, BookOut(id=id, **book.model_dump()))

    def partial_update(
        self, id: int, changes: BookPatch, who: Annotated[str, Depends(editor)]
    ) -> BookOut:
        """Change some fields of a book (editors only)."""
        current = self.catalogue.get(id)
        changed = current.model_copy(update=changes.model_dump(exclude_none=True))
        return self.catalogue.put(id, BookOut.model_validate(changed.model_dump()))

    def delete(self, id: int, who: Annotated[str, Depends(editor)]) -> None:
        """Remove a book (editors only)."""
        self.catalogue.remove(id)


app = App(middleware=[CORSMiddleware(allow_origins=["http://localhost:3000"])])
Books.register(app, "/books")

EXPORT_TYPES = ("application/json", "text/csv")


@app.get(
    "/export",
    tags=["books"],
    responses={
        200: {
            "description": "Every book, as JSON or CSV (see Accept)",
            "content": {
                "application/json": {
                    "schema": {"type": "array", "items": {"$ref": "#/components/schemas/BookOut"}}
                },
                "text/csv": {"schema": {"type": "string"}},
            },
        },
        406: {"description": "Neither JSON nor CSV is acceptable"},
    },
)
def export(request: Request) -> Response:
    """Every book, in the format the client prefers (JSON or CSV)."""
    chosen = request.preferred(*EXPORT_TYPES)
    books = list(catalogue.books.values())
    if chosen is None:
        raise HTTPException(406, "this export is available as JSON or CSV")
    if chosen == "text/csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["id", "title", "author", "year", "genre", "price"])
        for book in books:
            writer.writerow([book.id, book.title, book.author, book.year, book.genre.value,
                             book.price])  # fmt: skip
        return Response(out.getvalue(), headers={"Vary": "Accept"}, media_type="text/csv")
    body = "[" + ",".join(book.model_dump_json() for book in books) + "]"
    return Response(body, headers={"Vary": "Accept"}, media_type="application/json")


@app.get("/stats", tags=["admin"])
def stats(key: Annotated[str, Depends(stats_key)]) -> Stats:
    """How many books there are, by genre (needs the statistics key)."""
    if not secret_equals(key, STATS_KEY):
        raise HTTPException(403, "wrong statistics key")
    by_genre: dict[str, int] = {}
    for book in catalogue.books.values():
        by_genre[book.genre.value] = by_genre.get(book.genre.value, 0) + 1
    return Stats(books=len(catalogue.books), by_genre=by_genre)


api = OpenAPI(
    app,
    title="Bookshop",
    version="1.0.0",
    description="A small example API built with Trestle.",
    tags=[
        {"name": "books", "description": "The catalogue"},
        {"name": "admin", "description": "For the shop's staff"},
    ],
)
