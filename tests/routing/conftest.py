"""``fetch``: a request with raw control over the target, as a real server would pass it on.

httpx's WSGITransport puts the *decoded* path, as text, in ``PATH_INFO``; PEP 3333 wants the
bytes as latin-1 text. Paths with non-ASCII characters, or ones like ``//host``, go through
``fetch`` so each protocol sees exactly what gunicorn, granian or uvicorn would give it.
"""

from __future__ import annotations

import asyncio
import io
import sys
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_to_bytes

import pytest

from trestle import App

Fetched = tuple[int, dict[str, str], bytes]


def fetch_wsgi(app: App, method: str, target: str, root: str = "") -> Fetched:
    target = target.encode("utf-8").decode("latin-1")  # bytes as latin-1 text, as PEP 3333 says
    raw_path, _, query = target.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": root,
        "PATH_INFO": unquote_to_bytes(raw_path.encode("latin-1")).decode("latin-1"),
        "RAW_URI": target,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    started: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        started[:] = [status, headers]
        return lambda data: None

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        getattr(result, "close", lambda: None)()
    status, headers = started
    return int(status.split()[0]), {k.lower(): v for k, v in headers}, body


def fetch_asgi(app: App, method: str, target: str, root: str = "") -> Fetched:
    raw_path, _, query = (root + target).partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        # Servers decode with U+FFFD for invalid UTF-8; the app re-decodes raw_path itself.
        "path": unquote_to_bytes(raw_path).decode("utf-8", "replace"),
        "raw_path": raw_path.encode("utf-8"),
        "query_string": query.encode("utf-8"),
        "root_path": root,  # the ASGI path includes it
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    messages: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    asyncio.run(app(scope, receive, send))
    start = messages[0]
    body = b"".join(message.get("body", b"") for message in messages[1:])
    headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in start["headers"]}
    return start["status"], headers, body


@pytest.fixture
def fetch(protocol: str) -> Callable[..., Fetched]:
    """``fetch(app, method, raw_target, root="")`` -> ``(status, lower-cased headers, body)``.

    ``root`` mounts the app under a prefix: ``SCRIPT_NAME`` under WSGI, ``root_path`` under ASGI.
    """
    return fetch_asgi if protocol == "asgi" else fetch_wsgi
