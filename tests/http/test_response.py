"""Responses: what views return, headers, redirects, streams, HEAD and bodiless statuses."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from trestle import App
from trestle.http.headers import HeaderError
from trestle.http.response import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)

# -- what a view returns -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "status", "content_type", "body"),
    [
        ("<p>hi</p>", 200, "text/html; charset=utf-8", b"<p>hi</p>"),
        ("héllo", 200, "text/html; charset=utf-8", "héllo".encode()),
        (b"\x00\x01", 200, "application/octet-stream", b"\x00\x01"),
        ({"a": [1, None]}, 200, "application/json", b'{"a":[1,null]}'),
        ([1, "two"], 200, "application/json", b'[1,"two"]'),
        ({1: "int key"}, 200, "application/json", b'{"1":"int key"}'),
        (("created", 201), 201, "text/html; charset=utf-8", b"created"),
        (({"id": 1}, 201), 201, "application/json", b'{"id":1}'),
        (("teapot", 418, {"X-Tea": "yes"}), 418, "text/html; charset=utf-8", b"teapot"),
        (("plain", 200, [("Content-Type", "text/plain")]), 200, "text/plain", b"plain"),
        (PlainTextResponse("text"), 200, "text/plain; charset=utf-8", b"text"),
        (HTMLResponse("<b>", 202), 202, "text/html; charset=utf-8", b"<b>"),
        (Response(b"raw", media_type="image/png"), 200, "image/png", b"raw"),
    ],
)
def test_view_return_values(make_client, value, status, content_type, body) -> None:
    app = App()

    @app.get("/")
    def view() -> object:
        return value

    response = make_client(app).get("/")
    assert response.status_code == status
    assert response.headers["content-type"] == content_type
    assert response.content == body
    assert response.headers["content-length"] == str(len(body))


def test_none_is_204(make_client) -> None:
    app = App()

    @app.get("/")
    def view() -> None:
        return None

    response = make_client(app).get("/")
    assert response.status_code == 204
    assert response.content == b""
    assert "content-length" not in response.headers
    assert "content-type" not in response.headers


def test_tuple_headers_reach_the_client(make_client) -> None:
    app = App()

    @app.get("/")
    def view() -> object:
        return "x", 200, {"X-One": "1", "Cache-Control": "no-store"}

    response = make_client(app).get("/")
    assert response.headers["x-one"] == "1"
    assert response.headers["cache-control"] == "no-store"


def test_async_view(make_client) -> None:
    app = App()

    @app.get("/")
    async def view() -> dict[str, bool]:
        await asyncio.sleep(0)
        return {"async": True}

    assert make_client(app).get("/").json() == {"async": True}


# -- JSON ----------------------------------------------------------------------------------


@dataclass
class Point:
    x: int
    y: int


def test_json_response_encodes_dates_uuids_and_dataclasses() -> None:
    value = {
        "when": datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC),
        "naive": datetime(2024, 5, 6, 7, 8, 9),
        "day": date(2024, 5, 6),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "point": Point(1, 2),
        "text": "é",
    }
    response = JSONResponse(value)
    assert response.body == (
        b'{"when":"2024-05-06T07:08:09+00:00","naive":"2024-05-06T07:08:09","day":"2024-05-06",'
        b'"id":"12345678-1234-5678-1234-567812345678","point":{"x":1,"y":2},"text":"\xc3\xa9"}'
    )
    assert response.content_type == "application/json"


def test_json_response_through_http(make_client) -> None:
    app = App()

    @app.get("/")
    def view() -> JSONResponse:
        return JSONResponse(
            {"at": datetime(2024, 1, 1, tzinfo=UTC), "id": uuid.UUID(int=1)},
            status_code=201,
            headers={"X-A": "1"},
            media_type="application/vnd.api+json",
        )

    response = make_client(app).get("/")
    assert response.status_code == 201
    assert response.headers["content-type"] == "application/vnd.api+json"
    assert response.headers["x-a"] == "1"
    assert response.json() == {"at": "2024-01-01T00:00:00+00:00", "id": str(uuid.UUID(int=1))}


def test_json_response_refuses_what_it_cannot_encode() -> None:
    with pytest.raises(TypeError):
        JSONResponse({"a": object()})


# -- headers -------------------------------------------------------------------------------


def test_constructor() -> None:
    response = Response("text", 201, {"X-A": "1"}, media_type="text/plain")
    assert response.body == b"text"
    assert response.status_code == 201
    assert response.headers.raw() == [("Content-Type", "text/plain"), ("X-A", "1")]
    assert response.content_type == "text/plain"
    assert repr(response) == "<Response 201>"
    assert Response().content_type is None
    assert Response().body == b""
    assert Response(bytearray(b"ab")).body == b"ab"


def test_content_type_in_headers_replaces_the_media_type() -> None:
    response = HTMLResponse("x", headers={"content-type": "text/x-custom"})
    assert response.headers.getlist("Content-Type") == ["text/x-custom"]


def test_content_length_in_headers_is_ignored() -> None:
    response = Response(b"abc", headers=[("Content-Length", "999")])
    assert "content-length" not in response.headers


@pytest.mark.parametrize("kind", [Response, StreamingResponse])
def test_content_length_set_through_headers_is_ignored(kind: type[Response]) -> None:
    response = kind([b"x"]) if kind is StreamingResponse else kind(b"abc")  # type: ignore[arg-type]
    response.headers["Content-Length"] = "99"
    response.headers.add("content-length", "98")
    response.headers.update_from({"CONTENT-LENGTH": "97"})
    assert "content-length" not in response.headers


def test_one_content_length_reaches_the_client(send_raw) -> None:
    app = App()

    @app.get("/view")
    def view() -> Response:
        response = Response(b"abc")
        response.headers["Content-Length"] = "99"
        return response

    @app.get("/tuple")
    def from_tuple() -> object:
        return b"abc", 200, {"Content-Length": "1"}

    for path in (b"/view", b"/tuple"):
        response = send_raw(app, "GET", path)
        assert response.header("content-length") == "3"  # sent once
        assert response.body == b"abc"


def test_headers_are_a_case_insensitive_mutable_view() -> None:
    response = Response(b"", headers=[("X-A", "1")])
    response.headers["x-a"] = "2"
    response.headers.add("Vary", "Accept")
    response.headers.add("vary", "Cookie")
    del response.headers["X-A"]
    assert response.headers.raw() == [("Vary", "Accept"), ("vary", "Cookie")]
    assert response.headers.getlist("VARY") == ["Accept", "Cookie"]
    assert "x-a" not in response.headers


def test_header_changes_after_the_view_reach_the_client(make_client) -> None:
    app = App()

    @app.after_request
    def add_header(request, response: Response) -> None:
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.add("Vary", "Cookie")

    @app.get("/")
    def view() -> Response:
        response = Response("x", headers={"Vary": "Accept"})
        response.headers["X-Set"] = "yes"
        return response

    response = make_client(app).get("/")
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-set"] == "yes"
    assert response.headers.get_list("vary") == ["Accept", "Cookie"]


@pytest.mark.parametrize("value", ["a\r\nSet-Cookie: x=1", "a\nb", "a\rb", "a\x00b", "日本"])
def test_bad_header_values_are_refused_when_set(value: str) -> None:
    with pytest.raises(HeaderError):
        Response(b"", headers={"X-A": value})
    with pytest.raises(HeaderError):
        Response(b"", headers=[("X-A", value)])
    with pytest.raises(HeaderError):
        Response(b"", headers={"Content-Type": value})
    with pytest.raises(HeaderError):
        JSONResponse({}, headers={"X-A": value})
    response = Response(b"")
    with pytest.raises(HeaderError):
        response.headers["X-A"] = value
    with pytest.raises(HeaderError):
        response.headers.add("X-A", value)
    assert response.headers.raw() == []


@pytest.mark.parametrize("name", ["X-A\r\nX-B", "X A", "", "X:"])
def test_bad_header_names_are_refused_when_set(name: str) -> None:
    with pytest.raises(HeaderError):
        Response(b"", headers={name: "v"})
    with pytest.raises(HeaderError):
        Response(b"").headers[name] = "v"


def test_a_view_that_sets_a_bad_header_gets_a_500_without_it(make_client) -> None:
    app = App()

    @app.get("/")
    def view() -> Response:
        response = Response("x")
        response.headers["X-Evil"] = "a\r\nX-Injected: 1"
        return response

    response = make_client(app).get("/")
    assert response.status_code == 500
    assert "x-evil" not in response.headers
    assert "x-injected" not in response.headers


# -- redirects -----------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirect_statuses(make_client, status: int) -> None:
    app = App()

    @app.get("/old")
    def old() -> RedirectResponse:
        return RedirectResponse("/new?a=1", status)

    response = make_client(app).get("/old")
    assert response.status_code == status
    assert response.headers["location"] == "/new?a=1"
    assert response.content == b""
    # Empty, but typed: wsgiref.validate wants a Content-Type on every such response.
    assert response.headers["content-type"] == "text/plain; charset=utf-8"


def test_redirect_default_and_follow(make_client) -> None:
    app = App()

    @app.get("/old")
    def old() -> RedirectResponse:
        return RedirectResponse("/new")

    @app.get("/new")
    def new() -> str:
        return "arrived"

    client = make_client(app, follow_redirects=True)
    response = client.get("/old")
    assert response.text == "arrived"
    assert response.history[0].status_code == 302


@pytest.mark.parametrize("status", [200, 300, 304, 400])
def test_redirect_refuses_other_statuses(status: int) -> None:
    with pytest.raises(ValueError, match="not a redirect status"):
        RedirectResponse("/", status)


def test_redirect_to_a_non_ascii_url(make_client) -> None:
    app = App()

    @app.get("/")
    def view() -> RedirectResponse:
        return RedirectResponse("/café/日本?q=é#top")

    response = make_client(app).get("/")
    assert response.headers["location"] == "/caf%C3%A9/%E6%97%A5%E6%9C%AC?q=%C3%A9#top"


def test_redirect_keeps_escapes_and_refuses_injection() -> None:
    assert RedirectResponse("/a%20b?x=%2F").headers["location"] == "/a%20b?x=%2F"
    with pytest.raises(HeaderError):
        RedirectResponse("/a\r\nSet-Cookie: x=1")
    with pytest.raises(HeaderError):
        RedirectResponse("/é\r\nSet-Cookie: x=1")


# -- streaming -----------------------------------------------------------------------------


def stream_app() -> App:
    app = App()

    @app.get("/sync")
    def sync_stream() -> StreamingResponse:
        def chunks():
            yield b"one,"
            yield "two,"
            yield b"three"

        return StreamingResponse(chunks(), media_type="text/plain", headers={"X-S": "1"})

    @app.get("/async")
    def async_stream() -> StreamingResponse:
        async def chunks():
            for chunk in (b"one,", "two,", b"three"):
                await asyncio.sleep(0)
                yield chunk

        return StreamingResponse(chunks(), media_type="text/plain")

    @app.get("/async-view")
    async def async_view() -> StreamingResponse:
        return StreamingResponse([b"one,", b"two,", b"three"], status_code=202)

    return app


@pytest.mark.parametrize("path", ["/sync", "/async", "/async-view"])
def test_streaming_response(make_client, path: str) -> None:
    response = make_client(stream_app()).get(path)
    assert response.status_code == (202 if path == "/async-view" else 200)
    assert response.content == b"one,two,three"


@pytest.mark.parametrize("path", ["/sync", "/async", "/async-view"])
def test_streaming_response_has_no_content_length(send_raw, path: str) -> None:
    # Checked without the test client, which adds one to what it read under ASGI.
    response = send_raw(stream_app(), "GET", path.encode())
    assert response.body == b"one,two,three"
    assert response.header("content-length") is None


def test_streaming_response_headers(make_client) -> None:
    response = make_client(stream_app()).get("/sync")
    assert response.headers["content-type"] == "text/plain"
    assert response.headers["x-s"] == "1"


def test_streaming_response_is_lazy() -> None:
    started = []

    def chunks():
        started.append(True)
        yield b"x"

    response = StreamingResponse(chunks())
    assert started == []
    assert response.streaming
    assert response.body == b""


@pytest.mark.parametrize("path", ["/sync", "/async"])
def test_head_of_a_stream_has_no_body(make_client, path: str) -> None:
    response = make_client(stream_app()).head(path)
    assert response.status_code == 200
    assert response.content == b""


# -- HEAD and bodiless statuses ------------------------------------------------------------


def test_head_has_the_same_headers_and_no_body(make_client) -> None:
    app = App()

    @app.get("/")
    def view() -> dict[str, str]:
        return {"hello": "world"}

    client = make_client(app)
    get, head = client.get("/"), client.head("/")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == get.headers["content-length"] == str(len(get.content))
    assert head.headers["content-type"] == get.headers["content-type"]


@pytest.mark.parametrize("status", [204, 304])
def test_bodiless_statuses(make_client, status: int) -> None:
    app = App()

    @app.get("/")
    def view() -> Response:
        return Response(b"dropped", status, headers={"ETag": '"x"'})

    response = make_client(app).get("/")
    assert response.status_code == status
    assert response.content == b""
    assert "content-length" not in response.headers
    assert response.headers["etag"] == '"x"'


def test_options_is_204_with_allow(make_client) -> None:
    app = App()

    @app.route("/", methods=["GET", "POST"])
    def view() -> str:
        return "x"

    response = make_client(app).options("/")
    assert response.status_code == 204
    assert "content-length" not in response.headers
    assert set(response.headers["allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
