"""The WSGI side of the request: environs as servers build them (PEP 3333)."""

from __future__ import annotations

import io
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest

from trestle import App
from trestle.http.exceptions import BadRequest, PayloadTooLarge
from trestle.http.limits import RequestLimits
from trestle.http.wsgi import WSGIRequest, decode_wsgi_path


def environ(**values: Any) -> dict[str, Any]:
    env: dict[str, Any] = {}
    setup_testing_defaults(env)
    env.update(values)
    return env


def request(method: str = "GET", limits: RequestLimits | None = None, **values: Any) -> WSGIRequest:
    env = environ(REQUEST_METHOD=method, **values)
    return WSGIRequest(env, method, decode_wsgi_path(env), limits or RequestLimits())


def call(app: App, env: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    answer: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None):
        answer[:] = [status, headers]
        return lambda data: None

    result = app(env, start_response)
    body = b"".join(result)
    getattr(result, "close", lambda: None)()
    return answer[0], answer[1], body


# -- the path ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "path"),
    [
        ({"PATH_INFO": "/a/b"}, "/a/b"),
        ({"PATH_INFO": ""}, "/"),
        ({"PATH_INFO": "/caf\xc3\xa9"}, "/café"),  # UTF-8 bytes as latin-1 text
        ({"PATH_INFO": "/%zz"}, "/%zz"),  # no raw URI: an escaped % and a bad escape look alike
        ({"PATH_INFO": "/%zz", "RAW_URI": "/%25zz"}, "/%zz"),
        (
            {"PATH_INFO": "/a b", "REQUEST_URI": "/a%20b?x=%zz"},
            "/a b",
        ),  # the query is not the path's
    ],
)
def test_decode_wsgi_path(values: dict[str, str], path: str) -> None:
    assert decode_wsgi_path(environ(**values)) == path


@pytest.mark.parametrize(
    "values",
    [
        {"PATH_INFO": "/\xff"},
        {"PATH_INFO": "/\xc3"},
        {"PATH_INFO": "/日本"},  # a server that broke PEP 3333
        {"PATH_INFO": "/%zz", "RAW_URI": "/%zz"},
        {"PATH_INFO": "/%zz", "REQUEST_URI": "/%zz"},
        {"PATH_INFO": "/%", "RAW_URI": "/%"},
    ],
)
def test_decode_wsgi_path_refuses(values: dict[str, str]) -> None:
    with pytest.raises(BadRequest):
        decode_wsgi_path(environ(**values))


def test_bad_path_through_the_app() -> None:
    app = App()
    status, _, body = call(app, environ(PATH_INFO="/\xff", RAW_URI="/%ff"))
    assert status == "400 Bad Request"
    assert b"not valid UTF-8" in body
    status, _, body = call(app, environ(PATH_INFO="/%zz", RAW_URI="/%zz"))
    assert status == "400 Bad Request"
    assert b"malformed percent-encoding" in body


# -- what the environ holds ----------------------------------------------------------------


def test_raw_path_from_the_raw_uri() -> None:
    assert request(PATH_INFO="/a/b", RAW_URI="/a%2Fb?q=1").raw_path == b"/a%2Fb"
    assert request(PATH_INFO="/a/b", REQUEST_URI="/a/b").raw_path == b"/a/b"
    assert request(PATH_INFO="/a b").raw_path == b"/a%20b"


def test_headers_from_the_environ() -> None:
    req = request(
        "POST",
        HTTP_X_CUSTOM_NAME="v",
        HTTP_ACCEPT="text/html, application/json",
        CONTENT_TYPE="text/plain",
        CONTENT_LENGTH="0",
    )
    headers = req.headers
    assert headers["X-Custom-Name"] == "v"
    assert headers["accept"] == "text/html, application/json"
    assert headers["content-type"] == "text/plain"
    assert headers["content-length"] == "0"
    assert req.content_type == "text/plain"
    assert req.content_length == 0


def test_empty_content_headers_are_absent() -> None:
    req = request(CONTENT_TYPE="", CONTENT_LENGTH="")
    assert "content-type" not in req.headers
    assert req.content_type == ""
    assert req.content_length is None


@pytest.mark.parametrize(
    ("values", "peer"),
    [
        ({"REMOTE_ADDR": "192.0.2.1", "REMOTE_PORT": "4000"}, ("192.0.2.1", 4000)),
        ({"REMOTE_ADDR": "192.0.2.1"}, ("192.0.2.1", 0)),
        ({"REMOTE_ADDR": "192.0.2.1", "REMOTE_PORT": "x"}, ("192.0.2.1", 0)),
        ({"REMOTE_ADDR": ""}, None),
    ],
)
def test_client(values: dict[str, str], peer: tuple[str, int] | None) -> None:
    assert request(**values).client == peer


@pytest.mark.parametrize(
    ("values", "url"),
    [
        ({"wsgi.url_scheme": "http", "SERVER_NAME": "h", "SERVER_PORT": "80"}, "http://h/p"),
        ({"wsgi.url_scheme": "http", "SERVER_NAME": "h", "SERVER_PORT": "8000"}, "http://h:8000/p"),
        ({"wsgi.url_scheme": "https", "SERVER_NAME": "h", "SERVER_PORT": "443"}, "https://h/p"),
        ({"wsgi.url_scheme": "https", "SERVER_NAME": "h", "SERVER_PORT": "80"}, "https://h:80/p"),
        (
            {"SERVER_NAME": "h", "SERVER_PORT": "80", "HTTP_HOST": "example.com"},
            "http://example.com/p",
        ),
    ],
)
def test_scheme_and_host_from_the_environ(values: dict[str, str], url: str) -> None:
    values.setdefault("HTTP_HOST", "")
    assert request(PATH_INFO="/p", **values).url == url


# -- the body ------------------------------------------------------------------------------


def test_body_with_a_length_reads_only_that_much() -> None:
    req = request("POST", CONTENT_LENGTH="3", **{"wsgi.input": io.BytesIO(b"abcdef")})
    assert req.body == b"abc"


def test_body_without_a_length_is_empty() -> None:
    # PEP 3333: without CONTENT_LENGTH and wsgi.input_terminated, wsgi.input may block.
    req = request("POST", **{"wsgi.input": io.BytesIO(b"abc")})
    assert req.body == b""


@pytest.mark.parametrize(
    "values",
    [{"wsgi.input_terminated": True}, {"HTTP_TRANSFER_ENCODING": "chunked"}],
)
def test_body_without_a_length_read_to_the_end(values: dict[str, Any]) -> None:
    req = request("POST", **values, **{"wsgi.input": io.BytesIO(b"x" * 200_000)})
    assert req.body == b"x" * 200_000


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_get_and_head_bodies_are_not_read(method: str) -> None:
    req = request(method, CONTENT_LENGTH="3", **{"wsgi.input": io.BytesIO(b"abc")})
    assert req.body == b""


def test_body_over_the_limit_is_refused_before_reading() -> None:
    stream = io.BytesIO(b"abcdef")
    req = request(
        "POST", RequestLimits(max_body_size=5), CONTENT_LENGTH="6", **{"wsgi.input": stream}
    )
    with pytest.raises(PayloadTooLarge):
        req.body  # noqa: B018
    assert stream.tell() == 0


def test_chunked_body_over_the_limit_stops_reading() -> None:
    stream = io.BytesIO(b"x" * 300_000)
    limits = RequestLimits(max_body_size=100_000)
    req = request("POST", limits, **{"wsgi.input": stream, "wsgi.input_terminated": True})
    with pytest.raises(PayloadTooLarge):
        req.body  # noqa: B018
    assert stream.tell() < 200_000


def test_short_body() -> None:
    req = request("POST", CONTENT_LENGTH="10", **{"wsgi.input": io.BytesIO(b"abc")})
    with pytest.raises(BadRequest, match="Content-Length"):
        req.body  # noqa: B018


def test_413_under_the_wsgiref_server() -> None:
    from wsgiref.handlers import SimpleHandler

    app = App({"REQUEST_MAX_BODY_SIZE": 3})

    @app.post("/")
    def view(request) -> dict[str, int]:
        return {"body": len(request.body)}

    env = environ(REQUEST_METHOD="POST", CONTENT_LENGTH="10", PATH_INFO="/")
    output, errors = io.BytesIO(), io.StringIO()
    SimpleHandler(io.BytesIO(b"x" * 10), output, errors, env).run(app)
    assert output.getvalue().startswith(b"HTTP/1.0 413 "), errors.getvalue()
