"""Crossing between sync and async code: sync views under ASGI, async views under WSGI."""

from __future__ import annotations

import contextvars
from _thread import _local
from collections.abc import AsyncIterable, Callable, Coroutine, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import asyncio

T = TypeVar("T")

_thread_state = _local()


async def run_in_threadpool(func: Callable[..., T], /, *args: Any) -> T:
    """Run a blocking callable in the loop's thread pool, keeping the caller's contextvars."""
    import asyncio
    import functools

    loop = asyncio.get_running_loop()
    context = contextvars.copy_context()
    return await loop.run_in_executor(None, functools.partial(context.run, func, *args))


def thread_event_loop() -> asyncio.AbstractEventLoop:
    """The event loop owned by this worker thread, made on first use (async views under WSGI)."""
    loop: asyncio.AbstractEventLoop | None = getattr(_thread_state, "loop", None)
    if loop is None or loop.is_closed():
        import asyncio

        loop = asyncio.new_event_loop()
        _thread_state.loop = loop
    return loop


def finish_without_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine that never suspends (nothing async on its way) with one ``send``.

    PERF: no event loop at all; this is how sync routes under WSGI run the async pipeline.
    """
    try:
        coroutine.send(None)
    except StopIteration as done:
        result: T = done.value
        return result
    coroutine.close()
    raise RuntimeError("a sync route awaited something that suspended; make it async def")


def run_in_context(coroutine: Coroutine[Any, Any, T], context: contextvars.Context) -> T:
    """Run a coroutine on this thread's loop as a task bound to exactly ``context``."""
    loop = thread_event_loop()
    return loop.run_until_complete(loop.create_task(coroutine, context=context))


def iterate_async(iterable: AsyncIterable[T]) -> Iterator[T]:
    """Drive an async iterator from sync code on this thread's loop (streams under WSGI)."""
    iterator = iterable.__aiter__()
    loop = thread_event_loop()
    while True:
        try:
            yield loop.run_until_complete(iterator.__anext__())
        except StopAsyncIteration:
            return
