"""What every template sees: ``user`` and ``perms`` (``{% if "blog.add_post" in perms %}``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from trestle.auth.models import AnonymousUser

if TYPE_CHECKING:
    from trestle.http.request import Request


class Permissions:
    """The current user's permissions for templates: ``"blog.add_post" in perms``."""

    __slots__ = ("_user",)

    def __init__(self, user: Any) -> None:
        self._user = user

    def __contains__(self, perm: object) -> bool:
        return isinstance(perm, str) and bool(self._user.has_perm(perm))

    def __getitem__(self, perm: str) -> bool:
        return perm in self

    def __repr__(self) -> str:
        return f"<Permissions of {self._user}>"


def auth_context(request: Request) -> Mapping[str, Any]:
    """``user`` (an AnonymousUser when nobody is logged in) and ``perms``."""
    user = request.user if request.is_attached("user") else AnonymousUser()
    return {"user": user, "perms": Permissions(user)}
