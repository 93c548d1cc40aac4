"""A bare ASGI callable: hand-written dispatch with the standard library, the floor to compare to.

The ASGI twin of :mod:`benchmarks.apps.bare_wsgi`: the same work, ``async`` all the way.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl

from benchmarks.apps import MANY_ROUTES, has_parameter

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Handler = Callable[[Scope, Receive, Send], Awaitable[None]]
ParamHandler = Callable[[Scope, Receive, Send, str], Awaitable[None]]

_TEXT = b"text/plain; charset=utf-8"


async def _send(
    send: Send,
    status: int,
    body: bytes,
    content_type: bytes,
    extra: list[tuple[bytes, bytes]] | None = None,
) -> None:
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    if extra:
        headers.extend(extra)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _json(send: Send, data: Any) -> None:
    body = json.dumps(data, separators=(",", ":")).encode()
    await _send(send, 200, body, b"application/json")


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope["headers"]:
        if key == name:
            return value  # type: ignore[no-any-return]
    return None


async def plaintext(scope: Scope, receive: Receive, send: Send) -> None:
    await _send(send, 200, b"Hello, World!", _TEXT)


async def hello_json(scope: Scope, receive: Receive, send: Send) -> None:
    await _json(send, {"message": "Hello, World!"})


async def user(scope: Scope, receive: Receive, send: Send, raw_id: str) -> None:
    query = dict(parse_qsl(scope["query_string"].decode("latin-1")))
    data = {"id": int(raw_id), "page": int(query.get("page", 1)), "sort": query.get("sort", "id")}
    await _json(send, data)


async def form(scope: Scope, receive: Receive, send: Send) -> None:
    chunks = []
    more_body = True
    while more_body:
        message = await receive()
        chunks.append(message.get("body", b""))
        more_body = message.get("more_body", False)
    fields = dict(parse_qsl(b"".join(chunks).decode()))
    data = {"name": fields.get("name"), "email": fields.get("email"), "age": fields.get("age")}
    await _json(send, data)


async def cookie(scope: Scope, receive: Receive, send: Send) -> None:
    raw = _header(scope, b"cookie")
    jar: SimpleCookie = SimpleCookie(raw.decode("latin-1") if raw else "")
    morsel = jar.get("visits")
    visits = int(morsel.value) if morsel is not None else 0
    set_cookie = f"visits={visits + 1}; HttpOnly; Path=/; SameSite=Lax".encode()
    body = f"visits: {visits}".encode()
    await _send(send, 200, body, _TEXT, [(b"set-cookie", set_cookie)])


def _numbered(index: int) -> Handler:
    body = f"route {index}".encode()

    async def handler(scope: Scope, receive: Receive, send: Send) -> None:
        await _send(send, 200, body, _TEXT)

    return handler


def _numbered_item(index: int) -> ParamHandler:
    prefix = f"route {index}: item "

    async def handler(scope: Scope, receive: Receive, send: Send, raw_id: str) -> None:
        await _send(send, 200, f"{prefix}{int(raw_id)}".encode(), _TEXT)

    return handler


def make_asgi_app() -> Handler:
    """An ASGI callable that dispatches static paths by dict and ``<prefix>/<int>`` by prefix."""
    static: dict[tuple[str, str], Handler] = {
        ("GET", "/plaintext"): plaintext,
        ("GET", "/json"): hello_json,
        ("POST", "/form"): form,
        ("GET", "/cookie"): cookie,
    }
    by_prefix: dict[str, ParamHandler] = {"/users": user}
    for index in range(MANY_ROUTES):
        if has_parameter(index):
            by_prefix[f"/api/res{index}"] = _numbered_item(index)
        else:
            static[("GET", f"/api/res{index}")] = _numbered(index)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return  # no lifespan or websocket support: nothing to set up
        method = scope["method"]
        path = scope["path"]
        handler = static.get((method, path))
        if handler is not None:
            await handler(scope, receive, send)
            return
        prefix, _, last = path.rpartition("/")
        param_handler = by_prefix.get(prefix)
        if param_handler is not None and method == "GET" and last.isdigit():
            await param_handler(scope, receive, send, last)
            return
        await _send(send, 404, b"Not Found", _TEXT)

    return app
