"""The request pipeline, built once per app: one coroutine for both protocols, two thin writers.

``respond`` is the only copy of the pipeline: route match → middleware ``before_request`` →
view → ``after_request``, with every exception turned into a response on the way. It is an
``async def``; under WSGI, when nothing on the route is async, it is driven with a single
``send(None)`` (it never suspends, so no event loop is involved); when something is async,
it runs on the worker thread's own loop. Under ASGI it is awaited, and sync views go to
the thread pool. Each request runs in its own contextvars context under both protocols.
"""

from __future__ import annotations

import contextvars
from _thread import allocate_lock
from collections.abc import AsyncIterable, Callable, Coroutine, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from trestle.concurrency import (
    finish_without_loop,
    iterate_async,
    run_in_context,
    run_in_threadpool,
)
from trestle.errors.handlers import ErrorHandlers
from trestle.errors.pages import error_response
from trestle.http.asgi import ASGIRequest, ClientDisconnected, decode_asgi_path
from trestle.http.exceptions import BadRequest, HTTPException, RequestRedirect
from trestle.http.limits import RequestLimits
from trestle.http.request import Request
from trestle.http.response import RedirectResponse, Response, StreamingResponse
from trestle.http.status import NO_BODY_STATUSES, STATUS_LINES, status_line
from trestle.http.wsgi import WSGIRequest, decode_wsgi_path
from trestle.middleware import Layer
from trestle.params.errors import RequestValidationError
from trestle.results import to_response
from trestle.routing.router import CompiledRouter
from trestle.types import Environ, Receive, Scope, Send, StartResponse
from trestle.views import Endpoint

if TYPE_CHECKING:
    import asyncio
    import logging

    from trestle.app import App

_logger: logging.Logger | None = None


def error_logger() -> logging.Logger:
    """The ``trestle.error`` logger; logging is imported on the first error, not at start."""
    global _logger
    if _logger is None:
        import logging

        _logger = logging.getLogger("trestle.error")
    return _logger


Hook = Callable[[], Any]
T = TypeVar("T")
_NO_PARAMS: dict[str, Any] = {}


class Pipeline:
    """Everything a request needs, decided at start-up; see the module docstring."""

    def __init__(
        self,
        app: App,
        router: CompiledRouter[Endpoint],
        layers: tuple[Layer, ...],
        error_handlers: ErrorHandlers,
        limits: RequestLimits,
        debug: bool,
        startup: list[tuple[Hook, bool]],
        shutdown: list[tuple[Hook, bool]],
    ) -> None:
        self.app = app
        self.router = router
        self.layers = layers
        self.error_handlers = error_handlers
        self.limits = limits
        self.debug = debug
        self._startup = startup
        self._shutdown = shutdown
        self._match = router.match
        self._has_teardown = any(layer.teardown is not None for layer in layers)
        # Under WSGI a route needs an event loop if its view, any hook or any error handler
        # is async; with none, the pipeline coroutine never suspends.
        self._async_chain = any(layer.is_async for layer in layers) or error_handlers.any_async
        self._started = False
        self._startup_done = 0
        self._stopped = False
        self._start_lock = allocate_lock()
        self._async_start_lock: asyncio.Lock | None = None

    # -- the pipeline --------------------------------------------------------------------

    async def respond(
        self, request: Request, endpoint: Endpoint, params: dict[str, Any], threaded: bool
    ) -> tuple[Response, int]:
        """Run middleware and the view; always answer (errors become responses).

        Returns the response and how many layers were entered, whose teardown must run.
        """
        request.endpoint = endpoint
        request.path_params = params
        layers = self.layers
        depth = 0
        response: Response | None = None
        try:
            if threaded and endpoint.view is not None and request._has_body:  # type: ignore[attr-defined]
                await request._receive_body()  # type: ignore[attr-defined]
            for layer in layers:
                depth += 1
                if layer.before is not None:
                    result = layer.before(request)
                    if layer.before_async:
                        result = await result
                    if result is not None:
                        response = _as_response(result)
                        break
            if response is None:
                if endpoint.is_async:
                    result = await endpoint.call(request, params)
                elif threaded and endpoint.view is not None:
                    # A view may block: off the loop. Routing's own answers (404, 405...)
                    # never do, and a thread hop would cost them 100 µs.
                    result = await run_in_threadpool(endpoint.call, request, params)
                else:
                    result = endpoint.call(request, params)
                # PERF: inline, not _as_response: this line runs on every request.
                response = result if isinstance(result, Response) else to_response(result)
        except Exception as error:
            response = await self.handle_error(request, error)
        if depth:
            for layer in reversed(layers[:depth]):
                if layer.after is not None:
                    try:
                        result = layer.after(request, response)
                        if layer.after_async:
                            result = await result
                        if result is not None:
                            response = _as_response(result)
                    except Exception as error:
                        response = await self.handle_error(request, error)
        if response.needs_request:
            # Last, so a file from a view, a hook or an error handler alike answers
            # conditional and range requests, with the headers the hooks left on it.
            try:
                response = response.prepare(request)
            except Exception as error:
                response = await self.handle_error(request, error)
        return response, depth

    async def handle_error(self, request: Request, error: Exception) -> Response:
        """Turn an exception into a response: a user handler, the default page, or a 500."""
        if isinstance(error, RequestRedirect):
            # Routing's own redirect, not an error: no handler gets to swallow its Location.
            return RedirectResponse(error.location, error.status_code)
        if isinstance(error, ClientDisconnected):
            return Response(b"", 400)  # nobody is listening; nothing worth logging
        found = self.error_handlers.find(error)
        if found is not None:
            if not isinstance(error, HTTPException) and not self.error_handlers.expected(error):
                # A handler shapes the answer; the traceback still belongs in the log.
                self._log_internal_error(request, error)
            handler, is_async = found
            try:
                result = handler(request, error)
                if is_async:
                    result = await result
                response = _as_response(result)
                if isinstance(error, HTTPException) and error.headers:
                    # Keep what the status requires (Allow on a 405, Retry-After...).
                    present = response.headers
                    for name, value in error.headers.items():
                        if name not in present:
                            present[name] = value
                return response
            except Exception as handler_error:
                error_logger().error(
                    "The error handler %r failed while handling %r",
                    handler,
                    error,
                    exc_info=handler_error,
                )
                return self.internal_error(request, handler_error)
        if isinstance(error, RequestValidationError):
            return error.to_response(request)
        if isinstance(error, HTTPException):
            return error_response(request, error.status_code, error.detail, headers=error.headers)
        return self.internal_error(request, error)

    def _log_internal_error(self, request: Request, error: BaseException) -> None:
        error_logger().error(
            "Internal Server Error: %s %s (request id %s)",
            request.method,
            request.path,
            request.id,
            exc_info=error,
        )

    def internal_error(self, request: Request, error: BaseException) -> Response:
        """A 500: the traceback to the log, and a page that leaks nothing (unless DEBUG)."""
        request_id = request.id
        self._log_internal_error(request, error)
        if self.debug:
            from trestle.errors.debug import debug_response

            try:
                return debug_response(request, error, request_id)
            except Exception:  # never let the debug page turn a 500 into a dropped connection
                error_logger().exception("The DEBUG error page failed")
        return error_response(
            request, 500, "The server could not handle this request.", request_id=request_id
        )

    # -- lifespan ------------------------------------------------------------------------

    async def _run_startup(self) -> None:
        # A failing hook stops here; the next attempt resumes at that hook, so the hooks
        # that already succeeded never run twice.
        while self._startup_done < len(self._startup):
            hook, is_async = self._startup[self._startup_done]
            result = hook()
            if is_async:
                await result
            self._startup_done += 1
        self._started = True

    async def _run_shutdown(self, *, keep_going: bool) -> None:
        self._stopped = True
        for hook, is_async in reversed(self._shutdown):
            try:
                result = hook()
                if is_async:
                    await result
            except Exception:
                if not keep_going:
                    raise
                error_logger().exception("A shutdown hook failed")

    def _start_sync(self) -> None:
        """Run the start-up hooks once, before the first WSGI request."""
        with self._start_lock:
            if self._started:
                return
            needs_loop = any(is_async for _, is_async in self._startup)
            self._run_sync(self._run_startup(), contextvars.copy_context(), needs_loop)
            import atexit

            atexit.register(self.stop_sync)

    def stop_sync(self) -> None:
        """Run the shutdown hooks once (at exit under WSGI); a failing hook is logged."""
        if self._stopped or not self._started:
            return
        needs_loop = any(is_async for _, is_async in self._shutdown)
        self._run_sync(self._run_shutdown(keep_going=True), contextvars.copy_context(), needs_loop)

    async def start_async(self) -> None:
        """Run the start-up hooks once (ASGI lifespan, or the first request without one)."""
        if self._async_start_lock is None:
            import asyncio

            self._async_start_lock = asyncio.Lock()
        async with self._async_start_lock:
            if not self._started:
                await self._run_startup()

    async def stop_async(self) -> None:
        """Run the shutdown hooks once (ASGI lifespan); a failing hook is reported."""
        if not self._stopped:
            await self._run_shutdown(keep_going=False)

    # -- WSGI ----------------------------------------------------------------------------

    def wsgi(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        """The WSGI entry point."""
        if not self._started:
            self._start_sync()
        method = environ["REQUEST_METHOD"]
        try:
            path = decode_wsgi_path(environ)
        except BadRequest as bad_path:
            path, endpoint, params = "/", _raising(bad_path), _NO_PARAMS
        else:
            endpoint, params = self._match(method, path)
        request = WSGIRequest(environ, method, path, self.limits)
        request.app = self.app
        # PERF: a fresh context per request costs ~0.1 µs and keeps contextvars from leaking
        # from one request to the next on a reused worker thread.
        context = contextvars.copy_context()
        response, depth = self._run_sync(
            self.respond(request, endpoint, params, False),
            context,
            endpoint.is_async or self._async_chain,
        )
        return self._write_wsgi(request, response, depth, start_response, context)

    @staticmethod
    def _run_sync(
        coroutine: Coroutine[Any, Any, T], context: contextvars.Context, needs_loop: bool
    ) -> T:
        """Run a pipeline coroutine to the end in ``context``, under WSGI.

        With nothing async on the way it never suspends: one ``send`` finishes it, with no
        event loop at all. Otherwise it runs on this thread's loop, as a task bound to the
        very same context, so a contextvar set by a hook is reset in the context it was set.
        """
        if needs_loop:
            return run_in_context(coroutine, context)
        return context.run(finish_without_loop, coroutine)

    def _write_wsgi(
        self,
        request: Request,
        response: Response,
        depth: int,
        start_response: StartResponse,
        context: contextvars.Context,
    ) -> Iterable[bytes]:
        status = response.status_code
        headers = response._header_list(response._cookies is not None and request.is_secure)
        if response.streaming:
            start_response(STATUS_LINES.get(status) or status_line(status), headers)
            assert isinstance(response, StreamingResponse)
            if request.method == "HEAD" or status in NO_BODY_STATUSES:
                close = getattr(response.content, "close", None)
                if close is not None:
                    close()
                return _WSGIClosing((), self, request, depth, context)
            return _WSGIStream(response.content, self, request, depth, context)
        body = response.body
        if status >= 400:
            # PEP 3333 forbids hop-by-hop headers (a 413's Connection: close): the server
            # owns the connection.
            headers = [(name, value) for name, value in headers if name.lower() != "connection"]
        if status in NO_BODY_STATUSES:
            body = b""
            headers = _without_body_headers(headers)
        else:
            headers = [*headers, ("Content-Length", str(len(body)))]
            if request.method == "HEAD":
                body = b""
        start_response(STATUS_LINES.get(status) or status_line(status), headers)
        attached = request._attached
        if (
            (self._has_teardown and depth)
            or request._files
            or (attached is not None and _EXITS in attached)
        ):
            return _WSGIClosing((body,), self, request, depth, context)
        return (body,)

    async def teardown(self, request: Request, depth: int, error: BaseException | None) -> None:
        """Close generator dependencies, run the teardown hooks of the entered layers (last
        first), release the request."""
        if request._attached is not None:
            exits = request._attached.get(_EXITS)
            if exits is not None:
                from trestle.params.runtime import close_exits

                await close_exits(exits)
        for layer in reversed(self.layers[:depth]):
            if layer.teardown is not None:
                try:
                    result = layer.teardown(request, error)
                    if layer.teardown_async:
                        await result
                except Exception:
                    error_logger().exception("A teardown hook failed")
        request._close()

    def teardown_sync(
        self,
        request: Request,
        depth: int,
        error: BaseException | None,
        context: contextvars.Context,
    ) -> None:
        """Teardown under WSGI, in the request's context (see :meth:`_run_sync`)."""
        needs_loop = self._async_chain or _has_async_exits(request)
        self._run_sync(self.teardown(request, depth, error), context, needs_loop)

    # -- ASGI ----------------------------------------------------------------------------

    async def asgi(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The ASGI entry point."""
        kind = scope["type"]
        if kind == "http":
            await self._asgi_http(scope, receive, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)
        elif kind == "websocket":
            # No WebSocket routes yet: refuse the handshake (a 403 to the client).
            await receive()
            await send({"type": "websocket.close", "code": 1008})
        else:
            raise RuntimeError(f"unsupported ASGI scope type {kind!r}")

    async def _asgi_http(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._started:
            await self.start_async()
        method = scope["method"]
        try:
            path = decode_asgi_path(scope)
        except BadRequest as bad_path:
            path, endpoint, params = "/", _raising(bad_path), _NO_PARAMS
        else:
            endpoint, params = self._match(method, path)
        request = ASGIRequest(scope, receive, method, path, self.limits)
        request.app = self.app
        response, depth = await self.respond(request, endpoint, params, True)
        failure: BaseException | None = None
        try:
            await self._send_asgi(request, response, send)
        except BaseException as exc:
            failure = exc
            raise
        finally:
            # PERF: skip the teardown coroutine when there is nothing to tear down.
            attached = request._attached
            if (
                (self._has_teardown and depth)
                or request._files
                or request._buffer is not None
                or (attached is not None and _EXITS in attached)
            ):
                await self.teardown(request, depth, failure)

    async def _send_asgi(self, request: Request, response: Response, send: Send) -> None:
        status = response.status_code
        raw = response._header_list(response._cookies is not None and request.is_secure)
        headers = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in raw]
        if not response.streaming:
            body = response.body
            if status in NO_BODY_STATUSES:
                body = b""
                headers = [(k, v) for k, v in headers if k != b"content-type"]
            else:
                headers.append((b"content-length", str(len(body)).encode()))
                if request.method == "HEAD":
                    body = b""
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await send({"type": "http.response.start", "status": status, "headers": headers})
        assert isinstance(response, StreamingResponse)
        content = response.content
        if request.method == "HEAD" or status in NO_BODY_STATUSES:
            await _close_content(content)
        elif not await _stream_until_disconnect(content, send, request):
            return  # the client went away: the body was stopped and closed, nothing to end
        await send({"type": "http.response.body", "body": b""})

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.start_async()
                except Exception as error:
                    error_logger().exception("A start-up hook failed")
                    await send({"type": "lifespan.startup.failed", "message": str(error)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                try:
                    await self.stop_async()
                except Exception as error:
                    error_logger().exception("A shutdown hook failed")
                    await send({"type": "lifespan.shutdown.failed", "message": str(error)})
                    return
                await send({"type": "lifespan.shutdown.complete"})
                return


#: Where the typed views keep a request's generator dependencies to close
#: (:data:`trestle.params.runtime.EXITS`).
_EXITS = "trestle.dependency_exits"


def _has_async_exits(request: Request) -> bool:
    attached = request._attached
    exits = attached.get(_EXITS) if attached is not None else None
    return exits is not None and bool(exits.is_async)


def _without_body_headers(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A 204 or 304 describes no body: drop a Content-Type a view set out of habit."""
    return [(name, value) for name, value in headers if name.lower() != "content-type"]


async def _stream_until_disconnect(
    content: Iterable[bytes | str] | AsyncIterable[bytes | str], send: Send, request: Request
) -> bool:
    """Send a streaming body; stop it as soon as the client disconnects.

    Servers may silently drop what is sent on a closed connection, so a stream that never
    ends (server-sent events, a long download) would run forever: the app listens for
    ``http.disconnect`` while it sends. Returns False when the client went away.
    """
    import asyncio

    async def pump() -> None:
        if isinstance(content, AsyncIterable):
            try:
                async for chunk in content:
                    await send(_body_message(chunk))
            finally:
                await _close_content(content)
        else:
            iterator = iter(content)
            try:
                while (chunk := await run_in_threadpool(next, iterator, None)) is not None:
                    await send(_body_message(chunk))
            finally:
                # A client that went away mid-stream must not leave a file open.
                await _close_content(iterator)

    async def disconnected() -> None:
        receive: Receive = request.receive  # type: ignore[attr-defined]
        while (await receive())["type"] != "http.disconnect":
            await asyncio.sleep(0)  # a receive that never blocks must not starve the stream

    streaming = asyncio.ensure_future(pump())
    watching = asyncio.ensure_future(disconnected())
    try:
        await asyncio.wait((streaming, watching), return_when=asyncio.FIRST_COMPLETED)
    finally:
        watching.cancel()
        if not streaming.done():
            streaming.cancel()
            # Let the stream run its finally blocks (closing the file) before going on.
            await asyncio.wait((streaming,))
    if streaming.cancelled():
        return False
    streaming.result()  # a failing stream fails the request
    return True


async def _close_content(content: object) -> None:
    """Close a response body iterator that was not (fully) consumed."""
    aclose = getattr(content, "aclose", None)
    if aclose is not None:
        await aclose()
        return
    close = getattr(content, "close", None)
    if close is not None:
        await run_in_threadpool(close)


def _as_response(result: Any) -> Response:
    return result if isinstance(result, Response) else to_response(result)


def _body_message(chunk: bytes | str) -> dict[str, Any]:
    return {"type": "http.response.body", "body": _encode(chunk), "more_body": True}


def _encode(chunk: bytes | str) -> bytes:
    return chunk.encode() if isinstance(chunk, str) else chunk


def _raising(error: Exception) -> Endpoint:
    def call(request: Request, params: dict[str, Any]) -> Any:
        raise error

    return Endpoint(None, call, False)


class _WSGIClosing:
    """A WSGI body that runs teardown when the server closes it (after the last byte)."""

    __slots__ = ("_body", "_context", "_depth", "_pipeline", "_request")

    def __init__(
        self,
        body: Iterable[bytes],
        pipeline: Pipeline,
        request: Request,
        depth: int,
        context: contextvars.Context,
    ) -> None:
        self._body = body
        self._pipeline = pipeline
        self._request = request
        self._depth = depth
        self._context = context

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._body)

    def close(self) -> None:
        self._pipeline.teardown_sync(self._request, self._depth, None, self._context)


class _WSGIStream(_WSGIClosing):
    """A streaming WSGI body: each chunk is produced inside the request's context."""

    __slots__ = ("_error",)

    def __init__(
        self,
        content: Iterable[bytes | str] | AsyncIterable[bytes | str],
        pipeline: Pipeline,
        request: Request,
        depth: int,
        context: contextvars.Context,
    ) -> None:
        iterator: Iterator[bytes | str] = (
            iterate_async(content) if isinstance(content, AsyncIterable) else iter(content)
        )
        super().__init__(iterator, pipeline, request, depth, context)  # type: ignore[arg-type]
        self._error: BaseException | None = None

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        try:
            chunk: bytes | str = self._context.run(next, self._body)  # type: ignore[arg-type]
        except StopIteration:
            raise  # the normal end, not a failure
        except Exception as error:
            # Headers are sent: all we can do is log and let the server drop the connection.
            self._error = error
            error_logger().error(
                "A streaming response failed: %s %s",
                self._request.method,
                self._request.path,
                exc_info=error,
            )
            raise
        return _encode(chunk)

    def close(self) -> None:
        close = getattr(self._body, "close", None)
        if close is not None:
            self._context.run(close)
        self._pipeline.teardown_sync(self._request, self._depth, self._error, self._context)
