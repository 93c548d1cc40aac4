"""The types a reader learns first: the protocol callables and what views and hooks look like.

WSGI (PEP 3333)::

    app(environ, start_response) -> iterable of bytes

ASGI 3::

    await app(scope, receive, send)

A Trestle :class:`~trestle.App` is both: called with two arguments it is a WSGI app, with
three it returns the ASGI coroutine. Views are ``def`` or ``async def`` functions (or View
classes) that return a :data:`ViewResult`. Middleware is any object with some of these
methods, each ``def`` or ``async def``::

    before_request(request)            -> None to go on, or a result to answer at once
    after_request(request, response)   -> None to keep the response, or a replacement
    teardown(request, error)           -> after the response is sent (error or None)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping
from typing import Any, Protocol, TypeAlias

Environ: TypeAlias = dict[str, Any]
StartResponse: TypeAlias = Callable[..., Callable[[bytes], object]]
WSGIApp: TypeAlias = Callable[[Environ, StartResponse], Iterable[bytes]]

Scope: TypeAlias = MutableMapping[str, Any]
Message: TypeAlias = MutableMapping[str, Any]
Receive: TypeAlias = Callable[[], Awaitable[Message]]
Send: TypeAlias = Callable[[Message], Awaitable[None]]
ASGIApp: TypeAlias = Callable[[Scope, Receive, Send], Awaitable[None]]

#: What a view may return: a Response; str (HTML); bytes; dict or list (JSON); a pydantic
#: model (JSON); None (204); or ``(body, status)`` / ``(body, status, headers)``.
ViewResult: TypeAlias = Any
View: TypeAlias = Callable[..., ViewResult]
HeadersLike: TypeAlias = Mapping[str, str]


class Middleware(Protocol):
    """Documentation only: a middleware has any of the three hooks in the module docstring."""
