"""``login_required``, ``permission_required``, ``staff_required``: for function and class views.

::

    @app.get("/account")
    @login_required
    def account(request): ...

    @permission_required("blog.publish_post")
    class Publish(View): ...

A visitor who is not logged in is sent to ``LOGIN_URL?next=<this page>`` (a client that
prefers JSON gets a 401 instead); a logged-in user who lacks the permission gets a 403.
The decorators work on ``def`` and ``async def`` views, and on each handler of a View
class. The view need not take ``request`` itself: the decorator asks for it.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, overload
from urllib.parse import quote

from trestle.concurrency import run_in_threadpool
from trestle.http.exceptions import Forbidden, HTTPException
from trestle.http.request import Request
from trestle.http.response import RedirectResponse, Response
from trestle.views import View, is_async_callable

__all__ = ["login_required", "permission_required", "staff_required"]

F = TypeVar("F", bound=Callable[..., Any])

#: ``check(user) -> True`` to let the user in, ``False`` for a 403.
Check = Callable[[Any], bool]


class NotAuthenticated(HTTPException):
    """401 for API clients that are not logged in."""

    def __init__(self) -> None:
        super().__init__(401, "Authentication required: log in first.")


def login_redirect(request: Request, login_url: str | None = None) -> Response:
    """Send the visitor to the login page, to come back here afterwards."""
    from trestle.auth.service import Auth

    if request.preferred("text/html", "application/json") == "application/json":
        raise NotAuthenticated()
    url = login_url or Auth.of(request.app).login_url
    here = request.root_path + request.path
    if request.query_string:
        here += "?" + request.query_string
    separator = "&" if "?" in url else "?"
    return RedirectResponse(f"{url}{separator}next={quote(here, safe='/')}", 302)


def _request_signature(func: Callable[..., Any], is_method: bool) -> tuple[inspect.Signature, bool]:
    """The signature the wrapper shows (with ``request``), and whether ``func`` takes it."""
    signature = inspect.signature(func)
    parameters = list(signature.parameters.values())
    takes_request = any(p.name == "request" for p in parameters)
    if takes_request:
        return signature, True
    request = inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request)
    position = len(parameters)
    for index, parameter in enumerate(parameters):
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            position = index
            break
    parameters.insert(position, request)
    del is_method
    return signature.replace(parameters=parameters), False


def _guard(func: Callable[..., Any], check: Check, login_url: str | None, is_method: bool) -> Any:
    """Wrap one view function (or View method) with the check."""
    signature, takes_request = _request_signature(func, is_method)

    def pick_request(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Request:
        if takes_request:
            if "request" in kwargs:
                return kwargs["request"]  # type: ignore[no-any-return]
            for arg in args:
                if isinstance(arg, Request):
                    return arg
            raise TypeError("the decorated view was called without its request")
        return kwargs.pop("request")  # type: ignore[no-any-return]

    def decide(request: Request, user: Any) -> Response | None:
        if not user.is_authenticated:
            return login_redirect(request, login_url)
        if not check(user):
            raise Forbidden("You do not have permission to see this page.")
        return None

    if is_async_callable(func):

        @functools.wraps(func)
        async def guarded_async(*args: Any, **kwargs: Any) -> Any:
            request = pick_request(args, kwargs)
            # Loading the user and its permissions queries the database: off the loop.
            refusal = await run_in_threadpool(lambda: decide(request, request.user))
            if refusal is not None:
                return refusal
            return await func(*args, **kwargs)

        guarded_async.__signature__ = signature  # type: ignore[attr-defined]
        return guarded_async

    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        request = pick_request(args, kwargs)
        refusal = decide(request, request.user)
        if refusal is not None:
            return refusal
        return func(*args, **kwargs)

    guarded.__signature__ = signature  # type: ignore[attr-defined]
    return guarded


def _apply(target: Any, check: Check, login_url: str | None) -> Any:
    if isinstance(target, type) and issubclass(target, View):
        for name in target.http_method_names:
            method = target.__dict__.get(name)
            if method is None:
                method = getattr(target, name, None)
            if method is not None and callable(method):
                setattr(target, name, _guard(method, check, login_url, is_method=True))
        return target
    if not callable(target):
        raise TypeError(f"{target!r} is not a view to decorate")
    return _guard(target, check, login_url, is_method=False)


def _anyone(user: Any) -> bool:
    return True


@overload
def login_required(view: F, /) -> F: ...


@overload
def login_required(*, login_url: str | None = None) -> Callable[[F], F]: ...


def login_required(view: Any = None, /, *, login_url: str | None = None) -> Any:
    """Only logged-in users see the view; others go to the login page."""
    if view is not None:
        return _apply(view, _anyone, login_url)
    return lambda target: _apply(target, _anyone, login_url)


def permission_required(
    perm: str | Iterable[str], *, login_url: str | None = None
) -> Callable[[F], F]:
    """Only users with every permission named (``"blog.add_post"``) see the view: 403 else."""
    perms = (perm,) if isinstance(perm, str) else tuple(perm)
    if not perms or not all(isinstance(p, str) and "." in p for p in perms):
        raise ValueError(f"permissions are named 'app_label.codename', got {perm!r}")

    def check(user: Any) -> bool:
        return bool(user.has_perms(perms))

    return lambda target: _apply(target, check, login_url)


def _is_staff(user: Any) -> bool:
    return bool(user.is_active and getattr(user, "is_staff", False))


@overload
def staff_required(view: F, /) -> F: ...


@overload
def staff_required(*, login_url: str | None = None) -> Callable[[F], F]: ...


def staff_required(view: Any = None, /, *, login_url: str | None = None) -> Any:
    """Only staff users (``is_staff``) see the view: 403 for other users."""
    if view is not None:
        return _apply(view, _is_staff, login_url)
    return lambda target: _apply(target, _is_staff, login_url)
