"""Typed-view dependencies: the current user, or a 401/403, as a parameter.

::

    from typing import Annotated
    from trestle.params import Depends
    from trestle.auth.dependencies import require_user, require_permission

    @app.get("/api/me")
    def me(user: Annotated[User, Depends(require_user)]) -> dict:
        return {"username": user.username}

    @app.delete("/api/posts/<int:id>")
    def delete(id: int, user: Annotated[User, Depends(require_permission("blog.delete_post"))]):
        ...

API clients are not sent to a login page: without a login they get 401, without the
permission 403 (both as problem details, like every error).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from trestle.auth.decorators import NotAuthenticated
from trestle.http.exceptions import Forbidden
from trestle.http.request import Request

__all__ = ["current_user", "require_permission", "require_staff", "require_user"]


def current_user(request: Request) -> Any:
    """The logged-in user, or an AnonymousUser."""
    return request.user


def require_user(request: Request) -> Any:
    """The logged-in user; 401 when nobody is logged in."""
    user = request.user
    if not user.is_authenticated:
        raise NotAuthenticated()
    return user


def require_staff(request: Request) -> Any:
    """A logged-in staff user; 401 or 403 otherwise."""
    user = require_user(request)
    if not (user.is_active and getattr(user, "is_staff", False)):
        raise Forbidden("This needs a staff account.")
    return user


def require_permission(*perms: str) -> Callable[[Request], Any]:
    """A dependency: the logged-in user if they have every one of ``perms``; 401/403 else."""
    if not perms or not all(isinstance(p, str) and "." in p for p in perms):
        raise ValueError(f"permissions are named 'app_label.codename', got {perms!r}")

    def dependency(request: Request) -> Any:
        user = require_user(request)
        if not user.has_perms(perms):
            raise Forbidden(f"This needs the permission {', '.join(perms)}.")
        return user

    dependency.__name__ = f"require_permission({', '.join(perms)})"
    dependency.__qualname__ = dependency.__name__
    return dependency
