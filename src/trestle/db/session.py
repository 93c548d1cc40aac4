"""The session classes Trestle hands out: SQLAlchemy's, plus the helpers views use most.

``request.db.get_or_404(Post, id)``, ``request.db.paginate(select(Post), page)``... In an
``async def`` view the same methods are awaited: ``await request.db.get_or_404(Post, id)``.

``request.db.rows(statement, params)`` is the fast path for hot views: plain rows from a
statement built once, in the request's transaction, without the ORM's machinery.

``request.db`` is a :class:`Session` whose SQLAlchemy state is built when the ORM is first
used (:class:`DeferredSession`): a view that only calls ``rows()`` never pays for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.engine import Connection, CursorResult
from sqlalchemy.orm import Session as _Session
from sqlalchemy.sql import Executable
from sqlalchemy.sql.elements import ColumnElement

from trestle.db import pagination, queries

T = TypeVar("T")


class Session(_Session):
    """A SQLAlchemy Session with ``get_or_404``, ``first_or_404``, pagination, bulk insert."""

    def get_or_404(self, model: type[T], key: Any) -> T:
        """The row of ``model`` with primary key ``key`` (from a URL is fine), or a 404."""
        return queries.get_or_404(self, model, key)

    def first_or_404(self, statement: Select[Any]) -> Any:
        """The first row (or entity) ``statement`` selects, or a 404."""
        return queries.first_or_404(self, statement)

    def paginate(
        self,
        statement: Select[Any],
        page: int | str | None = 1,
        per_page: int | str | None = 20,
        *,
        max_per_page: int = 100,
    ) -> pagination.Page[Any]:
        """One numbered page of ``statement``'s rows (see :mod:`trestle.db.pagination`)."""
        return pagination.paginate(self, statement, page, per_page, max_per_page=max_per_page)

    def paginate_keyset(
        self,
        statement: Select[Any],
        order_by: ColumnElement[Any] | Sequence[ColumnElement[Any]],
        after: str | None = None,
        per_page: int | str | None = 20,
        *,
        descending: bool = False,
        max_per_page: int = 100,
    ) -> pagination.KeysetPage[Any]:
        """The page of rows after the cursor ``after`` (see :mod:`trestle.db.pagination`)."""
        return pagination.paginate_keyset(
            self,
            statement,
            order_by,
            after,
            per_page,
            descending=descending,
            max_per_page=max_per_page,
        )

    def bulk_insert(self, model: type[Any], rows: Iterable[Mapping[str, Any]]) -> int:
        """Insert many rows (dicts) with multi-row INSERTs; returns how many."""
        return queries.bulk_insert(self, model, rows)

    def commit(self) -> None:
        """Commit the transaction, including writes made through :meth:`rows`."""
        self._take_over_transaction()
        super().commit()

    def rollback(self) -> None:
        """Roll back the transaction, including writes made through :meth:`rows`."""
        self._take_over_transaction()
        super().rollback()

    def _take_over_transaction(self) -> None:
        # rows() may have begun a transaction on the session's own connection without the
        # session knowing: join it, so commit() and rollback() act on it.
        bind = self.bind
        if isinstance(bind, Connection) and not self.in_transaction() and bind.in_transaction():
            self.connection()

    def _orm_idle(self) -> bool:
        """True while the ORM holds nothing: no transaction, no objects, nothing added."""
        # PERF: ``_new`` (what ``new`` is built from) rather than ``new``, which copies it into
        # a fresh set: this runs on every rows() call and at every request's teardown.
        return self._transaction is None and not self._new and not self.identity_map

    def rows(
        self,
        statement: Executable,
        params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    ) -> CursorResult[Any]:
        """Run ``statement`` as plain SQL in this session's transaction: rows, not objects.

        The fast path for hot views: no identity map, no objects built, no ORM compile
        step. Build the statement once (at import, with ``bindparam``) and pass the
        values in ``params`` (a list of dicts runs it once per dict). Changes the session
        has pending are flushed first, so the rows include them.
        """
        bind = self.bind
        if type(bind) is Connection and self._orm_idle():
            # PERF: the request's session sits on a connection of its own; while the ORM
            # has neither a transaction nor objects, run straight on it (the connection
            # begins its own transaction, which the session takes over if the ORM joins in).
            return bind.execute(statement, params)
        if self.autoflush:
            self.flush()
        return self.connection().execute(statement, params)


class DeferredSession(Session):
    """A :class:`Session` on a connection, whose SQLAlchemy state is built on first use.

    PERF: building a SQLAlchemy Session (its identity map, its entry in SQLAlchemy's
    registry of sessions, a dozen attributes, undone again when it is dropped) was the
    largest fixed cost of a request that only runs :meth:`~Session.rows` (about 5 µs of
    SQLite's ``/db``, measured). Until then this object holds only ``bind``; the first read
    of an attribute it lacks, or any write, turns it into a plain :class:`Session` (its
    class is switched, then ``Session.__init__`` runs, so nothing is slower afterwards),
    and the operation goes on on the built session. ``rows()`` alone runs on the connection
    straight away, as a built session with nothing in it would.
    """

    @classmethod
    def on(cls, connection: Connection) -> Session:
        """A session on ``connection`` (the ORM joins its transaction: ``control_fully``)."""
        session = object.__new__(cls)
        session.__dict__["bind"] = connection
        return session

    def _build(self) -> None:
        object.__setattr__(self, "__class__", Session)
        _Session.__init__(
            self,
            bind=self.__dict__["bind"],
            join_transaction_mode="control_fully",
            expire_on_commit=False,
        )

    def __getattr__(self, name: str) -> Any:
        # Reached only for what the instance lacks, and only before the build (a built
        # session is a plain Session): build, then look again.
        self._build()
        return getattr(self, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if type(self) is DeferredSession:
            self._build()
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        if type(self) is DeferredSession:
            self._build()
        object.__delattr__(self, name)

    def rows(
        self,
        statement: Executable,
        params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    ) -> CursorResult[Any]:
        """Run ``statement`` on the session's connection (see :meth:`Session.rows`)."""
        # The ORM holds nothing yet: nothing to flush, no transaction of its own.
        bind: Connection = self.__dict__["bind"]
        return bind.execute(statement, params)


# Its name in reprs, tracebacks and type(request.db).__name__: it is a Session.
DeferredSession.__name__ = DeferredSession.__qualname__ = "Session"
