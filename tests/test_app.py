"""The App object: one callable for both protocols, registration rules, url_for."""

from __future__ import annotations

import asyncio
import inspect
import io
from typing import Any

import pytest

from trestle import App
from trestle.app import AppFrozenError
from trestle.routing import URLBuildError


def make_app() -> App:
    app = App()

    @app.get("/hello/<name>", name="hello")
    def hello(name: str) -> dict[str, str]:
        return {"hello": name}

    return app


def test_called_with_two_arguments_it_is_a_wsgi_app() -> None:
    app = make_app()
    seen: list[Any] = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/hello/wsgi",
        "QUERY_STRING": "",
        "SERVER_NAME": "x",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
    }
    body = b"".join(app(environ, lambda status, headers: seen.append((status, headers))))
    assert seen[0][0] == "200 OK"
    assert ("Content-Length", str(len(body))) in seen[0][1]
    assert body == b'{"hello":"wsgi"}'


def test_called_with_three_arguments_it_is_an_asgi_app() -> None:
    app = make_app()
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/hello/asgi",
        "raw_path": b"/hello/asgi",
        "query_string": b"",
        "headers": [],
        "scheme": "http",
        "server": ("x", 80),
    }
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 200
    assert sent[1]["body"] == b'{"hello":"asgi"}'
    asyncio.run(app.asgi(scope, receive, send))
    assert sent[3]["body"] == b'{"hello":"asgi"}'


def test_servers_that_sniff_for_asgi3_recognise_the_app() -> None:
    # uvicorn's default interface detection asks exactly this of the app's __call__.
    app = make_app()
    assert asyncio.iscoroutinefunction(app.__call__) or inspect.iscoroutinefunction(app.__call__)


def test_url_for_and_reverse() -> None:
    app = make_app()
    assert app.url_for("hello", name="Ada Lovelace") == "/hello/Ada%20Lovelace"
    assert app.reverse("hello", name="x", lang="en") == "/hello/x?lang=en"
    with pytest.raises(URLBuildError, match="no route is named"):
        app.url_for("goodbye")


def test_request_url_for_in_a_view(make_client) -> None:
    app = make_app()

    @app.get("/")
    def index(request: Any) -> str:
        return request.url_for("hello", name="me")

    assert make_client(app).get("/").text == "/hello/me"


def test_routes_cannot_be_added_once_serving(make_client) -> None:
    app = make_app()
    make_client(app).get("/hello/x")
    with pytest.raises(AppFrozenError):
        app.add_route("/late", lambda: "")
    with pytest.raises(AppFrozenError):
        app.on_startup(lambda: None)
    with pytest.raises(AppFrozenError):
        app.add_error_handler(404, lambda request, error: None)


def test_build_is_idempotent_and_reports_problems_early() -> None:
    app = make_app()
    assert app.build() is app.build()
    broken = App()
    broken.add_route("/a/<int:x>", lambda x: "")
    broken.add_route("/a/<int:y>", lambda y: "")
    with pytest.raises(ValueError, match=r"registered twice|different parameter names"):
        broken.build()


def test_settings_may_be_a_plain_mapping() -> None:
    assert App({"DEBUG": True}).debug is True
    assert "debug=True" in repr(App({"DEBUG": True}))


def test_not_a_view_is_refused() -> None:
    with pytest.raises(TypeError):
        App().add_route("/", "not callable")
