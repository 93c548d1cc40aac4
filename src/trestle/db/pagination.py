"""Pagination: numbered pages (page, per_page, total, pages) and keyset pages for big tables.

``paginate`` counts the rows and fetches one page with LIMIT/OFFSET: right for pages a user
clicks through. The deeper the page, the more rows OFFSET skips, so for long tables and
infinite scroll use ``paginate_keyset``: it asks for rows *after* the last one seen (on a
unique ordering), which costs the same on page 1 and page 10,000, and hands back an opaque
cursor for the next page.

Both take their numbers straight from the query string: a page or cursor that is not
valid is a 400, a page past the end a 404, and ``per_page`` is capped at ``max_per_page``.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, false, func, select, tuple_
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from trestle.http.exceptions import BadRequest, NotFound

T = TypeVar("T")


class Page(Generic[T]):
    """One page of results, with what a template or an API needs to link the others."""

    __slots__ = ("items", "page", "pages", "per_page", "total")

    def __init__(self, items: list[T], page: int, per_page: int, total: int) -> None:
        self.items = items
        self.page = page
        self.per_page = per_page
        self.total = total
        self.pages = max(1, -(-total // per_page))

    @property
    def has_next(self) -> bool:
        """True when a page follows this one."""
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        """True when a page comes before this one."""
        return self.page > 1

    @property
    def next_page(self) -> int | None:
        """The next page's number, or None on the last page."""
        return self.page + 1 if self.has_next else None

    @property
    def previous_page(self) -> int | None:
        """The previous page's number, or None on the first page."""
        return self.page - 1 if self.has_previous else None

    def to_dict(self) -> dict[str, Any]:
        """The numbers, without the items (for a JSON answer's ``meta``)."""
        return {
            "page": self.page,
            "per_page": self.per_page,
            "total": self.total,
            "pages": self.pages,
        }

    def __iter__(self) -> Any:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return f"<Page {self.page}/{self.pages} of {self.total}>"


class KeysetPage(Generic[T]):
    """One keyset page: the items and the cursor of the next page (None at the end)."""

    __slots__ = ("items", "next_cursor", "per_page")

    def __init__(self, items: list[T], next_cursor: str | None, per_page: int) -> None:
        self.items = items
        self.next_cursor = next_cursor
        self.per_page = per_page

    @property
    def has_next(self) -> bool:
        """True when more rows follow."""
        return self.next_cursor is not None

    def __iter__(self) -> Any:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return f"<KeysetPage {len(self.items)} items, next={self.next_cursor!r}>"


def paginate(
    session: Session,
    statement: Select[Any],
    page: int | str | None = 1,
    per_page: int | str | None = 20,
    *,
    max_per_page: int = 100,
) -> Page[Any]:
    """The ``page``-th page (from 1) of ``statement``'s rows, ``per_page`` at a time."""
    number = _positive("page", page, 1)
    size = min(_positive("per_page", per_page, 20), max_per_page)
    counting = select(func.count()).select_from(statement.order_by(None).subquery())
    total = session.execute(counting).scalar_one()
    if number > 1 and (number - 1) * size >= total:
        raise NotFound(f"page {number} is past the last page")
    rows = session.execute(statement.limit(size).offset((number - 1) * size))
    return Page(_items(statement, rows), number, size, total)


def paginate_keyset(
    session: Session,
    statement: Select[Any],
    order_by: ColumnElement[Any] | Sequence[ColumnElement[Any]],
    after: str | None = None,
    per_page: int | str | None = 20,
    *,
    descending: bool = False,
    max_per_page: int = 100,
) -> KeysetPage[Any]:
    """The rows of ``statement`` that come after the cursor ``after``, on ``order_by``.

    ``order_by`` must be unique (end it with the primary key): ``(Post.created, Post.id)``.
    The rows must carry those columns (select the entity, or select them too).
    """
    columns = list(order_by) if isinstance(order_by, Sequence) else [order_by]
    size = min(_positive("per_page", per_page, 20), max_per_page)
    keys = [str(column.key) for column in columns]
    ordered = statement.order_by(None).order_by(
        *(column.desc() if descending else column.asc() for column in columns)
    )
    if after:
        values = _decode_cursor(after, columns)
        row_key = tuple_(*columns) if len(columns) > 1 else columns[0]
        boundary = tuple_(*values) if len(columns) > 1 else values[0]
        ordered = ordered.where(row_key < boundary if descending else row_key > boundary)
    elif after is not None:
        ordered = ordered.where(false())  # an empty cursor: past the end
    items = _items(statement, session.execute(ordered.limit(size + 1)))
    cursor = None
    if len(items) > size:
        items = items[:size]
        last = items[-1]
        cursor = _encode_cursor([_value_of(last, key) for key in keys])
    return KeysetPage(items, cursor, size)


def _items(statement: Select[Any], rows: Any) -> list[Any]:
    """Entities (or scalars) for a one-column select, rows otherwise."""
    if len(statement.column_descriptions) == 1:
        return [row[0] for row in rows]
    return list(rows)


def _positive(name: str, value: int | str | None, default: int) -> int:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        raise BadRequest(f"{name} must be a positive integer")
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit()) or len(text) > 9:
            raise BadRequest(f"{name} must be a positive integer, not {value[:20]!r}")
        value = int(text)
    if not isinstance(value, int) or value < 1:
        raise BadRequest(f"{name} must be a positive integer, not {value!r}")
    return value


def _value_of(item: Any, key: str) -> Any:
    mapping = getattr(item, "_mapping", None)
    if mapping is not None and key in mapping:
        return mapping[key]
    return getattr(item, key)


def _encode_cursor(values: list[Any]) -> str:
    text = json.dumps([_jsonable(value) for value in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _decode_cursor(cursor: str, columns: list[ColumnElement[Any]]) -> list[Any]:
    bad = BadRequest("the cursor is not valid: use the next_cursor of a previous page")
    if len(cursor) > 2000:
        raise bad
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise bad from None
    if not isinstance(values, list) or len(values) != len(columns):
        raise bad
    parsed = []
    for column, value in zip(columns, values, strict=True):
        try:
            parsed.append(_from_json(column, value))
        except (TypeError, ValueError, ArithmeticError):
            raise bad from None
    return parsed


def _from_json(column: ColumnElement[Any], value: Any) -> Any:
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return value
    if value is None or isinstance(value, python_type):
        if isinstance(value, bool) and python_type is int:
            raise TypeError("a boolean is not an integer")
        return value
    import datetime
    import decimal
    import uuid

    if python_type in (datetime.datetime, datetime.date, datetime.time):
        return python_type.fromisoformat(value)
    if python_type is decimal.Decimal:
        return decimal.Decimal(str(value))
    if python_type is uuid.UUID:
        return uuid.UUID(str(value))
    if python_type is float and isinstance(value, int):
        return float(value)
    raise TypeError(f"{value!r} is not a {python_type.__name__}")
