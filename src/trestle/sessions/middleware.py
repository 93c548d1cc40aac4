"""SessionMiddleware: attaches ``request.session`` and saves it after the view.

The hooks are plain ``def`` for the cookie store, which does no I/O: a WSGI app then runs
without an event loop, as it would without sessions. For a store that waits on the network
(Redis, a database) they are ``async def`` and, under ASGI, run that waiting in the thread
pool, so the event loop is never blocked: the session is read before an ``async def`` view
(or an unsafe method, which CSRF checks) when the request carries a session cookie, and
written after the view. Under WSGI the same hooks read lazily and write in the worker
thread. See docs/sessions.md for the measurements behind this.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from trestle.http.asgi import ASGIRequest
from trestle.sessions.config import SessionConfig
from trestle.sessions.session import Session

if TYPE_CHECKING:
    from trestle.app import App
    from trestle.conf.settings import Settings
    from trestle.http.request import Request
    from trestle.http.response import Response
    from trestle.sessions.store import SessionStore

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
logger = logging.getLogger("trestle.sessions")


class SessionMiddleware:
    """Gives each request a lazy ``request.session``, kept in the store ``SESSION_ENGINE`` names.

    ``SessionMiddleware(app.settings)`` reads the settings now, so a mistake in them stops
    the start-up and a network store gets hooks that keep the event loop free. Without
    settings (``app.add_middleware(SessionMiddleware)``) it reads the app's settings at the
    first request; see the module docstring for what that means with a network store.
    """

    before_request: Callable[[Request], Any]
    after_request: Callable[[Request, Response], Any]

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        store: SessionStore | None = None,
        app: App | None = None,
    ) -> None:
        # Keyed by the app itself (not id(): a collected app's id may come back).
        self._configs: dict[Any, SessionConfig] = {}
        self._store = store
        #: The configuration, when the middleware was made with settings.
        self.fixed_config: SessionConfig | None = None
        if settings is not None:
            self.fixed_config = SessionConfig(settings, store, app)
        if self.fixed_config is not None and self.fixed_config.store.does_io:
            self.before_request = self._before_request_io
            self.after_request = self._after_request_io
        else:
            self.before_request = self._before_request
            self.after_request = self._after_request

    def config(self, request: Request) -> SessionConfig:
        """The sessions' configuration for the request's app (made at its first request)."""
        fixed = self.fixed_config
        if fixed is not None:
            return fixed
        app = request.app
        config = self._configs.get(app)
        if config is None:
            config = self._configs[app] = SessionConfig(app.settings, self._store, app)
            if config.store.does_io:
                logger.warning(
                    "SessionMiddleware was added without settings, so its hooks cannot wait "
                    "for %s without blocking an ASGI event loop; add it as "
                    "SessionMiddleware(app.settings), or install trestle.sessions",
                    type(config.store).__name__,
                )
        return config

    # -- the cookie store: no I/O, plain functions ------------------------------------------

    def _before_request(self, request: Request) -> None:
        request.attach("session", Session(self.config(request), request))

    def _after_request(self, request: Request, response: Response) -> None:
        session: Session = request.attached("session")
        if session.accessed:
            _vary_cookie(response)
            if session.needs_save:
                session.save(response)

    # -- network stores: the waiting goes to the thread pool under ASGI ---------------------

    async def _before_request_io(self, request: Request) -> None:
        config = self.config(request)
        session = Session(config, request)
        request.attach("session", session)
        if (
            isinstance(request, ASGIRequest)
            and (request.method not in _SAFE_METHODS or _is_async_view(request))
            and config.cookie_name in request.cookies
        ):
            await session.load()

    async def _after_request_io(self, request: Request, response: Response) -> None:
        session: Session = request.attached("session")
        if session.accessed:
            _vary_cookie(response)
            if session.needs_save:
                if isinstance(request, ASGIRequest):
                    from trestle.concurrency import run_in_threadpool

                    await run_in_threadpool(session.save, response)
                else:
                    session.save(response)


def _is_async_view(request: Request) -> bool:
    endpoint = request.endpoint
    return endpoint is not None and endpoint.view is not None and endpoint.is_async


def _vary_cookie(response: Response) -> None:
    """The answer depends on the session cookie: shared caches must not mix users' pages."""
    headers = response.headers
    for value in headers.getlist("vary"):
        for token in value.split(","):
            if token.strip().lower() in ("cookie", "*"):
                return
    headers.add("Vary", "Cookie")
