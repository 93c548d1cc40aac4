"""Middleware: objects with before/after/teardown hooks, composed into layers once at build.

Hooks see the Response object, never the bytes on the wire, so a middleware written once
works for sync and async views, under WSGI and ASGI, and cannot break a streaming body.
Hooks run in the request's own context, so contextvars they set are seen by the view, by
a streaming body while it is produced, and by teardown.

Order: ``before_request`` runs first to last; ``after_request`` and ``teardown`` run last
to first, and only for the layers whose ``before_request`` ran (an onion, as in Django).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from trestle.views import is_async_callable

Hook = Callable[..., Any]


class MiddlewareError(TypeError):
    """An object given as middleware that has none of the hooks."""


class Layer:
    """One middleware's hooks, with whether each must be awaited."""

    __slots__ = (
        "after",
        "after_async",
        "before",
        "before_async",
        "source",
        "teardown",
        "teardown_async",
    )

    def __init__(
        self,
        before: Hook | None,
        before_async: bool,
        after: Hook | None,
        after_async: bool,
        teardown: Hook | None,
        teardown_async: bool,
        source: object,
    ) -> None:
        self.before, self.before_async = before, before_async
        self.after, self.after_async = after, after_async
        self.teardown, self.teardown_async = teardown, teardown_async
        self.source = source

    @property
    def is_async(self) -> bool:
        """True when any of its hooks is a coroutine function."""
        return self.before_async or self.after_async or self.teardown_async


def _hook(obj: object, name: str) -> tuple[Hook | None, bool]:
    hook = getattr(obj, name, None)
    if hook is None:
        return None, False
    if not callable(hook):
        raise MiddlewareError(f"{obj!r}.{name} is not callable")
    return hook, is_async_callable(hook)


def layer_of(middleware: object) -> Layer:
    """The hooks of one middleware object."""
    before, before_async = _hook(middleware, "before_request")
    after, after_async = _hook(middleware, "after_request")
    teardown, teardown_async = _hook(middleware, "teardown")
    if before is None and after is None and teardown is None:
        raise MiddlewareError(
            f"{middleware!r} is not a middleware: it has none of before_request, "
            "after_request and teardown"
        )
    return Layer(before, before_async, after, after_async, teardown, teardown_async, middleware)


def compose(middleware: Sequence[object]) -> tuple[Layer, ...]:
    """Turn the app's middleware list into layers, outermost first."""
    return tuple(layer_of(item) for item in middleware)


class FunctionHooks:
    """Wraps a single function given to ``@app.before_request`` (and friends) as a layer."""

    def __init__(self, kind: str, func: Hook) -> None:
        setattr(self, kind, func)
        self.func = func

    def __repr__(self) -> str:
        return f"<hook {getattr(self.func, '__qualname__', self.func)!r}>"
