"""Calling an app the way a server would, in-process: once to look at the answer, or in a loop.

Each driver builds its scenario's environ or scope once and copies it per request, because
frameworks store parsed values in them (Bottle caches the query in the environ, Flask the
request object): reusing one would let them skip work a real server's next request needs.
A WSGI body arrives in a fresh ``wsgi.input``; an ASGI body through ``receive``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass
from io import BytesIO
from time import perf_counter
from typing import Any, Protocol

from benchmarks.scenarios import Scenario

Message = MutableMapping[str, Any]
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
ASGIApp = Callable[
    [
        MutableMapping[str, Any],
        Callable[[], Awaitable[Message]],
        Callable[[Message], Awaitable[None]],
    ],
    Awaitable[None],
]


@dataclass
class Captured:
    """A response as it crossed the protocol boundary (header names lower-cased)."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header_values(self, name: str) -> list[str]:
        """Every value of the header ``name`` (lower-case)."""
        return [value for key, value in self.headers if key == name]


class Driver(Protocol):
    """What the harness needs from a protocol driver."""

    def capture(self) -> Captured:
        """Send the scenario's request once and return the whole response."""
        ...

    def time(self, iterations: int) -> float:
        """Send the request ``iterations`` times; the elapsed wall time in seconds."""
        ...


def _write(data: bytes) -> None:
    """The ``write`` callable start_response returns; nobody here uses it to send a body."""


def _start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
    return _write


class WSGIDriver:
    """Calls a WSGI app with a fresh environ, consumes the body and closes the iterable."""

    def __init__(self, app: WSGIApp, scenario: Scenario) -> None:
        self.app = app
        self.environ = scenario.environ()
        self.body = scenario.body

    def capture(self) -> Captured:
        started: list[tuple[str, list[tuple[str, str]]]] = []

        def start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Callable[[bytes], None]:
            started.append((status, headers))
            return _write

        environ = self.environ.copy()
        environ["wsgi.input"] = BytesIO(self.body)
        result = self.app(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        if not started:
            raise AssertionError("the app never called start_response")
        status, headers = started[-1]
        return Captured(int(status.split(" ", 1)[0]), [(k.lower(), v) for k, v in headers], body)

    def time(self, iterations: int) -> float:
        # PERF: everything the loop touches is a local; the loop itself costs ~0.3 µs a turn,
        # the same for every app (see "harness overhead" in the report).
        app = self.app
        base = self.environ
        body = self.body
        start_response = _start_response
        start = perf_counter()
        for _ in range(iterations):
            environ = base.copy()
            environ["wsgi.input"] = BytesIO(body)
            result = app(environ, start_response)
            for _chunk in result:
                pass
            close = getattr(result, "close", None)
            if close is not None:
                close()
        return perf_counter() - start


def _receiver(body: bytes) -> Callable[[], Awaitable[Message]]:
    """A ``receive`` that delivers the body in one message, then reports a disconnect."""
    messages: list[Message] = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> Message:
        if messages:
            return messages.pop()
        return {"type": "http.disconnect"}

    return receive


async def _discard(message: Message) -> None:
    """A ``send`` that drops every message (timing only)."""


class ASGIDriver:
    """Awaits an ASGI app on the harness's one event loop, with a fresh scope and receive."""

    def __init__(self, app: ASGIApp, scenario: Scenario, loop: asyncio.AbstractEventLoop) -> None:
        self.app = app
        self.scope = scenario.scope()
        self.body = scenario.body
        self.loop = loop

    def capture(self) -> Captured:
        return self.loop.run_until_complete(self._capture())

    async def _capture(self) -> Captured:
        messages: list[Message] = []

        async def send(message: Message) -> None:
            messages.append(message)

        await self.app(dict(self.scope), _receiver(self.body), send)
        start = [m for m in messages if m["type"] == "http.response.start"]
        if len(start) != 1:
            raise AssertionError(f"expected one http.response.start, got {len(start)}")
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
        last = messages[-1]
        if last["type"] != "http.response.body" or last.get("more_body", False):
            raise AssertionError("the response did not end with a final http.response.body")
        headers = [
            (bytes(name).decode("latin-1").lower(), bytes(value).decode("latin-1"))
            for name, value in start[0].get("headers", [])
        ]
        return Captured(int(start[0]["status"]), headers, body)

    def time(self, iterations: int) -> float:
        return self.loop.run_until_complete(self._time(iterations))

    async def _time(self, iterations: int) -> float:
        app = self.app
        base = self.scope
        body = self.body
        send = _discard
        start = perf_counter()
        for _ in range(iterations):
            await app(base.copy(), _receiver(body), send)
        return perf_counter() - start


def null_wsgi_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    """An app that does nothing: timing it measures the driver's own cost per request."""
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b""]


async def null_asgi_app(
    scope: MutableMapping[str, Any],
    receive: Callable[[], Awaitable[Message]],
    send: Callable[[Message], Awaitable[None]],
) -> None:
    """The ASGI app that does nothing, for the same purpose."""
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b""})
