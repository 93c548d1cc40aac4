"""Fuzzing the whole pipeline: whatever a client sends, the answer is a documented status.

Random paths (percent-escapes valid and not, unicode, ``//``, dot segments), query strings,
headers, methods and bodies (JSON, urlencoded, multipart, garbage, over the limit) go to a
small app, straight into its WSGI and ASGI entry points with a hand-made environ or scope,
so nothing between the fuzzer and the app tidies the request up. The app must never answer
500 and every response must be well formed for its protocol.
"""

from __future__ import annotations

import asyncio
import io
import sys
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote, unquote_to_bytes, urlencode

import orjson
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from trestle import App, JSONResponse, Request

ALLOWED_STATUSES = {200, 201, 204, 301, 308, 400, 404, 405, 413, 415, 501}
MAX_BODY = 4096
FUZZ_SETTINGS = settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def make_app() -> App:
    app = App(
        {
            "REQUEST_MAX_BODY_SIZE": MAX_BODY,
            "REQUEST_MAX_QUERY_FIELDS": 20,
            "REQUEST_MAX_FORM_FIELDS": 20,
            "REQUEST_MAX_FORM_FILES": 3,
            "REQUEST_MAX_FORM_PART_SIZE": 1024,
            # The fuzzer's peer is a trusted proxy, so X-Forwarded-* headers are parsed too.
            "TRUSTED_PROXIES": ["127.0.0.0/8"],
        }
    )

    @app.get("/")
    def home() -> str:
        return "<p>home</p>"

    @app.get("/items/<int:id>")
    def item(id: int) -> dict[str, int]:
        return {"id": id}

    @app.post("/items/")
    def create_item(request: Request) -> JSONResponse:
        return JSONResponse({"created": request.json}, 201)

    @app.route("/form", methods=["POST", "PUT", "PATCH"])
    def form(request: Request) -> dict[str, Any]:
        files = {name: [upload.filename, upload.size] for name, upload in request.files.items()}
        return {"fields": request.form.to_dict(), "files": files}

    @app.route("/async-form", methods=["POST"])
    async def async_form(request: Request) -> dict[str, Any]:
        return {"fields": request.form.multi_items(), "files": len(request.files)}

    @app.get("/search")
    def search(request: Request) -> dict[str, Any]:
        return {key: request.query.getlist(key) for key in request.query}

    @app.get("/async-search")
    async def async_search(request: Request) -> dict[str, Any]:
        return request.query.to_dict()

    @app.get("/headers")
    def headers(request: Request) -> dict[str, Any]:
        return {
            "count": len(request.headers),
            "cookies": request.cookies,
            "host": request.host,
            "url": request.url,
            "scheme": request.scheme,
            "client": request.client,
            "type": request.content_type,
        }

    @app.route("/echo", methods=["PUT", "POST"])
    def echo(request: Request) -> bytes:
        return request.body

    @app.get("/files/<path:name>")
    def files(name: str) -> dict[str, str]:
        return {"name": name}

    @app.get("/dir/")
    def directory() -> None:
        return None

    @app.get("/stream")
    async def stream() -> Any:
        from trestle import StreamingResponse

        async def chunks() -> AsyncIterator[bytes]:
            yield b"a"
            yield b"b"

        return StreamingResponse(chunks(), media_type="text/plain")

    return app


APP = make_app()

# -- requests ------------------------------------------------------------------------------------

# The app routes no PURGE; FOO and M-SEARCH are unknown; methods are case-sensitive ("get").
METHODS = st.sampled_from(
    ["GET", "GET", "HEAD", "POST", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PURGE"]
)
OTHER_METHODS = st.sampled_from(["FOO", "get", "M-SEARCH"])
KNOWN_SEGMENTS = [
    "",
    ".",
    "..",
    "items",
    "form",
    "async-form",
    "search",
    "async-search",
    "headers",
    "echo",
    "files",
    "dir",
    "stream",
    "0",
    "42",
    "007",
    "-1",
    "99999999999999999999999",
]
RAW_ESCAPES = ["%", "%zz", "%4", "%00", "%2F", "%2f", "%25", "%C3", "%C3%A9", "%FF", "%E2%82"]
# What a client may put in a request target unescaped (RFC 3986 pchar, minus '%').
PCHAR = "abcXYZ019-._~!$&'()*+,;=:@"


def escaped(text: str, safe: str) -> str:
    return quote(text, safe=safe)


# Some clients send UTF-8 unescaped; servers pass the raw bytes on.
RAW_UNICODE = st.text(st.characters(codec="utf-8", min_codepoint=0x80), min_size=1, max_size=3)
piece = st.one_of(
    st.sampled_from(KNOWN_SEGMENTS),
    RAW_UNICODE,
    st.sampled_from(RAW_ESCAPES),
    st.builds(escaped, st.text(max_size=8), st.sampled_from(["", "/", PCHAR])),
    st.text(alphabet=PCHAR, max_size=6),
)
segment = st.lists(piece, max_size=3).map("".join)
paths = st.one_of(
    st.lists(segment, min_size=1, max_size=5).map(lambda parts: "/" + "/".join(parts)),
    st.sampled_from(["/", "/items/5", "/items/", "/form", "/search", "/dir", "/dir/", "//x"]),
)
query_piece = st.one_of(
    st.sampled_from(["&", "=", "+", "a=1", "a=", "=b", "&&", "x=%20", "y=%zz", "z=%FF"]),
    st.sampled_from(RAW_ESCAPES),
    st.builds(escaped, st.text(max_size=8), st.just("")),
    RAW_UNICODE,
    st.integers(0, 30).map(lambda count: "&".join(f"f{i}=v" for i in range(count))),
)
queries = st.lists(query_piece, max_size=6).map("".join)

TOKEN = st.from_regex(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,16}", fullmatch=True)
HEADER_NAMES = st.one_of(
    st.sampled_from(
        [
            "accept",
            "cookie",
            "host",
            "x-forwarded-for",
            "x-forwarded-proto",
            "x-forwarded-host",
            "user-agent",
            "range",
            "if-none-match",
            "if-modified-since",
            "authorization",
            "origin",
            "accept-encoding",
        ]
    ),
    TOKEN,
).filter(lambda name: name.lower() not in {"content-type", "content-length", "transfer-encoding"})
# Field values: visible ASCII, spaces and tabs inside, obs-text (bytes 0x80-0xFF as latin-1).
VALUE_CHARS = st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f")
HEADER_VALUES = st.one_of(
    st.text(alphabet=VALUE_CHARS, max_size=40),
    st.sampled_from(["text/html", "a=b; c=d", "=;;=", '"q"=1', "1.2.3.4, 10.0.0.1", "bytes=0-"]),
).map(lambda value: value.strip(" \t"))
header_lists = st.lists(st.tuples(HEADER_NAMES, HEADER_VALUES), max_size=6)

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=10,
)
FORM_PAIRS = st.lists(st.tuples(st.text(max_size=8), st.text(max_size=12)), max_size=25)


def multipart(
    boundary: str, fields: list[tuple[str, str]], uploads: list[tuple[str, str, bytes]]
) -> bytes:
    out = io.BytesIO()
    for name, value in fields:
        out.write(f"--{boundary}\r\n".encode())
        out.write(f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(value.encode() + b"\r\n")
    for name, filename, content in uploads:
        out.write(f"--{boundary}\r\n".encode())
        disposition = f'form-data; name="{name}"; filename="{filename}"'
        out.write(f"Content-Disposition: {disposition}\r\n".encode())
        out.write(b"Content-Type: application/octet-stream\r\n\r\n" + content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue()


PART_TEXT = st.text(alphabet="abcXYZ019-_ é", max_size=8)
BOUNDARY = st.from_regex(r"[0-9A-Za-z'()+_,\-./:=?]{1,40}", fullmatch=True)


@st.composite
def multipart_bodies(draw: st.DrawFn) -> tuple[str, bytes]:
    boundary = draw(BOUNDARY)
    body = multipart(
        boundary,
        draw(st.lists(st.tuples(PART_TEXT, PART_TEXT), max_size=4)),
        draw(st.lists(st.tuples(PART_TEXT, PART_TEXT, st.binary(max_size=64)), max_size=4)),
    )
    damage = draw(st.sampled_from(["none", "none", "truncate", "flip", "no-boundary", "quote"]))
    content_type = f"multipart/form-data; boundary={boundary}"
    if damage == "truncate":
        body = body[: draw(st.integers(0, len(body)))]
    elif damage == "flip":
        index = draw(st.integers(0, len(body) - 1))
        body = body[:index] + draw(st.binary(min_size=1, max_size=4)) + body[index + 1 :]
    elif damage == "no-boundary":
        content_type = "multipart/form-data"
    elif damage == "quote":
        content_type = f'multipart/form-data; boundary="{boundary}"; charset=utf-8'
    return content_type, body


RANDOM_TYPES = st.one_of(
    st.sampled_from(
        [
            "",
            "application/json",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "multipart/form-data; boundary=",
            "text/plain",
            "application/octet-stream",
            "application/problem+json",
            ";;;",
            "APPLICATION/JSON; charset=latin-1",
        ]
    ),
    st.text(alphabet=VALUE_CHARS, max_size=30).map(str.strip),
)
bodies = st.one_of(
    st.just(("", b"")),
    st.tuples(
        st.sampled_from(["application/json", "application/ld+json", "application/json; q=1"]),
        JSON_VALUES.map(orjson.dumps),
    ),
    st.tuples(st.just("application/json"), st.binary(max_size=64)),
    st.tuples(
        st.just("application/x-www-form-urlencoded"),
        FORM_PAIRS.map(lambda pairs: urlencode(pairs).encode()),
    ),
    st.tuples(st.just("application/x-www-form-urlencoded"), st.binary(max_size=64)),
    multipart_bodies(),
    st.tuples(RANDOM_TYPES, st.binary(max_size=128)),
    st.tuples(RANDOM_TYPES, st.integers(MAX_BODY - 2, MAX_BODY + 2).map(lambda n: b"x" * n)),
)


AIMED = st.sampled_from(
    [
        ("GET", "/"),
        ("HEAD", "/"),
        ("GET", "/items/{}"),
        ("POST", "/items/"),
        ("POST", "/form"),
        ("PUT", "/form"),
        ("PATCH", "/form"),
        ("POST", "/async-form"),
        ("GET", "/search"),
        ("GET", "/async-search"),
        ("GET", "/headers"),
        ("HEAD", "/headers"),
        ("PUT", "/echo"),
        ("POST", "/echo"),
        ("GET", "/files/{}"),
        ("GET", "/dir/"),
        ("GET", "/stream"),
        ("HEAD", "/stream"),
    ]
)


@st.composite
def requests(draw: st.DrawFn) -> dict[str, Any]:
    """Half aimed at a route (with a random parameter), half anywhere."""
    if draw(st.booleans()):
        method, template = draw(AIMED)
        path = template.format(draw(st.one_of(st.integers(0, 10**6).map(str), segment)))
    else:
        method, path = draw(st.one_of(METHODS, OTHER_METHODS)), draw(paths)
    content_type, body = draw(bodies)
    return {
        "method": method,
        "path": path,
        "query": draw(queries),
        "headers": draw(header_lists),
        "content_type": content_type,
        "body": body,
        # Without a length a server passes the body on as it comes (chunked upload).
        "chunked": draw(st.booleans()) if body else False,
    }


# -- checks --------------------------------------------------------------------------------------


def check_response(method: str, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
    """The checks both protocols share; a response without Content-Length is a stream."""
    assert status in ALLOWED_STATUSES, (status, body[:500])
    names = [name.lower() for name, _ in headers]
    for name, value in headers:
        name.encode("latin-1")
        value.encode("latin-1")
        assert name and not any(c in name for c in ":\r\n \t"), name
        assert not any(c in value for c in "\r\n\0"), value
    lookup = dict(zip(names, (value for _, value in headers), strict=True))
    if status in (204, 304):
        assert body == b""
        assert "content-length" not in names
    elif "content-length" in names:
        assert names.count("content-length") == 1
        expected = int(lookup["content-length"])
        assert len(body) == (0 if method == "HEAD" else expected)
    if method == "HEAD":
        assert body == b""
    if status in (301, 308):
        assert lookup["location"].startswith("/")
        assert not lookup["location"].startswith("//")
    if status == 405:
        assert "allow" in lookup
    if status == 204 and method == "OPTIONS":
        assert "allow" in lookup


def latin1(text: str) -> str:
    """Text as a WSGI server hands it over: its UTF-8 bytes, one character per byte."""
    return text.encode("utf-8").decode("latin-1")


def wsgi_environ(request: dict[str, Any]) -> dict[str, Any]:
    body: bytes = request["body"]
    target = request["path"] + ("?" + request["query"] if request["query"] else "")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": request["method"],
        "SCRIPT_NAME": "",
        # PEP 3333: the server decodes escapes and hands the bytes over as latin-1 text.
        "PATH_INFO": unquote_to_bytes(request["path"]).decode("latin-1"),
        "RAW_URI": latin1(target),
        "QUERY_STRING": latin1(request["query"]),
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "REMOTE_PORT": "50000",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in request["headers"]:
        key = "HTTP_" + name.upper().replace("-", "_")
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    if request["content_type"]:
        environ["CONTENT_TYPE"] = request["content_type"]
    if request["chunked"]:
        environ["wsgi.input_terminated"] = True
    elif body:
        environ["CONTENT_LENGTH"] = str(len(body))
    return environ


def call_wsgi(request: dict[str, Any]) -> int:
    started: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        assert not started, "start_response called twice"
        assert exc_info is None
        started.append((status, headers))
        return lambda data: None

    result = APP(wsgi_environ(request), start_response)
    try:
        chunks = list(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    assert len(started) == 1
    status_line, headers = started[0]
    assert isinstance(status_line, str)
    code, _, reason = status_line.partition(" ")
    assert len(code) == 3 and code.isdigit() and reason, status_line
    assert isinstance(headers, list)
    assert all(isinstance(h, tuple) and len(h) == 2 for h in headers)
    assert all(isinstance(chunk, bytes) for chunk in chunks)
    check_response(request["method"], int(code), headers, b"".join(chunks))
    return int(code)


async def call_asgi(request: dict[str, Any]) -> int:
    body: bytes = request["body"]
    headers = [
        (name.lower().encode("latin-1"), value.encode("latin-1"))
        for name, value in request["headers"]
    ]
    if request["content_type"]:
        headers.append((b"content-type", request["content_type"].encode("latin-1")))
    if request["chunked"]:
        headers.append((b"transfer-encoding", b"chunked"))
    elif body:
        headers.append((b"content-length", str(len(body)).encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": request["method"],
        "scheme": "http",
        # Servers decode the path themselves, replacing invalid UTF-8.
        "path": unquote_to_bytes(request["path"]).decode("utf-8", "replace"),
        "raw_path": request["path"].encode("utf-8"),
        "query_string": request["query"].encode("utf-8"),
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    # The body arrives in a few pieces, as it would off the network.
    pieces = [body[i : i + 1000] for i in range(0, len(body), 1000)] or [b""]
    inbox: list[dict[str, Any]] = [
        {"type": "http.request", "body": chunk, "more_body": i < len(pieces) - 1}
        for i, chunk in enumerate(pieces)
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if inbox:
            return inbox.pop(0)
        await asyncio.sleep(3600)  # a client that waits: the app must not ask again
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        finished = sent and sent[-1]["type"] == "http.response.body"
        assert not (finished and not sent[-1].get("more_body")), "a message after the last one"
        sent.append(message)

    await asyncio.wait_for(APP(scope, receive, send), timeout=10)
    start, *rest = sent
    assert start["type"] == "http.response.start"
    assert isinstance(start["status"], int)
    assert rest and all(message["type"] == "http.response.body" for message in rest)
    assert not rest[-1].get("more_body", False)
    for name, value in start["headers"]:
        assert isinstance(name, bytes) and isinstance(value, bytes)
        assert name == name.lower()
    text_headers = [(n.decode("latin-1"), v.decode("latin-1")) for n, v in start["headers"]]
    content = b"".join(message.get("body", b"") for message in rest)
    check_response(request["method"], start["status"], text_headers, content)
    status: int = start["status"]
    return status


# -- the tests ---------------------------------------------------------------------------------


@FUZZ_SETTINGS
@given(requests())
def test_wsgi_never_fails(request: dict[str, Any]) -> None:
    event(f"status {call_wsgi(request)}")


def test_asgi_never_fails() -> None:
    loop = asyncio.new_event_loop()

    @FUZZ_SETTINGS
    @given(requests())
    def check(request: dict[str, Any]) -> None:
        event(f"status {loop.run_until_complete(call_asgi(request))}")

    try:
        check()
    finally:
        loop.run_until_complete(loop.shutdown_default_executor())
        loop.close()


@settings(max_examples=150, deadline=None)
@given(paths, queries)
def test_routing_alone_never_fails(path: str, query: str) -> None:
    """GET only, no body: the router and the query parser on their own, both protocols."""
    request = {
        "method": "GET",
        "path": path,
        "query": query,
        "headers": [],
        "content_type": "",
        "body": b"",
        "chunked": False,
    }
    call_wsgi(request)
    asyncio.run(call_asgi(request))


def test_the_fuzzed_routes_answer_when_asked_properly() -> None:
    """The app under fuzz is not a wall of 404s: each route answers a well-made request."""
    base = {"query": "", "headers": [], "content_type": "", "body": b"", "chunked": False}
    good: list[dict[str, Any]] = [
        {"method": "GET", "path": "/"},
        {"method": "GET", "path": "/items/7"},
        {"method": "POST", "path": "/items/", "content_type": "application/json", "body": b"1"},
        {"method": "POST", "path": "/form", "content_type": "application/x-www-form-urlencoded"},
        {"method": "GET", "path": "/search", "query": "a=1&a=2"},
        {"method": "GET", "path": "/headers", "headers": [("cookie", "a=b")]},
        {"method": "PUT", "path": "/echo", "body": b"abc"},
        {"method": "GET", "path": "/files/a/b"},
        {"method": "GET", "path": "/dir/"},
        {"method": "GET", "path": "/stream"},
    ]
    for overrides in good:
        request = {**base, **overrides}
        expected = (
            201 if request["path"] == "/items/" else 204 if request["path"] == "/dir/" else 200
        )
        assert call_wsgi(request) == expected, request
        assert asyncio.run(call_asgi(request)) == expected, request
