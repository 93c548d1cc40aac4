"""Test helpers: count the queries a block of code runs.

::

    with assert_num_queries(db, 2):
        client.get("/posts/")

The block fails with every statement listed when the count differs, so an N+1 query (or a
cache that stopped caching) shows up as a failing test, not as a slow page in production.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from trestle.db.database import Database


class QueryLog:
    """The statements run inside an :func:`assert_num_queries` block, in order."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        """How many statements ran."""
        return len(self.statements)

    def __len__(self) -> int:
        return len(self.statements)

    def __str__(self) -> str:
        return "\n".join(
            f"{n}. {' '.join(sql.split())}" for n, sql in enumerate(self.statements, 1)
        )


@contextmanager
def count_queries(target: Database | Engine) -> Iterator[QueryLog]:
    """Record the statements ``target`` (a Database: all its engines) runs in the block."""
    log = QueryLog()

    def belongs(engine: Engine) -> bool:
        if isinstance(target, Engine):
            return engine is target
        return any(engine is own for own in target.engines())

    def record(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
    ) -> None:
        if belongs(conn.engine):
            log.statements.append(statement)

    # On the Engine class, so engines made inside the block (lazily) are counted too.
    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield log
    finally:
        event.remove(Engine, "before_cursor_execute", record)


@contextmanager
def assert_num_queries(target: Database | Engine, expected: int) -> Iterator[QueryLog]:
    """Fail unless the block runs exactly ``expected`` statements on ``target``."""
    with count_queries(target) as log:
        yield log
    if log.count != expected:
        raise AssertionError(
            f"expected {expected} {'query' if expected == 1 else 'queries'}, "
            f"{log.count} ran:\n{log}"
        )
