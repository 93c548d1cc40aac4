"""N+1 detection: a request that runs the same query shape many times is reported.

Lazy loading makes the classic mistake easy: a list of 50 posts, and for each the author
loaded on its own, 51 queries where 2 would do. While a request runs, each statement the
engines send is counted by its SQL text (the shape: parameters are bound separately, so
``... WHERE id = ?`` is one shape for every id). When the request ends, a shape run at least
``DATABASE_REPEATED_QUERY_LIMIT`` times is reported with its count: a
:class:`RepeatedQueryWarning`, or a :class:`RepeatedQueryError` (the request fails with a
500 naming the query) when ``DATABASE_REPEATED_QUERIES = "error"``.

It is on by default in DEBUG and under pytest, and off (costing nothing) otherwise.
"""

from __future__ import annotations

import sys
import warnings
from collections import Counter
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from trestle.conf.settings import Settings, SettingsError
from trestle.db.errors import RepeatedQueryError, RepeatedQueryWarning
from trestle.http.request import Request
from trestle.http.response import Response

_MODES = ("auto", "warn", "error", "off")

#: The statements of the request being served, by shape (set only while watching).
_statements: ContextVar[Counter[str] | None] = ContextVar("trestle_db_statements", default=None)


def watch_mode(settings: Settings) -> str:
    """``"warn"``, ``"error"`` or ``"off"``, from DATABASE_REPEATED_QUERIES and the context."""
    mode = settings.get("DATABASE_REPEATED_QUERIES", "auto")
    if mode not in _MODES:
        raise SettingsError(
            f"DATABASE_REPEATED_QUERIES must be one of {', '.join(map(repr, _MODES))}, not {mode!r}"
        )
    if mode == "auto":
        return "warn" if settings.DEBUG or "pytest" in sys.modules else "off"
    return str(mode)


def count_statements(engine: Engine) -> None:
    """Count the engine's statements into the current request's counter."""

    @event.listens_for(engine, "before_cursor_execute")
    def counted(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
    ) -> None:
        seen = _statements.get()
        if seen is not None:
            seen[statement] += 1


class RepeatedQueryWatch:
    """Middleware: start a count per request, report repeated shapes when it ends."""

    def __init__(self, limit: int, mode: str) -> None:
        self.limit = limit
        self.error = mode == "error"

    def before_request(self, request: Request) -> None:
        _statements.set(Counter())

    def after_request(self, request: Request, response: Response) -> None:
        seen = _statements.get()
        if not seen:
            return
        statement, count = seen.most_common(1)[0]
        if count < self.limit:
            return
        shape = " ".join(statement.split())
        message = (
            f"{request.method} {request.path} ran the same query {count} times "
            f"(DATABASE_REPEATED_QUERY_LIMIT is {self.limit}); an N+1 query? "
            f"Load the related rows together (selectinload, joinedload) or in one query: "
            f"{shape}"
        )
        seen.clear()  # report once, even if an outer hook asks again
        if self.error:
            raise RepeatedQueryError(message)
        warnings.warn(message, RepeatedQueryWarning, stacklevel=2)
