"""PEP 3333 conformance: every kind of response passes ``wsgiref.validate.validator``.

The validator wraps the app and asserts on anything a WSGI server may not rely on: the
environ the app reads, the status line and header types, when ``start_response`` is called,
the body iterable (bytes only, closed once). pytest turns its ``WSGIWarning`` into an error.
"""

from __future__ import annotations

import io
import sys
from collections.abc import AsyncIterator, Iterator
from typing import Any
from wsgiref.validate import validator

import httpx
import pytest

from trestle import (
    App,
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
    Request,
    Response,
    StreamingResponse,
    View,
    abort,
)


def make_app(**settings: Any) -> App:
    app = App({"REQUEST_MAX_BODY_SIZE": 1024, **settings})

    @app.get("/text")
    def text() -> PlainTextResponse:
        return PlainTextResponse("plain text")

    @app.get("/html")
    def html() -> str:
        return "<p>html</p>"

    @app.get("/bytes")
    def raw() -> bytes:
        return b"\x00\x01"

    @app.get("/json/<int:n>")
    def json(n: int) -> dict[str, Any]:
        return {"n": n, "list": [1, 2]}

    @app.post("/json")
    def echo_json(request: Request) -> Response:
        return Response(request.body, 201, media_type="application/json")

    @app.get("/empty")
    def empty() -> None:
        return None

    @app.get("/stream")
    def stream() -> StreamingResponse:
        def chunks() -> Iterator[bytes | str]:
            yield b"one,"
            yield "two,"
            yield b""
            yield b"three"

        return StreamingResponse(chunks(), media_type="text/plain")

    @app.get("/async-stream")
    async def async_stream() -> StreamingResponse:
        async def chunks() -> AsyncIterator[bytes | str]:
            yield "a,"
            yield b"b"

        return StreamingResponse(chunks(), media_type="text/plain")

    @app.get("/async")
    async def async_view(request: Request) -> dict[str, Any]:
        return {"query": request.query.to_dict()}

    @app.get("/redirect")
    def redirect() -> RedirectResponse:
        return RedirectResponse("/text", 302)

    @app.get("/dir/")
    def directory() -> str:
        return "directory"

    @app.route("/things", methods=["GET", "POST"])
    def things(request: Request) -> str:
        return request.method

    @app.get("/cookies")
    def cookies(request: Request) -> Response:
        response = HTMLResponse(f"seen {sorted(request.cookies.items())}")
        response.set_cookie("session", "abc", max_age=60)
        response.set_cookie("theme", "dark", httponly=False, samesite="Strict")
        response.delete_cookie("old")
        return response

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("the view failed")

    @app.get("/forbidden")
    def forbidden() -> None:
        abort(403, "no")

    @app.post("/upload")
    def upload(request: Request) -> dict[str, Any]:
        files = {
            name: {"filename": file.filename, "size": file.size, "head": file.read(5).decode()}
            for name, file in request.files.items()
        }
        return {"fields": request.form.to_dict(), "files": files}

    @app.post("/form")
    async def async_form(request: Request) -> dict[str, Any]:
        return request.form.to_dict()

    class Counter(View):
        def get(self) -> str:
            return "count"

        def delete(self) -> None:
            return None

    app.add_route("/counter", Counter)
    return app


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    transport = httpx.WSGITransport(app=validator(make_app()))
    with httpx.Client(transport=transport, base_url="http://testserver") as client:
        yield client


def test_text_html_bytes_and_json(client: httpx.Client) -> None:
    assert client.get("/text").text == "plain text"
    assert client.get("/html").headers["content-type"] == "text/html; charset=utf-8"
    assert client.get("/bytes").content == b"\x00\x01"
    assert client.get("/json/3").json() == {"n": 3, "list": [1, 2]}
    response = client.post("/json", json={"a": 1})
    assert (response.status_code, response.json()) == (201, {"a": 1})


def test_no_content(client: httpx.Client) -> None:
    response = client.get("/empty")
    assert (response.status_code, response.content) == (204, b"")
    assert client.delete("/counter").status_code == 204


def test_streaming_sync_and_async(client: httpx.Client) -> None:
    assert client.get("/stream").text == "one,two,three"
    assert client.get("/async-stream").text == "a,b"
    assert client.get("/async?x=1").json() == {"query": {"x": "1"}}


def test_head_including_streams(client: httpx.Client) -> None:
    for url in ("/text", "/json/1", "/stream", "/async-stream", "/counter"):
        response = client.head(url)
        assert (response.status_code, response.content) == (200, b""), url


def test_options(client: httpx.Client) -> None:
    response = client.options("/things")
    assert response.status_code == 204
    assert response.headers["allow"] == "GET, HEAD, OPTIONS, POST"
    assert "content-type" not in response.headers


def test_not_found_and_method_not_allowed(client: httpx.Client) -> None:
    assert client.get("/nowhere").status_code == 404
    assert client.get("/json/x").status_code == 404
    response = client.put("/things")
    assert (response.status_code, response.headers["allow"]) == (405, "GET, HEAD, OPTIONS, POST")
    assert client.get("/forbidden").status_code == 403


def test_client_errors(client: httpx.Client) -> None:
    response = client.post("/json", content=b"x" * 2000, headers={"content-type": "text/plain"})
    assert response.status_code == 413
    assert (
        client.post(
            "/form", content=b"a=%zz", headers={"content-type": "application/x-www-form-urlencoded"}
        ).status_code
        == 400
    )


def test_cookies(client: httpx.Client) -> None:
    response = client.get("/cookies", headers={"cookie": "a=1; b=2"})
    assert response.text == "seen [('a', '1'), ('b', '2')]"
    set_cookies = response.headers.get_list("set-cookie")
    assert len(set_cookies) == 3
    assert set_cookies[0].startswith("session=abc")


def test_error_page(client: httpx.Client, caplog: pytest.LogCaptureFixture) -> None:
    response = client.get("/boom")
    assert response.status_code == 500
    assert "the view failed" not in response.text
    assert "Internal Server Error" in caplog.text
    response = client.get("/boom", headers={"accept": "text/html"})
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("text/html")


def test_debug_error_page() -> None:
    transport = httpx.WSGITransport(app=validator(make_app(DEBUG=True)))
    with httpx.Client(transport=transport, base_url="http://testserver") as client:
        response = client.get("/boom", headers={"accept": "text/html"})
    assert response.status_code == 500
    assert "the view failed" in response.text


def test_file_upload_form(client: httpx.Client) -> None:
    response = client.post(
        "/upload",
        data={"title": "hello"},
        files={"doc": ("notes.txt", b"first line\nsecond", "text/plain")},
    )
    assert response.json() == {
        "fields": {"title": "hello"},
        "files": {"doc": {"filename": "notes.txt", "size": 17, "head": "first"}},
    }
    assert client.post("/form", data={"a": "b"}).json() == {"a": "b"}


def test_redirects(client: httpx.Client) -> None:
    response = client.get("/redirect")
    assert (response.status_code, response.headers["location"]) == (302, "/text")
    response = client.get("/dir?x=1")
    assert (response.status_code, response.headers["location"]) == (301, "/dir/?x=1")
    response = client.post("/dir")
    assert (response.status_code, response.headers["location"]) == (308, "/dir/")


def test_a_minimal_environ() -> None:
    """The smallest environ PEP 3333 allows (no RAW_URI, no HTTP_HOST, no REMOTE_ADDR)."""
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": "/json/5",
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.0",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    started: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        started.append((status, headers))
        return lambda data: None

    result = validator(make_app())(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        result.close()  # type: ignore[attr-defined]
    assert started[0][0] == "200 OK"
    assert body == b'{"n":5,"list":[1,2]}'
