"""The test client: httpx calling the app in-process, over WSGI or over ASGI, with one API.

``client = app.test_client()`` (WSGI) or ``app.test_client(asgi=True)``; both are
synchronous httpx clients, so tests read the same under either protocol. Cookies persist
between requests; ``follow_redirects=True`` follows redirects. Used as a context manager
the ASGI client also runs the app's lifespan (start-up and shutdown hooks).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

if TYPE_CHECKING:
    from trestle.app import App

T = TypeVar("T")


class _LoopThread:
    """An event loop running in a daemon thread, for driving the ASGI app from sync tests."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self.loop.run_forever, daemon=True, name="trestle-test-client"
        )
        self._thread.start()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def close(self) -> None:
        if self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join()
        self.loop.close()


class _SyncASGITransport(httpx.BaseTransport):
    """httpx's ASGITransport, driven on a private loop so the client can stay synchronous."""

    def __init__(self, app: App, client: tuple[str, int]) -> None:
        self._transport = httpx.ASGITransport(app=app, client=client)
        self._loop: _LoopThread | None = None

    @property
    def loop(self) -> _LoopThread:
        if self._loop is None:
            self._loop = _LoopThread()
        return self._loop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        # A body from a sync generator cannot be read by the async transport: read it here.
        request.read()

        async def send() -> httpx.Response:
            response = await self._transport.handle_async_request(request)
            # The raw bytes: the client decodes Content-Encoding itself, once.
            content = b"".join([chunk async for chunk in response.aiter_raw()])
            await response.aclose()
            # A stream, not content=..., so httpx adds no Content-Length the app did not send.
            return httpx.Response(
                response.status_code,
                headers=response.headers,
                stream=httpx.ByteStream(content),
                extensions=response.extensions,
            )

        return self.loop.run(send())

    def close(self) -> None:
        if self._loop is not None:
            self._loop.close()
            self._loop = None


class _WSGITransport(httpx.BaseTransport):
    """httpx's WSGITransport, with PATH_INFO as PEP 3333 bytes-in-latin-1 and RAW_URI set.

    httpx puts the decoded path in PATH_INFO as text; a real server passes the bytes, so a
    non-ASCII path would look different under test than in production.
    """

    def __init__(self, app: App, remote_addr: str) -> None:
        self._app = app
        self._remote_addr = remote_addr

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        from urllib.parse import unquote_to_bytes

        raw = request.url.raw_path
        app = self._app

        def as_a_server_would(environ: dict[str, Any], start_response: Any) -> Any:
            environ["PATH_INFO"] = unquote_to_bytes(raw.partition(b"?")[0]).decode("latin-1")
            environ["RAW_URI"] = raw.decode("ascii")
            return app(environ, start_response)

        transport = httpx.WSGITransport(app=as_a_server_would, remote_addr=self._remote_addr)
        return transport.handle_request(request)


class TestClient(httpx.Client):
    """A synchronous httpx client wired to an app; see the module docstring."""

    __test__ = False  # not a pytest test class

    def __init__(
        self,
        app: App,
        *,
        asgi: bool = False,
        base_url: str = "http://testserver",
        client: tuple[str, int] = ("127.0.0.1", 50000),
        **options: Any,
    ) -> None:
        self.app = app
        self.asgi = asgi
        transport: httpx.BaseTransport = (
            _SyncASGITransport(app, client) if asgi else _WSGITransport(app, client[0])
        )
        self._lifespan_queue: asyncio.Queue[dict[str, Any]] | None = None
        self._lifespan_task: Any = None
        super().__init__(transport=transport, base_url=base_url, **options)

    def __enter__(self) -> TestClient:
        super().__enter__()
        if self.asgi:
            self._run_lifespan("startup")
        return self

    def __exit__(self, *exc_info: Any) -> None:
        if self.asgi and self._lifespan_task is not None:
            self._run_lifespan("shutdown")
        elif not self.asgi:
            self.app.build().stop_sync()  # what the worker's exit would do
        super().__exit__(*exc_info)

    def _run_lifespan(self, phase: str) -> None:
        """Send one lifespan event to the app and wait for its answer."""
        transport = self._transport
        assert isinstance(transport, _SyncASGITransport)
        loop = transport.loop

        async def start() -> tuple[asyncio.Queue[dict[str, Any]], asyncio.Queue[dict[str, Any]]]:
            inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
            outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
            scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
            self._lifespan_task = asyncio.ensure_future(
                self.app(scope, inbox.get, outbox.put)  # type: ignore[arg-type]
            )
            return inbox, outbox

        if self._lifespan_task is None:
            self._lifespan_queues = loop.run(start())
        inbox, outbox = self._lifespan_queues

        async def exchange() -> dict[str, Any]:
            await inbox.put({"type": f"lifespan.{phase}"})
            return await outbox.get()

        answer = loop.run(exchange())
        if answer["type"].endswith(".failed"):
            raise RuntimeError(f"lifespan {phase} failed: {answer.get('message', '')}")
