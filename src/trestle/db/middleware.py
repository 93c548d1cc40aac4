"""One database session per request, opened on first use and closed at teardown.

``request.db`` is attached lazily: a view that never touches the database opens nothing.
It is a :class:`~sqlalchemy.orm.Session` in a ``def`` view and an
:class:`~sqlalchemy.ext.asyncio.AsyncSession` in an ``async def`` view (chosen by the
routed endpoint, decided when the app was built). Nothing is committed implicitly: a view
calls ``commit()`` (or uses ``atomic()``); whatever is left uncommitted when the request
ends, including the work of a view that raised, is rolled back when the session closes.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from trestle.db.session import DeferredSession
from trestle.http.request import Request

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession
    from sqlalchemy.orm import Session

    from trestle.db.database import Database

log = logging.getLogger("trestle.db")

#: The current request's session opener, so ``atomic()`` can find the session without one
#: being passed; set in ``before_request``, seen by the view and by teardown.
current_request_session: ContextVar[RequestSession | None] = ContextVar(
    "trestle_request_session", default=None
)


class RequestSession:
    """Opens the request's session when first asked, and remembers it for teardown."""

    __slots__ = ("asynchronous", "database", "session")

    def __init__(self, database: Database, asynchronous: bool) -> None:
        self.database = database
        self.asynchronous = asynchronous
        self.session: Session | AsyncSession | None = None

    def __call__(self) -> Session | AsyncSession:
        session = self.session
        if session is None:
            if self.asynchronous:
                session = self.session = self.database.async_session()
            else:
                session = self.session = self.database.connected_session()
        return session


class DatabaseMiddleware:
    """Attaches ``request.db`` (lazily) and closes the session once the response is sent."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.debug = database.debug

    def before_request(self, request: Request) -> None:
        endpoint = request.endpoint
        opener = RequestSession(self.database, endpoint is not None and endpoint.is_async)
        request.attach("db", opener, lazy=True)
        current_request_session.set(opener)

    def teardown(self, request: Request, error: BaseException | None) -> None:
        opener = current_request_session.get()
        if opener is None or opener.session is None:
            return
        session = opener.session
        opener.session = None
        if opener.asynchronous:
            if self.debug:
                _warn_uncommitted(request, session)
            self.database.close_async_session(session)  # type: ignore[arg-type]
            return
        used: Any = session
        try:
            try:
                # PERF: a session the ORM never used (only rows(), or nothing; still
                # unbuilt, or built and empty) holds nothing to close or to warn about;
                # closing its connection rolls back what was not committed.
                if type(used) is not DeferredSession and not used._orm_idle():
                    if self.debug:
                        _warn_uncommitted(request, used)
                    used.close()  # rolls back what was not committed
            finally:
                used.bind.close()  # its own connection
        except Exception as failure:  # a dead connection must not fail the next request
            log.warning(
                "Closing the database session of %s %s failed: %s",
                request.method,
                request.path,
                failure,
            )


def _warn_uncommitted(request: Request, session: Any) -> None:
    if session.new or session.dirty or session.deleted:
        log.warning(
            "%s %s left changes in request.db without commit(); they were rolled back",
            request.method,
            request.path,
        )
