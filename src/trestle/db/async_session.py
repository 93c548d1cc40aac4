"""``AsyncSession``: SQLAlchemy's, with the helpers of :class:`trestle.db.session.Session`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession as _AsyncSession
from sqlalchemy.sql import Executable
from sqlalchemy.sql.elements import ColumnElement

from trestle.db import pagination, queries
from trestle.db.session import Session

T = TypeVar("T")


class AsyncSession(_AsyncSession):
    """An AsyncSession whose helpers are awaited: ``await db.get_or_404(Post, id)``."""

    sync_session_class = Session

    async def get_or_404(self, model: type[T], key: Any) -> T:
        """The row of ``model`` with primary key ``key`` (from a URL is fine), or a 404."""
        return await self.run_sync(queries.get_or_404, model, key)

    async def first_or_404(self, statement: Select[Any]) -> Any:
        """The first row (or entity) ``statement`` selects, or a 404."""
        return await self.run_sync(queries.first_or_404, statement)

    async def paginate(
        self,
        statement: Select[Any],
        page: int | str | None = 1,
        per_page: int | str | None = 20,
        *,
        max_per_page: int = 100,
    ) -> pagination.Page[Any]:
        """One numbered page of ``statement``'s rows."""

        def run(session: Any) -> pagination.Page[Any]:
            return pagination.paginate(
                session, statement, page, per_page, max_per_page=max_per_page
            )

        return await self.run_sync(run)

    async def paginate_keyset(
        self,
        statement: Select[Any],
        order_by: ColumnElement[Any] | Sequence[ColumnElement[Any]],
        after: str | None = None,
        per_page: int | str | None = 20,
        *,
        descending: bool = False,
        max_per_page: int = 100,
    ) -> pagination.KeysetPage[Any]:
        """The page of rows after the cursor ``after``."""

        def run(session: Any) -> pagination.KeysetPage[Any]:
            return pagination.paginate_keyset(
                session,
                statement,
                order_by,
                after,
                per_page,
                descending=descending,
                max_per_page=max_per_page,
            )

        return await self.run_sync(run)

    async def bulk_insert(self, model: type[Any], rows: Iterable[Mapping[str, Any]]) -> int:
        """Insert many rows (dicts) with multi-row INSERTs; returns how many."""
        return await self.run_sync(queries.bulk_insert, model, rows)

    async def rows(
        self,
        statement: Executable,
        params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    ) -> CursorResult[Any]:
        """Run ``statement`` as plain SQL in this session's transaction: rows, not objects."""
        if self.autoflush:
            await self.flush()
        connection = await self.connection()
        return await connection.execute(statement, params)
