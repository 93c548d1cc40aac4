"""Helpers for the queries views run most: one row or a 404, and many rows at once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy import Select, insert, types
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from trestle.http.exceptions import NotFound

T = TypeVar("T")

#: Rows sent per INSERT statement by :func:`bulk_insert`.
BULK_BATCH = 1000


def get_or_404(session: Session, model: type[T], key: Any) -> T:
    """The row of ``model`` with primary key ``key``, or a 404.

    ``key`` may come straight from a URL: a value that cannot be the key's type (``"abc"``
    for an integer id) is a 404 too, never a database error.
    """
    converted = _convert_key(model, key, session.get_bind(model).dialect.name)
    found = session.get(model, converted) if converted is not _INVALID else None
    if found is None:
        raise NotFound(f"{model.__name__} {key} not found")
    return found


def first_or_404(session: Session, statement: Select[Any]) -> Any:
    """The first row (or entity) ``statement`` selects, or a 404."""
    found = session.execute(statement.limit(1)).first()
    if found is None:
        raise NotFound("Not found")
    return found[0] if len(found) == 1 else found


def bulk_insert(
    session: Session,
    model: type[Any],
    rows: Iterable[Mapping[str, Any]],
    *,
    batch: int = BULK_BATCH,
) -> int:
    """Insert ``rows`` (dicts of column values) in batches of multi-row INSERTs; the count.

    Runs in the session's transaction: commit to keep them. No objects are made, so this
    is the way to load thousands of rows.
    """
    statement = insert(model)
    count = 0
    chunk: list[Mapping[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            session.execute(statement, chunk)
            count += len(chunk)
            chunk = []
    if chunk:
        session.execute(statement, chunk)
        count += len(chunk)
    return count


_INVALID = object()


def _convert_key(model: type[Any], key: Any, dialect: str = "") -> Any:
    """``key`` as the Python type of the model's primary key, or ``_INVALID``.

    An integer must also fit the column on ``dialect`` (an ``INTEGER`` holds 32 bits on
    PostgreSQL and MySQL, 64 on SQLite): beyond that no row can have it, and the database
    would answer with an error rather than with no row.
    """
    columns = sa_inspect(model).primary_key
    keys = key if isinstance(key, tuple) else (key,)
    if len(keys) != len(columns):
        return _INVALID
    converted = []
    for column, value in zip(columns, keys, strict=True):
        try:
            python_type = column.type.python_type
        except NotImplementedError:
            converted.append(value)
            continue
        if python_type is int:
            number = _integer(value)
            if number is None or not _fits(column.type, dialect, number):
                return _INVALID
            converted.append(number)
            continue
        if isinstance(value, python_type):
            converted.append(value)
            continue
        try:
            converted.append(_parse(python_type, value))
        except (TypeError, ValueError, OverflowError):
            return _INVALID
    return tuple(converted) if isinstance(key, tuple) else converted[0]


def _integer(value: Any) -> int | None:
    """An int (from a path converter) or decimal digits as an int; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    digits = value.strip().removeprefix("-") if isinstance(value, str) else ""
    if not digits.isdigit() or not digits.isascii() or len(digits) > 20:
        return None
    return int(value)


def _fits(column_type: Any, dialect: str, number: int) -> bool:
    """Whether an integer column of ``column_type`` can hold ``number`` on ``dialect``."""
    bits = 64
    if dialect != "sqlite":  # SQLite's INTEGER holds 64 bits whatever the declared type
        if isinstance(column_type, types.SmallInteger):
            bits = 16
        elif not isinstance(column_type, types.BigInteger):
            bits = 32
    limit = 1 << (bits - 1)
    return -limit <= number < limit


def _parse(python_type: type, value: Any) -> Any:
    if python_type is str:
        return str(value)
    import uuid

    if python_type is uuid.UUID:
        return uuid.UUID(str(value))
    return python_type(value)
