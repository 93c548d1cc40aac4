"""Sessions: ``request.session``, a dict of JSON values kept between a visitor's requests.

Stores: a signed cookie (the default), the database, Redis (``SESSION_ENGINE``). Add
``SessionMiddleware`` to a one-file app (``trestle.sessions.install(app)``), or list
``trestle.sessions`` in INSTALLED_APPS. See docs/sessions.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trestle.sessions.middleware import SessionMiddleware as SessionMiddleware
from trestle.sessions.session import Session as Session
from trestle.sessions.store import SessionRecord as SessionRecord
from trestle.sessions.store import SessionStore as SessionStore
from trestle.sessions.store import SessionStoreUnavailable as SessionStoreUnavailable
from trestle.sessions.store import SessionTooLarge as SessionTooLarge

if TYPE_CHECKING:
    from trestle.app import App

__all__ = [
    "Session",
    "SessionMiddleware",
    "SessionRecord",
    "SessionStore",
    "SessionStoreUnavailable",
    "SessionTooLarge",
    "install",
]


def install(app: App) -> SessionMiddleware:
    """Add the sessions to ``app`` (settings read now); returns the middleware."""
    middleware = SessionMiddleware(app.settings, app=app)
    app.add_middleware(middleware)
    app.extensions["sessions"] = middleware
    assert middleware.fixed_config is not None
    app.on_shutdown(middleware.fixed_config.store.close)
    return middleware
