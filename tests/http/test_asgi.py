"""The ASGI side of the request: scopes as servers build them, and the body received up front."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from trestle import App
from trestle.http.asgi import ASGIRequest, ClientDisconnected, decode_asgi_path
from trestle.http.exceptions import BadRequest, PayloadTooLarge
from trestle.http.limits import RequestLimits


def scope(**values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "type": "http",
        "method": "GET",
        "scheme": "http",
        "path": "/",
        "raw_path": b"/",
        "query_string": b"",
        "headers": [],
        "client": ("192.0.2.1", 4000),
        "server": ("testserver", 80),
    }
    base.update(values)
    return base


def receiver(*messages: dict[str, Any]):
    queue = list(messages)

    async def receive() -> dict[str, Any]:
        return queue.pop(0) if queue else {"type": "http.disconnect"}

    return receive


def request(
    method: str = "GET", limits: RequestLimits | None = None, messages=(), **values: Any
) -> ASGIRequest:
    s = scope(method=method, **values)
    return ASGIRequest(
        s, receiver(*messages), method, decode_asgi_path(s), limits or RequestLimits()
    )


def call(app: App, s: dict[str, Any], *messages: dict[str, Any]) -> tuple[int, bytes]:
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(s, receiver(*messages), send))
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


# -- the path ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "path"),
    [
        ({"path": "/a/b", "raw_path": b"/a/b"}, "/a/b"),
        ({"path": "/a b", "raw_path": b"/a%20b"}, "/a b"),
        ({"path": "/café", "raw_path": b"/caf%C3%A9"}, "/café"),
        ({"path": "/café", "raw_path": b"/caf\xc3\xa9"}, "/café"),
        ({"path": "/a b", "raw_path": b"/a%20b?x=%zz"}, "/a b"),  # a client left the query in
        ({"path": "/from-path"}, "/from-path"),  # raw_path is optional
        ({"path": "/from-path", "raw_path": None}, "/from-path"),
    ],
)
def test_decode_asgi_path(values: dict[str, Any], path: str) -> None:
    s = scope(**values)
    if "raw_path" not in values:
        del s["raw_path"]
    assert decode_asgi_path(s) == path


@pytest.mark.parametrize(
    ("root_path", "path", "raw_path", "routed"),
    [
        ("/api", "/api/x", b"/api/x", "/x"),
        ("/api", "/api", b"/api", "/"),
        ("/api/", "/api/x", b"/api/x", "/x"),
        ("/api", "/api/caf\xe9", b"/api/caf%C3%A9", "/café"),
        ("/caf\xe9", "/caf\xe9/x", b"/caf%C3%A9/x", "/x"),
        ("/api", "/apix", b"/apix", "/apix"),  # whole segments only
        ("/api", "/x", b"/x", "/x"),  # a server that left root_path out of path
        ("", "/x", b"/x", "/x"),
        ("/", "/x", b"/x", "/x"),
    ],
)
def test_root_path_is_taken_off(root_path: str, path: str, raw_path: bytes, routed: str) -> None:
    assert decode_asgi_path(scope(root_path=root_path, path=path, raw_path=raw_path)) == routed


def test_mounted_app_routes_below_its_root_path() -> None:
    app = App()

    @app.get("/x")
    def view(request) -> dict[str, str]:
        return {"path": request.path, "url": request.url}

    s = scope(root_path="/api", path="/api/x", raw_path=b"/api/x")
    status, body = call(app, s)
    assert (status, body) == (200, b'{"path":"/x","url":"http://testserver/api/x"}')


@pytest.mark.parametrize(
    "raw_path", [b"/%zz", b"/%", b"/a%2", b"/%ff", b"/\xff", b"/%C3%28", b"/%ED%A0%80"]
)
def test_decode_asgi_path_refuses(raw_path: bytes) -> None:
    # Servers decode leniently (U+FFFD); the strict decoding is ours.
    with pytest.raises(BadRequest):
        decode_asgi_path(scope(path="/\ufffd", raw_path=raw_path))


@pytest.mark.parametrize(
    ("raw_path", "detail"),
    [(b"/%zz", b"malformed percent-encoding"), (b"/%ff", b"not valid UTF-8")],
)
def test_bad_path_through_the_app(raw_path: bytes, detail: bytes) -> None:
    status, body = call(App(), scope(path="/\ufffd", raw_path=raw_path))
    assert status == 400
    assert detail in body


# -- what the scope holds ------------------------------------------------------------------


def test_raw_path_and_query_string() -> None:
    req = request(path="/a/b", raw_path=b"/a%2Fb?leftover", query_string=b"q=%C3%A9&r=\xc3\xa9")
    assert req.raw_path == b"/a%2Fb"
    assert req.query_string == "q=%C3%A9&r=\xc3\xa9"
    assert req.query == {"q": "é", "r": "é"}
    assert request(path="/a b", raw_path=None).raw_path == b"/a%20b"


def test_headers_from_the_scope() -> None:
    req = request(headers=[(b"X-Custom", b"one"), (b"x-custom", b"two"), (b"accept", b"*/*")])
    # _header answers the same before and after the Headers object exists.
    assert req._header("x-custom") == "one, two"
    assert req.headers["X-CUSTOM"] == "one, two"
    assert req._header("x-custom") == "one, two"
    assert req.headers.getlist("x-custom") == ["one", "two"]
    assert req._header("x-missing") is None


def test_cookie_lines_join_with_a_semicolon() -> None:
    # HTTP/2 may split Cookie into one line per cookie (RFC 9113 §8.2.3).
    req = request(headers=[(b"cookie", b"a=1"), (b"cookie", b"b=2")])
    assert req.cookies == {"a": "1", "b": "2"}
    req = request(headers=[(b"cookie", b"a=1"), (b"cookie", b"b=2")])
    assert req.headers["cookie"] == "a=1; b=2"
    assert req.cookies == {"a": "1", "b": "2"}


@pytest.mark.parametrize(
    ("values", "url"),
    [
        ({"server": ("h", 80)}, "http://h/p"),
        ({"server": ("h", 8000)}, "http://h:8000/p"),
        ({"scheme": "https", "server": ("h", 443)}, "https://h/p"),
        ({"server": ("/tmp/socket", None)}, "http:///tmp/socket/p"),
        ({"server": None}, "http://localhost/p"),
        ({"server": ("h", 80), "headers": [(b"host", b"example.com")]}, "http://example.com/p"),
    ],
)
def test_scheme_and_host_from_the_scope(values: dict[str, Any], url: str) -> None:
    assert request(path="/p", raw_path=b"/p", **values).url == url


def test_no_client() -> None:
    assert request(client=None).client is None


# -- receiving the body --------------------------------------------------------------------


def body_of(req: ASGIRequest) -> bytes:
    try:
        asyncio.run(req._receive_body())
        return req.body
    finally:
        req._close()


def message(body: bytes, more: bool = False) -> dict[str, Any]:
    return {"type": "http.request", "body": body, "more_body": more}


def test_body_in_several_messages() -> None:
    req = request(
        "POST",
        headers=[(b"content-length", b"6")],
        messages=[message(b"ab", True), message(b""), message(b"x")],
    )
    with pytest.raises(BadRequest):  # "ab" then the end: shorter than declared
        body_of(req)
    req = request(
        "POST",
        headers=[(b"content-length", b"6")],
        messages=[message(b"ab", True), message(b"cd", True), message(b"ef")],
    )
    assert req._has_body
    assert body_of(req) == b"abcdef"


def test_body_longer_than_its_length() -> None:
    req = request("POST", headers=[(b"content-length", b"2")], messages=[message(b"abc")])
    with pytest.raises(BadRequest, match="Content-Length"):
        body_of(req)


def test_body_spools_to_a_file_past_the_spool_size() -> None:
    limits = RequestLimits(spool_size=10)
    req = request(
        "POST", limits, headers=[(b"transfer-encoding", b"chunked")], messages=[message(b"x" * 11)]
    )
    asyncio.run(req._receive_body())
    assert not isinstance(req._buffer, bytes | None)  # a file, not memory
    assert req.body == b"x" * 11
    req._close()


def test_body_within_the_spool_size_stays_in_memory() -> None:
    limits = RequestLimits(spool_size=10)
    req = request(
        "POST",
        limits,
        headers=[(b"content-length", b"6")],
        messages=[message(b"abc", more=True), message(b"def")],
    )
    asyncio.run(req._receive_body())
    assert req._buffer == b"abcdef"
    assert req.body == b"abcdef"


@pytest.mark.parametrize(
    ("method", "headers", "has_body"),
    [
        ("POST", [(b"content-length", b"3")], True),
        ("POST", [(b"content-length", b"0")], False),
        ("POST", [(b"transfer-encoding", b"chunked")], True),
        ("POST", [], False),
        ("GET", [(b"content-length", b"3")], False),
        ("HEAD", [(b"transfer-encoding", b"chunked")], False),
    ],
)
def test_has_body(method: str, headers: list[tuple[bytes, bytes]], has_body: bool) -> None:
    assert request(method, headers=headers)._has_body is has_body


def test_over_the_limit_with_a_length_is_refused_before_receiving() -> None:
    received: list[str] = []

    async def receive() -> dict[str, Any]:
        received.append("called")
        return message(b"x" * 100)

    s = scope(method="POST", headers=[(b"content-length", b"100")])
    req = ASGIRequest(s, receive, "POST", "/", RequestLimits(max_body_size=99))
    with pytest.raises(PayloadTooLarge):
        asyncio.run(req._receive_body())
    assert received == []
    req._close()


def test_client_disconnect() -> None:
    req = request("POST", headers=[(b"content-length", b"10")], messages=[message(b"abc", True)])
    with pytest.raises(ClientDisconnected):
        asyncio.run(req._receive_body())
    req._close()


def test_client_disconnect_through_the_app() -> None:
    app = App()

    @app.post("/")
    def view(request) -> str:
        raise AssertionError("the view must not run")

    s = scope(method="POST", headers=[(b"content-length", b"10")])
    status, body = call(app, s, message(b"abc", True), {"type": "http.disconnect"})
    assert (status, body) == (400, b"")
