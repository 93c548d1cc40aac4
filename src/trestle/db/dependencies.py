"""Dependency functions for typed views: ``db: Session = Depends(get_db)``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trestle.db.session import Session
from trestle.http.request import Request

if TYPE_CHECKING:
    from trestle.db.async_session import AsyncSession


def get_db(request: Request) -> Session:
    """The request's Session (``request.db`` of a ``def`` view)."""
    session = request.db
    if not isinstance(session, Session):
        raise TypeError("get_db is for def views; an async def view uses get_async_db")
    return session


async def get_async_db(request: Request) -> AsyncSession:
    """The request's AsyncSession (``request.db`` of an ``async def`` view).

    An ``async def`` itself, so the session is made on the event loop that will use it.
    """
    from trestle.db.async_session import AsyncSession

    session = request.db
    if not isinstance(session, AsyncSession):
        raise TypeError("get_async_db is for async def views; a def view uses get_db")
    return session
