"""A bare WSGI callable: hand-written dispatch with the standard library, the floor to compare to.

It does the same work as the framework apps (decode the query and form, parse the cookie,
serialise JSON, render a full Set-Cookie) and nothing else: no request object, no middleware.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl

from benchmarks.apps import MANY_ROUTES, has_parameter

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
Handler = Callable[[Environ, StartResponse], Iterable[bytes]]
ParamHandler = Callable[[Environ, StartResponse, str], Iterable[bytes]]

_TEXT = "text/plain; charset=utf-8"


def _send(
    start_response: StartResponse,
    status: str,
    body: bytes,
    content_type: str,
    extra: list[tuple[str, str]] | None = None,
) -> list[bytes]:
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body)))]
    if extra:
        headers.extend(extra)
    start_response(status, headers)
    return [body]


def _json(start_response: StartResponse, data: Any) -> list[bytes]:
    body = json.dumps(data, separators=(",", ":")).encode()
    return _send(start_response, "200 OK", body, "application/json")


def plaintext(environ: Environ, start_response: StartResponse) -> list[bytes]:
    return _send(start_response, "200 OK", b"Hello, World!", _TEXT)


def hello_json(environ: Environ, start_response: StartResponse) -> list[bytes]:
    return _json(start_response, {"message": "Hello, World!"})


def user(environ: Environ, start_response: StartResponse, raw_id: str) -> list[bytes]:
    query = dict(parse_qsl(environ.get("QUERY_STRING", "")))
    data = {"id": int(raw_id), "page": int(query.get("page", 1)), "sort": query.get("sort", "id")}
    return _json(start_response, data)


def form(environ: Environ, start_response: StartResponse) -> list[bytes]:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    fields = dict(parse_qsl(environ["wsgi.input"].read(length).decode()))
    data = {"name": fields.get("name"), "email": fields.get("email"), "age": fields.get("age")}
    return _json(start_response, data)


def cookie(environ: Environ, start_response: StartResponse) -> list[bytes]:
    jar: SimpleCookie = SimpleCookie(environ.get("HTTP_COOKIE", ""))
    morsel = jar.get("visits")
    visits = int(morsel.value) if morsel is not None else 0
    set_cookie = f"visits={visits + 1}; HttpOnly; Path=/; SameSite=Lax"
    body = f"visits: {visits}".encode()
    return _send(start_response, "200 OK", body, _TEXT, [("Set-Cookie", set_cookie)])


def _numbered(index: int) -> Handler:
    body = f"route {index}".encode()

    def handler(environ: Environ, start_response: StartResponse) -> list[bytes]:
        return _send(start_response, "200 OK", body, _TEXT)

    return handler


def _numbered_item(index: int) -> ParamHandler:
    prefix = f"route {index}: item "

    def handler(environ: Environ, start_response: StartResponse, raw_id: str) -> list[bytes]:
        body = f"{prefix}{int(raw_id)}".encode()
        return _send(start_response, "200 OK", body, _TEXT)

    return handler


def make_wsgi_app() -> Handler:
    """A WSGI callable that dispatches static paths by dict and ``<prefix>/<int>`` by prefix."""
    static: dict[tuple[str, str], Handler] = {
        ("GET", "/plaintext"): plaintext,
        ("GET", "/json"): hello_json,
        ("POST", "/form"): form,
        ("GET", "/cookie"): cookie,
    }
    # Every parameterised route here is "<literal prefix>/<int>": one dict lookup by prefix.
    by_prefix: dict[str, ParamHandler] = {"/users": user}
    for index in range(MANY_ROUTES):
        if has_parameter(index):
            by_prefix[f"/api/res{index}"] = _numbered_item(index)
        else:
            static[("GET", f"/api/res{index}")] = _numbered(index)

    def app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO") or "/"
        handler = static.get((method, path))
        if handler is not None:
            return handler(environ, start_response)
        prefix, _, last = path.rpartition("/")
        param_handler = by_prefix.get(prefix)
        if param_handler is not None and method == "GET" and last.isdigit():
            return param_handler(environ, start_response, last)
        return _send(start_response, "404 Not Found", b"Not Found", _TEXT)

    return app
