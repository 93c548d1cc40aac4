"""AuthMiddleware: ``request.user``, loaded from the session on first read.

A view that never reads ``request.user`` costs one attach and nothing else. In a ``def``
view the user is loaded through ``request.db``, so it can be changed and committed like any
row. In an ``async def`` view, ``request.user`` (a plain attribute) loads through a short
sync session of its own, closed when the response is done; prefer ``await auser(request)``
there, which loads in the thread pool.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from trestle.auth.service import Auth
    from trestle.http.request import Request


class _UserLoader:
    """Loads one request's user when first asked; owns a session only when it had to open one."""

    __slots__ = ("auth", "owned", "request")

    def __init__(self, auth: Auth, request: Request) -> None:
        self.auth = auth
        self.request = request
        self.owned: Session | None = None

    def __call__(self) -> Any:
        from trestle.auth.login import load_user, request_sync_db

        request = self.request
        db = request_sync_db(request)
        if db is not None:
            return load_user(request, db)
        self.owned = self.auth.database.session()
        return load_user(request, self.owned)


class AuthMiddleware:
    """Attaches a lazy ``request.user`` (an AnonymousUser when nobody is logged in)."""

    def __init__(self, auth: Auth) -> None:
        self.auth = auth

    def before_request(self, request: Request) -> None:
        loader = _UserLoader(self.auth, request)
        request.attach("user", loader, lazy=True)
        request.attach("_auth_loader", loader)

    def teardown(self, request: Request, error: BaseException | None) -> None:
        if not request.is_attached("_auth_loader"):
            return
        loader: _UserLoader = request.attached("_auth_loader")
        if loader.owned is not None:
            loader.owned.close()
            loader.owned = None
