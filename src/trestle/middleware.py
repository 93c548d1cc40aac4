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

from trestle.concurrency import finish_without_loop
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
    return tuple(
        item.as_layer() if isinstance(item, HookGroup) else layer_of(item) for item in middleware
    )


class HookGroup:
    """The functions given to ``@app.before_request``, ``after_request`` and ``teardown``.

    They form one layer, placed where the first of them was registered, and behave as
    Flask users expect: before-functions run in order until one answers; every
    after-function runs (last registered first) and may replace the response; every
    teardown function runs, even when an earlier one fails.
    """

    def __init__(self) -> None:
        self.before: list[Hook] = []
        self.after: list[Hook] = []
        self.teardown: list[Hook] = []

    def as_layer(self) -> Layer:
        """The group's functions folded into one layer's three hooks."""
        from trestle.results import to_response

        befores = [(func, is_async_callable(func)) for func in self.before]
        afters = [(func, is_async_callable(func)) for func in reversed(self.after)]
        teardowns = [(func, is_async_callable(func)) for func in reversed(self.teardown)]

        async def before(request: Any) -> Any:
            for func, is_async in befores:
                result = func(request)
                if is_async:
                    result = await result
                if result is not None:
                    return result
            return None

        async def after(request: Any, response: Any) -> Any:
            for func, is_async in afters:
                result = func(request, response)
                if is_async:
                    result = await result
                if result is not None:
                    response = to_response(result)
            return response

        async def teardown(request: Any, error: BaseException | None) -> None:
            for func, is_async in teardowns:
                try:
                    result = func(request, error)
                    if is_async:
                        await result
                except Exception:
                    import logging

                    logging.getLogger("trestle.error").exception("A teardown function failed")

        # PERF: an all-sync group gets plain functions, so a sync route needs no event loop.
        return Layer(
            _sync_if_possible(before, befores) if befores else None,
            any(is_async for _, is_async in befores),
            _sync_if_possible(after, afters) if afters else None,
            any(is_async for _, is_async in afters),
            _sync_if_possible(teardown, teardowns) if teardowns else None,
            any(is_async for _, is_async in teardowns),
            self,
        )


def _sync_if_possible(function: Hook, hooks: list[tuple[Hook, bool]]) -> Hook:
    """Run ``function`` (an ``async def`` that never awaits when ``hooks`` are all sync)."""
    if any(is_async for _, is_async in hooks):
        return function

    def run(*args: Any) -> Any:
        return finish_without_loop(function(*args))

    return run
