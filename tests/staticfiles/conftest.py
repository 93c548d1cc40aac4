"""Helpers for the static files tests: source trees on disk, and raw requests.

The test client (httpx) normalises URLs (``/static/../x`` becomes ``/x``), so attacks on
paths are also sent here as a server would pass them on: a WSGI environ or an ASGI scope
with the target exactly as written.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes
from wsgiref.util import setup_testing_defaults

import pytest

from trestle import App


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``{"css/site.css": "..."}`` under ``folder``; return the folder."""
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return folder


@dataclass
class Raw:
    status: int
    headers: dict[str, str]
    body: bytes


def _wsgi(app: App, target: bytes, headers: dict[str, str]) -> Raw:
    path, _, query = target.partition(b"?")
    environ: dict[str, Any] = {}
    setup_testing_defaults(environ)
    environ.update(
        {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
            "QUERY_STRING": query.decode("latin-1"),
            "HTTP_HOST": "testserver",
        }
    )
    for name, value in headers.items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    answer: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]], exc_info: Any = None):
        answer["status"] = int(status.split(" ", 1)[0])
        answer["headers"] = {name.lower(): value for name, value in response_headers}
        return lambda data: None

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        getattr(result, "close", lambda: None)()
    return Raw(answer["status"], answer["headers"], body)


def _asgi(app: App, target: bytes, headers: dict[str, str]) -> Raw:
    path, _, query = target.partition(b"?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": unquote_to_bytes(path).decode("utf-8", "replace"),
        "raw_path": path,
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"testserver")]
        + [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    sent: list[dict[str, Any]] = []

    async def exchange() -> None:
        done = asyncio.Event()

        async def receive() -> dict[str, Any]:
            if not sent:
                return {"type": "http.request", "body": b"", "more_body": False}
            await done.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                done.set()

        await app(scope, receive, send)

    asyncio.run(exchange())
    start = sent[0]
    found = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    return Raw(start["status"], found, b"".join(m.get("body", b"") for m in sent[1:]))


@pytest.fixture
def raw_get(protocol: str) -> Callable[..., Raw]:
    """``raw_get(app, b"/static/%2e%2e/x", {"accept-encoding": "br"})`` under each protocol."""
    call = _asgi if protocol == "asgi" else _wsgi

    def get(app: App, target: bytes, headers: dict[str, str] | None = None) -> Raw:
        return call(app, target, headers or {})

    return get


class AppConfigStub:
    """What the static files battery reads from an installed app: its static folder."""

    def __init__(self, label: str, static_dir: Path | None) -> None:
        self.label = label
        self.static_dir = static_dir
        self.templates_dir = None


class Registry:
    """The app registry's interface the batteries use: ``get_app_configs()``."""

    def __init__(self, *configs: AppConfigStub) -> None:
        self.configs = list(configs)

    def get_app_configs(self) -> list[AppConfigStub]:
        return list(self.configs)
