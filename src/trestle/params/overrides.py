"""``app.dependency_overrides``: replacing a dependency (in tests) without touching the views.

The mapping is read on each request of a view that has dependencies, so a replacement set
before a test client is made (or even between requests) is used, whether or not the app
was already built. Replacing costs nothing until it is used: the first request that sees a
given set of replacements compiles a plan for it, and later ones reuse that plan.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trestle.http.request import Request
    from trestle.params.markers import Depends
    from trestle.params.plan import CallPlan
    from trestle.routing.converters import Converter

Call = Callable[["Request", dict[str, Any]], Any]
Overrides = Mapping[Callable[..., Any], Callable[..., Any]]


def typed_call(
    plan: CallPlan,
    overrides: Overrides | None,
    path_parameters: Mapping[str, Converter],
    dependencies: tuple[Depends, ...],
    response_model: Any,
) -> tuple[Call, bool]:
    """The endpoint's ``call`` and whether it is async, honouring ``overrides`` per request."""
    assert plan.program is not None
    is_async = plan.is_async
    call = plan.program.make_call(is_async)
    if overrides is None or not plan.dependencies:
        return call, is_async
    replaceable = plan.dependencies
    compiled: dict[tuple[tuple[Any, Any], ...], Call] = {}

    def replaced(key: tuple[tuple[Any, Any], ...]) -> Call:
        from trestle.params.plan import compile_plan

        found = compiled.get(key)
        if found is None:
            other = compile_plan(
                plan.view,
                path_parameters,
                dependencies=dependencies,
                response_model=response_model,
                status_code=plan.status_code,
                overrides=dict(overrides),
            )
            assert other.program is not None
            found = other.program.make_call(other.is_async)
            if other.is_async and not is_async:
                found = _run_to_end(found)
            compiled[key] = found
        return found

    if is_async:

        async def call_async(request: Request, params: dict[str, Any]) -> Any:
            if overrides:
                key = tuple((d, overrides[d]) for d in replaceable if d in overrides)
                if key:
                    result = replaced(key)(request, params)
                    return await result if _is_awaitable(result) else result
            return await call(request, params)

        return call_async, True

    def call_sync(request: Request, params: dict[str, Any]) -> Any:
        if overrides:
            key = tuple((d, overrides[d]) for d in replaceable if d in overrides)
            if key:
                return replaced(key)(request, params)
        return call(request, params)

    return call_sync, False


def _is_awaitable(value: Any) -> bool:
    return hasattr(value, "__await__")


def _run_to_end(call: Call) -> Call:
    """An async replacement in a sync plan: run it to the end on a loop of its own.

    The sync plan may be running in the thread pool, or inside a loop (WSGI with async
    hooks), so the coroutine gets a short-lived thread and loop. Slow, but only tests that
    replace a sync dependency with an async one pay for it.
    """

    def run(request: Request, params: dict[str, Any]) -> Any:
        import asyncio
        import contextvars
        from concurrent.futures import ThreadPoolExecutor

        context = contextvars.copy_context()
        with ThreadPoolExecutor(1) as pool:
            coroutine = call(request, params)
            return pool.submit(context.run, asyncio.run, coroutine).result()

    return run
