"""Helpers for the queries views run most: one row or a 404, and many rows at once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy import Select, insert
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
    converted = _convert_key(model, key)
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


def _convert_key(model: type[Any], key: Any) -> Any:
    """``key`` as the Python type of the model's primary key, or ``_INVALID``."""
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
        if isinstance(value, python_type):
            converted.append(value)
            continue
        try:
            converted.append(_parse(python_type, value))
        except (TypeError, ValueError, OverflowError):
            return _INVALID
    return tuple(converted) if isinstance(key, tuple) else converted[0]


def _parse(python_type: type, value: Any) -> Any:
    if python_type is int:
        digits = value.strip().removeprefix("-") if isinstance(value, str) else "0"
        if isinstance(value, bool) or not digits.isdigit() or not digits.isascii():
            raise ValueError(value)
        number = int(value)
        if not -(2**63) <= number < 2**63:
            raise OverflowError(value)
        return number
    if python_type is str:
        return str(value)
    import uuid

    if python_type is uuid.UUID:
        return uuid.UUID(str(value))
    return python_type(value)
