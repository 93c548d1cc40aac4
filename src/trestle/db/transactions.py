"""``atomic()``: a block of work that is committed whole or not at all.

::

    with atomic():                  # the request's session (request.db)
        ...
    with atomic(session):           # any Session
        with atomic(session):       # nested: a SAVEPOINT, rolled back alone on error
            ...
    async with atomic(async_session):
        ...

    @atomic                         # decorator: each call runs in its own atomic block
    def transfer(...): ...

The outermost block commits when it ends without an exception (including what the session
had pending before it started) and rolls back when one escapes. An inner block is a
savepoint: an exception that leaves it rolls back its work only, and goes on up.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar, overload

from sqlalchemy.orm import Session

from trestle.db.middleware import current_request_session

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

F = TypeVar("F", bound=Callable[..., Any])

_DEPTH = "trestle_atomic_depth"


@overload
def atomic(target: F, /) -> F: ...


@overload
def atomic(target: Session | AsyncSession | None = None, /) -> Atomic: ...


def atomic(target: Any = None, /) -> Any:
    """An atomic block on ``target`` (the request's session when omitted), or ``@atomic``."""
    if callable(target) and not isinstance(target, Session):
        return Atomic(None)(target)  # @atomic on a function, without parentheses
    return Atomic(target)


class Atomic:
    """A context manager (sync or async) and decorator; see the module docstring."""

    def __init__(self, session: Session | AsyncSession | None = None) -> None:
        self._given = session
        self._stack: list[tuple[Any, Any]] = []

    def _session(self) -> Any:
        if self._given is not None:
            return self._given
        opener = current_request_session.get()
        if opener is None:
            raise RuntimeError(
                "atomic() without a session works inside a request (it uses request.db); "
                "elsewhere pass one: atomic(session)"
            )
        return opener()

    # -- sync ----------------------------------------------------------------------------

    def __enter__(self) -> Session:
        session = self._session()
        if not isinstance(session, Session):
            raise TypeError("this session is async: use `async with atomic(...)`")
        depth = session.info.get(_DEPTH, 0)
        nested = session.begin_nested() if depth else None
        session.info[_DEPTH] = depth + 1
        self._stack.append((session, nested))
        return session

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session, nested = self._stack.pop()
        session.info[_DEPTH] -= 1
        if nested is not None:
            if error is None:
                nested.commit()
            elif nested.is_active:
                nested.rollback()
        elif error is None:
            session.commit()
        else:
            session.rollback()

    # -- async ---------------------------------------------------------------------------

    async def __aenter__(self) -> AsyncSession:
        from sqlalchemy.ext.asyncio import AsyncSession

        session = self._session()
        if not isinstance(session, AsyncSession):
            raise TypeError("this session is not async: use `with atomic(...)`")
        info = session.sync_session.info
        depth = info.get(_DEPTH, 0)
        nested = await session.begin_nested() if depth else None
        info[_DEPTH] = depth + 1
        self._stack.append((session, nested))
        return session

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session, nested = self._stack.pop()
        session.sync_session.info[_DEPTH] -= 1
        if nested is not None:
            if error is None:
                await nested.commit()
            elif nested.is_active:
                await nested.rollback()
        elif error is None:
            await session.commit()
        else:
            await session.rollback()

    # -- decorator -----------------------------------------------------------------------

    def __call__(self, function: F) -> F:
        """Run each call of ``function`` in an atomic block of its own."""
        import inspect

        given = self._given
        if inspect.iscoroutinefunction(function):

            @functools.wraps(function)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                async with Atomic(given):
                    return await function(*args, **kwargs)

            return run_async  # type: ignore[return-value]

        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            with Atomic(given):
                return function(*args, **kwargs)

        return run  # type: ignore[return-value]
