"""Fixtures for the HTTP tests: requests the httpx test client cannot or will not send.

httpx normalizes URLs and always sends an exact ``Content-Length``, so malformed paths, short
or chunked bodies and repeated header lines are sent here by calling the app directly: a
WSGI environ built the way a server builds one, or an ASGI scope and ``receive``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_to_bytes
from wsgiref.util import setup_testing_defaults

import pytest

from trestle import App

CLIENT = ("127.0.0.1", 50000)


@dataclass
class RawResponse:
    """What the app answered: status, ``(lower-case name, value)`` headers, body."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        values = [value for key, value in self.headers if key == name]
        assert len(values) <= 1, f"{name} sent {len(values)} times"
        return values[0] if values else None

    def json(self) -> Any:
        return json.loads(self.body)


class ChunkedInput:
    """A ``wsgi.input`` that hands out one chunk per read, as a socket would."""

    def __init__(self, chunks: Sequence[bytes]) -> None:
        self._chunks = [chunk for chunk in chunks if chunk]

    def read(self, size: int = -1) -> bytes:
        if not self._chunks:
            return b""
        chunk = self._chunks.pop(0)
        if 0 <= size < len(chunk):
            chunk, rest = chunk[:size], chunk[size:]
            self._chunks.insert(0, rest)
        return chunk


def call_wsgi(
    app: App,
    method: str,
    target: bytes,
    headers: Iterable[tuple[str, str]],
    chunks: Sequence[bytes],
    *,
    chunked: bool = False,
    scheme: str = "http",
) -> RawResponse:
    """Call ``app`` with the environ a server builds for ``method target``."""
    path, _, query = target.partition(b"?")
    environ: dict[str, Any] = {}
    setup_testing_defaults(environ)
    environ.update(
        {
            "REQUEST_METHOD": method,
            # Servers decode the path but leave an invalid escape such as %zz as it is.
            "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
            "QUERY_STRING": query.decode("latin-1"),
            "RAW_URI": target.decode("latin-1"),
            "REMOTE_ADDR": CLIENT[0],
            "REMOTE_PORT": str(CLIENT[1]),
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "443" if scheme == "https" else "80",
            "HTTP_HOST": "testserver",
            "wsgi.url_scheme": scheme,
            "wsgi.input": ChunkedInput(chunks),
        }
    )
    if chunked:
        environ["wsgi.input_terminated"] = True
    for name, value in headers:
        key = name.upper().replace("-", "_")
        if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            key = "HTTP_" + key
        # Servers join repeated lines into one environ entry.
        environ[key] = f"{environ[key]}, {value}" if key in environ else value
    answer: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]], exc_info: Any = None):
        answer["status"] = int(status.split(" ", 1)[0])
        answer["headers"] = [(name.lower(), value) for name, value in response_headers]
        return lambda data: None

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return RawResponse(answer["status"], answer["headers"], body)


def call_asgi(
    app: App,
    method: str,
    target: bytes,
    headers: Iterable[tuple[str, str]],
    chunks: Sequence[bytes],
    *,
    chunked: bool = False,
    scheme: str = "http",
) -> RawResponse:
    """Call ``app`` with the scope and messages an ASGI server makes for ``method target``."""
    path, _, query = target.partition(b"?")
    raw_headers = [(b"host", b"testserver")]
    raw_headers += [
        (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers
    ]
    if chunked:
        raw_headers.append((b"transfer-encoding", b"chunked"))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": scheme,
        # Servers decode the path leniently; raw_path keeps the bytes as sent.
        "path": unquote_to_bytes(path).decode("utf-8", "replace"),
        "raw_path": path,
        "query_string": query,
        "root_path": "",
        "headers": raw_headers,
        "client": CLIENT,
        "server": ("testserver", 443 if scheme == "https" else 80),
    }
    messages = [{"type": "http.request", "body": chunk, "more_body": True} for chunk in chunks]
    messages.append({"type": "http.request", "body": b"", "more_body": False})
    sent: list[dict[str, Any]] = []

    async def exchange() -> None:
        finished = asyncio.Event()

        async def receive() -> dict[str, Any]:
            if messages:
                return messages.pop(0)
            await finished.wait()  # as a server does: disconnect only once the response is out
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                finished.set()

        await app(scope, receive, send)

    asyncio.run(exchange())
    start = sent[0]
    assert start["type"] == "http.response.start"
    response_headers = [
        (name.decode("latin-1"), value.decode("latin-1")) for name, value in start["headers"]
    ]
    body = b"".join(message.get("body", b"") for message in sent[1:])
    assert not sent[-1].get("more_body", False)
    return RawResponse(start["status"], response_headers, body)


@pytest.fixture
def send_raw(protocol: str) -> Callable[..., RawResponse]:
    """``send_raw(app, method, target, headers=[...], body=b"" or [chunks], chunked=False)``.

    Calls ``app`` under the current protocol without a client in between. A body gets a
    ``Content-Length`` unless ``headers`` has one or ``chunked`` is true.
    """
    call = call_asgi if protocol == "asgi" else call_wsgi

    def send(
        app: App,
        method: str = "GET",
        target: bytes = b"/",
        *,
        headers: Sequence[tuple[str, str]] = (),
        body: bytes | Sequence[bytes] = b"",
        chunked: bool = False,
        scheme: str = "http",
    ) -> RawResponse:
        chunks = [body] if isinstance(body, bytes) else list(body)
        headers = list(headers)
        has_length = any(name.lower() == "content-length" for name, _ in headers)
        if chunks != [b""] and not chunked and not has_length:
            headers.append(("content-length", str(sum(map(len, chunks)))))
        return call(app, method, target, headers, chunks, chunked=chunked, scheme=scheme)

    return send
