"""Request: every part read through HTTP, under WSGI and ASGI alike."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trestle import App
from trestle.http.request import Request

# -- method, path, query ------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def test_method(make_client, method: str) -> None:
    app = App()

    @app.route("/", methods=[method])
    def view(request: Request) -> dict[str, str]:
        return {"method": request.method}

    response = make_client(app).request(method, "/")
    assert response.json() == {"method": method}


@pytest.mark.parametrize(
    ("url", "path", "raw_path"),
    [
        ("/plain/path", "/plain/path", "/plain/path"),
        ("/caf%C3%A9/a%20b", "/café/a b", "/caf%C3%A9/a%20b"),
        ("/a+b/c@d", "/a+b/c@d", "/a+b/c@d"),
    ],
)
def test_path_is_decoded_and_raw_path_is_not(
    make_client, protocol, request, url, path, raw_path
) -> None:
    app = App()

    @app.get("/<path:rest>")
    def view(request: Request, rest: str) -> dict[str, str]:
        return {"path": request.path, "raw_path": request.raw_path.decode("ascii")}

    response = make_client(app).get(url)
    assert response.json() == {"path": path, "raw_path": raw_path}


def test_raw_path_as_sent(send_raw) -> None:
    app = App()

    @app.get("/<path:rest>")
    def view(request: Request, rest: str) -> dict[str, str]:
        return {"raw_path": request.raw_path.decode("ascii"), "query": request.query_string}

    response = send_raw(app, "GET", b"/a%2fb/%7Ec?x=%41")
    assert response.json() == {"raw_path": "/a%2fb/%7Ec", "query": "x=%41"}


def query_app() -> App:
    app = App()

    @app.get("/")
    def view(request: Request) -> dict[str, object]:
        query = request.query
        return {
            "last": {key: query[key] for key in query},
            "lists": {key: query.getlist(key) for key in query},
            "raw": request.query_string,
        }

    return app


def test_query_last_value_wins_and_getlist_has_all(make_client) -> None:
    response = make_client(query_app()).get("/?page=1&tag=a&page=2&empty=&flag")
    assert response.json() == {
        "last": {"page": "2", "tag": "a", "empty": "", "flag": ""},
        "lists": {"page": ["1", "2"], "tag": ["a"], "empty": [""], "flag": [""]},
        "raw": "page=1&tag=a&page=2&empty=&flag",
    }


def test_query_is_decoded(make_client) -> None:
    response = make_client(query_app()).get("/?q=a+b%2Bc&caf%C3%A9=%E2%9C%93")
    assert response.json()["last"] == {"q": "a b+c", "café": "✓"}


def test_query_with_raw_utf8_bytes(send_raw) -> None:
    # Some clients send UTF-8 unescaped; both protocols hand it over as latin-1.
    response = send_raw(query_app(), "GET", "/?q=café".encode())
    assert response.status == 200
    assert response.json()["last"] == {"q": "café"}


def test_query_is_empty_without_a_query_string(make_client) -> None:
    assert make_client(query_app()).get("/").json() == {"last": {}, "lists": {}, "raw": ""}


# -- headers and cookies -------------------------------------------------------------------


def headers_app() -> App:
    app = App()

    @app.get("/")
    def view(request: Request) -> dict[str, object]:
        headers = request.headers
        return {
            "lower": headers.get("x-custom"),
            "upper": headers.get("X-CUSTOM"),
            "item": headers["X-Custom"],
            "contains": "X-cUsToM" in headers,
            "missing": headers.get("x-missing"),
            "list": headers.getlist("x-custom"),
        }

    return app


def test_headers_are_case_insensitive(make_client) -> None:
    response = make_client(headers_app()).get("/", headers={"X-Custom": "value"})
    assert response.json() == {
        "lower": "value",
        "upper": "value",
        "item": "value",
        "contains": True,
        "missing": None,
        "list": ["value"],
    }


def test_repeated_headers_join_with_a_comma(send_raw) -> None:
    response = send_raw(headers_app(), headers=[("X-Custom", "a"), ("x-custom", "b")])
    assert response.json()["item"] == "a, b"


def test_missing_header_is_a_key_error() -> None:
    request = Request("GET", "/")
    with pytest.raises(KeyError):
        request.headers["x-nothing"]
    assert request.cookies == {}
    assert request.content_type == ""
    assert request.content_length is None


def cookies_app() -> App:
    app = App()

    @app.get("/")
    def view(request: Request) -> dict[str, str]:
        return request.cookies

    return app


@pytest.mark.parametrize(
    ("header", "cookies"),
    [
        ("a=1", {"a": "1"}),
        ('a=1; b="two"; c=x=y', {"a": "1", "b": "two", "c": "x=y"}),
        ("a=1; a=2", {"a": "1"}),
        ("junk; =empty; ok=1", {"ok": "1"}),
        ("", {}),
    ],
)
def test_cookies(make_client, header: str, cookies: dict[str, str]) -> None:
    response = make_client(cookies_app()).get("/", headers={"Cookie": header})
    assert response.json() == cookies


def test_cookies_from_the_client_jar(make_client) -> None:
    client = make_client(cookies_app())
    client.cookies.set("session", "abc")
    assert client.get("/").json() == {"session": "abc"}


# -- where the request came from -----------------------------------------------------------


def origin_app(trusted: list[str] | None = None) -> App:
    app = App({"TRUSTED_PROXIES": trusted or []})

    @app.get("/")
    def view(request: Request) -> dict[str, object]:
        client = request.client
        return {
            "client": client[0] if client else None,
            "scheme": request.scheme,
            "secure": request.is_secure,
            "host": request.host,
            "url": request.url,
        }

    return app


def test_client_address_and_url(make_client) -> None:
    response = make_client(origin_app()).get("/?x=1")
    assert response.json() == {
        "client": "127.0.0.1",
        "scheme": "http",
        "secure": False,
        "host": "testserver",
        "url": "http://testserver/?x=1",
    }


def test_https_and_a_port(make_client) -> None:
    response = make_client(origin_app(), base_url="https://example.com:8443").get("/")
    assert response.json() == {
        "client": "127.0.0.1",
        "scheme": "https",
        "secure": True,
        "host": "example.com:8443",
        "url": "https://example.com:8443/",
    }


FORWARDED = {
    "X-Forwarded-For": "203.0.113.7",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "public.example",
}


def test_forwarded_headers_are_ignored_without_trusted_proxies(make_client) -> None:
    response = make_client(origin_app()).get("/", headers=FORWARDED)
    assert response.json() == {
        "client": "127.0.0.1",
        "scheme": "http",
        "secure": False,
        "host": "testserver",
        "url": "http://testserver/",
    }


def test_forwarded_headers_are_ignored_from_an_untrusted_peer(make_client) -> None:
    response = make_client(origin_app(["10.0.0.0/8"])).get("/", headers=FORWARDED)
    assert response.json()["client"] == "127.0.0.1"
    assert response.json()["url"] == "http://testserver/"


def test_forwarded_headers_from_a_trusted_proxy(make_client) -> None:
    response = make_client(origin_app(["127.0.0.1"])).get("/?b=1", headers=FORWARDED)
    assert response.json() == {
        "client": "203.0.113.7",
        "scheme": "https",
        "secure": True,
        "host": "public.example",
        "url": "https://public.example/?b=1",
    }


@pytest.mark.parametrize(
    ("forwarded_for", "client"),
    [
        # A client may send its own X-Forwarded-For: only what our proxies appended counts.
        ("6.6.6.6, 203.0.113.7", "203.0.113.7"),
        ("6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        ("203.0.113.7,10.0.0.2,", "203.0.113.7"),
        # Every hop one of ours: the client is the first sender.
        ("10.0.0.3, 10.0.0.2", "10.0.0.3"),
        ("", "127.0.0.1"),
    ],
)
def test_forwarded_for_walks_back_past_trusted_proxies(make_client, forwarded_for, client) -> None:
    app = origin_app(["127.0.0.1", "10.0.0.0/8"])
    response = make_client(app).get("/", headers={"X-Forwarded-For": forwarded_for})
    assert response.json()["client"] == client


def test_repeated_forwarded_for_lines_all_count(send_raw) -> None:
    # The proxy's line comes last: the client-sent first line must not hide it.
    app = origin_app(["127.0.0.1"])
    headers = [("x-forwarded-for", "6.6.6.6"), ("x-forwarded-for", "203.0.113.7")]
    assert send_raw(app, headers=headers).json()["client"] == "203.0.113.7"


@pytest.mark.parametrize(
    ("proto", "scheme"),
    [("https", "https"), ("HTTPS", "https"), ("http, https", "https"), ("ftp", "http")],
)
def test_forwarded_proto(make_client, proto: str, scheme: str) -> None:
    app = origin_app(["127.0.0.1"])
    response = make_client(app).get("/", headers={"X-Forwarded-Proto": proto})
    assert response.json()["scheme"] == scheme


def test_url_with_non_ascii_bytes_in_the_raw_path(send_raw) -> None:
    app = App()

    @app.get("/<path:rest>")
    def view(request: Request, rest: str) -> dict[str, str]:
        return {"path": request.path, "url": request.url}

    response = send_raw(app, "GET", "/café?q=é".encode())
    assert response.json() == {"path": "/café", "url": "http://testserver/caf%C3%A9?q=%C3%A9"}


# -- the body ------------------------------------------------------------------------------


def body_app() -> App:
    app = App()

    @app.post("/body")
    def body(request: Request) -> dict[str, object]:
        return {"body": request.body.decode(), "again": request.body.decode()}

    @app.post("/stream")
    def stream(request: Request) -> dict[str, object]:
        chunks = list(request.stream())
        try:
            request.body  # noqa: B018
        except RuntimeError as error:
            after = str(error)
        return {"body": b"".join(chunks).decode(), "after": after}

    @app.post("/body-then-stream")
    def body_then_stream(request: Request) -> dict[str, object]:
        body = request.body
        return {"same": b"".join(request.stream()) == body}

    @app.route("/length", methods=["GET", "POST"])
    def length(request: Request) -> dict[str, object]:
        return {
            "length": request.content_length,
            "type": request.content_type,
            "body": len(request.body),
        }

    return app


def test_body(make_client) -> None:
    response = make_client(body_app()).post("/body", content=b"hello")
    assert response.json() == {"body": "hello", "again": "hello"}


def test_stream_then_body_is_an_error(make_client) -> None:
    response = make_client(body_app()).post("/stream", content=b"x" * 200_000)
    assert response.json() == {
        "body": "x" * 200_000,
        "after": "the request body was already consumed by request.stream()",
    }


def test_stream_after_body_yields_the_body(make_client) -> None:
    response = make_client(body_app()).post("/body-then-stream", content=b"data")
    assert response.json() == {"same": True}


def test_stream_twice_is_an_error() -> None:
    request = Request("POST", "/")
    list(request.stream())
    with pytest.raises(RuntimeError):
        list(request.stream())


def test_content_type_and_length(make_client) -> None:
    response = make_client(body_app()).post(
        "/length", content=b"abc", headers={"Content-Type": "Text/Plain; charset=utf-8"}
    )
    assert response.json() == {"length": 3, "type": "text/plain", "body": 3}


def test_get_has_no_body(make_client) -> None:
    response = make_client(body_app()).get("/length")
    assert response.json() == {"length": None, "type": "", "body": 0}


# -- JSON ----------------------------------------------------------------------------------


def json_app() -> App:
    app = App()

    @app.post("/")
    def view(request: Request) -> dict[str, object]:
        return {"json": request.json, "cached": request.json is request.json}

    return app


@pytest.mark.parametrize("content_type", ["application/json", "application/vnd.api+json; x=1"])
def test_json(make_client, content_type: str) -> None:
    response = make_client(json_app()).post(
        "/", content=b'{"a": [1, 2.5, null, "\\u00e9"]}', headers={"Content-Type": content_type}
    )
    assert response.json() == {"json": {"a": [1, 2.5, None, "é"]}, "cached": True}


def test_json_from_the_client(make_client) -> None:
    response = make_client(json_app()).post("/", json=[1, {"b": True}])
    assert response.json()["json"] == [1, {"b": True}]


@pytest.mark.parametrize(
    ("body", "content_type", "status", "detail"),
    [
        (b'{"a": ', "application/json", 400, "malformed JSON: "),
        (b"\xff\xfe", "application/json", 400, "malformed JSON: "),
        (b"", "application/json", 400, "the JSON body is empty"),
        (b"{}", "text/plain", 415, "expected a JSON body"),
        (b"{}", None, 415, "no content type"),
        (b"a=1", "application/x-www-form-urlencoded", 415, "expected a JSON body"),
    ],
)
def test_bad_json(make_client, body, content_type, status, detail) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = make_client(json_app()).post("/", content=body, headers=headers)
    assert response.status_code == status
    assert detail in response.json()["detail"]


def test_bad_json_detail_has_the_parse_error(make_client) -> None:
    response = make_client(json_app()).post(
        "/", content=b"[1, 2", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert re.search(r"malformed JSON: .*(line|char|column)", response.json()["detail"])


# -- forms (details in test_forms.py) ------------------------------------------------------


def form_app() -> App:
    app = App()

    @app.post("/")
    def view(request: Request) -> dict[str, object]:
        return {
            "form": {key: request.form.getlist(key) for key in request.form},
            "files": {
                key: [(f.filename, f.content_type, f.size, f.read().decode()) for f in files]
                for key in request.files
                for files in [request.files.getlist(key)]
            },
        }

    return app


def test_urlencoded_form(make_client) -> None:
    response = make_client(form_app()).post("/", data={"a": "1", "b": ["x y", "é&="]})
    assert response.json() == {"form": {"a": ["1"], "b": ["x y", "é&="]}, "files": {}}


def test_multipart_form_with_files(make_client) -> None:
    response = make_client(form_app()).post(
        "/",
        data={"title": "Holiday", "tags": ["a", "b"]},
        files=[
            ("photo", ("beach.txt", b"sand", "text/plain")),
            ("photo", ("sea.bin", b"\x00\x01", "application/octet-stream")),
            ("notes", ("notes.md", "héllo".encode(), "text/markdown")),
        ],
    )
    assert response.status_code == 200
    assert response.json()["form"] == {"title": ["Holiday"], "tags": ["a", "b"]}
    files = response.json()["files"]
    assert files["photo"][0] == ["beach.txt", "text/plain", 4, "sand"]
    assert files["photo"][1][:3] == ["sea.bin", "application/octet-stream", 2]
    assert files["notes"] == [["notes.md", "text/markdown", 6, "héllo"]]


def test_form_of_another_content_type_is_empty(make_client) -> None:
    response = make_client(form_app()).post(
        "/", content=b"a=1", headers={"Content-Type": "text/plain"}
    )
    assert response.json() == {"form": {}, "files": {}}


def test_uploaded_file_save_and_spooling(make_client, tmp_path) -> None:
    app = App({"REQUEST_SPOOL_SIZE": 100})

    @app.post("/")
    def view(request: Request) -> dict[str, object]:
        small, large = request.files["small"], request.files["large"]
        large.save(tmp_path / "large.bin")
        return {
            "spooled": [small.file._rolled, large.file._rolled],  # type: ignore[attr-defined]
            "sizes": [small.size, large.size],
            "read_after_save": len(large.read()),
        }

    response = make_client(app).post(
        "/", files={"small": ("s.txt", b"s" * 100), "large": ("l.bin", b"L" * 5000)}
    )
    assert response.json() == {
        "spooled": [False, True],
        "sizes": [100, 5000],
        "read_after_save": 5000,
    }
    assert (tmp_path / "large.bin").read_bytes() == b"L" * 5000


# -- per-request extras --------------------------------------------------------------------


def test_state_id_and_url_for(make_client) -> None:
    app = App()

    @app.before_request
    def remember(request: Request) -> None:
        request.state.user = "ada"
        request.state.first_id = request.id

    @app.get("/items/<int:item_id>", name="item")
    def item(request: Request, item_id: int) -> dict[str, object]:
        return {
            "user": request.state.user,
            "id": request.id,
            "same_id": request.id == request.state.first_id,
            "url": request.url_for("item", item_id=item_id + 1),
            "endpoint": request.endpoint.name,
            "params": request.path_params,
        }

    client = make_client(app)
    first, second = client.get("/items/1").json(), client.get("/items/1").json()
    assert first["user"] == "ada"
    assert re.fullmatch(r"[0-9a-f]{32}", first["id"])
    assert first["same_id"] is True
    assert first["id"] != second["id"]
    assert first["url"] == "/items/2"
    assert first["params"] == {"item_id": 1}


def test_state_is_per_request(make_client) -> None:
    app = App()

    @app.get("/")
    def view(request: Request) -> dict[str, object]:
        seen = vars(request.state).copy()
        request.state.touched = True
        return seen

    client = make_client(app)
    assert client.get("/").json() == {}
    assert client.get("/").json() == {}


def test_repr() -> None:
    assert repr(Request("GET", "/a b")) == "<Request GET '/a b'>"


def test_base_request_defaults() -> None:
    request = Request("GET", "/café")
    assert request.raw_path == b"/caf%C3%A9"
    assert request.query_string == ""
    assert request.query == {}
    assert request.client is None
    assert request.url == "http://localhost/caf%C3%A9"
    assert request.body == b""
    assert request.form == {}
    assert request.files == {}
    assert dict(request.headers) == {}


# -- bad input: always the documented 4xx, never a 500 -------------------------------------


def echo_app(**settings: object) -> App:
    app = App(settings)

    @app.route("/<path:rest>", methods=["GET", "POST"])
    def view(request: Request, rest: str) -> dict[str, object]:
        return {"path": request.path, "query": request.query.to_dict(), "body": len(request.body)}

    @app.route("/", methods=["GET", "POST"])
    def root(request: Request) -> dict[str, object]:
        return {"query": request.query.to_dict(), "body": len(request.body)}

    return app


@pytest.mark.parametrize(
    ("target", "detail"),
    [
        (b"/a%zz", "malformed percent-encoding in the path"),
        (b"/a%2", "malformed percent-encoding in the path"),
        (b"/a%", "malformed percent-encoding in the path"),
        (b"/a%ff", "the path is not valid UTF-8"),
        (b"/a%C3", "the path is not valid UTF-8"),
        (b"/a%ED%A0%80", "the path is not valid UTF-8"),  # an encoded surrogate
        (b"/a\xff", "the path is not valid UTF-8"),
        (b"/a%C3%A9%zz", "malformed percent-encoding in the path"),
    ],
)
def test_bad_path(send_raw, target: bytes, detail: str) -> None:
    response = send_raw(echo_app(), "GET", target)
    assert response.status == 400
    assert response.json()["detail"] == detail


def test_good_escapes_in_the_path(send_raw) -> None:
    response = send_raw(echo_app(), "GET", b"/caf%c3%a9/%25zz/\xc3\xa9")
    assert response.status == 200
    assert response.json()["path"] == "/café/%zz/é"


@pytest.mark.parametrize(
    ("target", "detail"),
    [
        (b"/?a=%zz", "malformed percent-encoding in the query string"),
        (b"/?a=1%", "malformed percent-encoding in the query string"),
        (b"/?%g0=1", "malformed percent-encoding in the query string"),
        (b"/?a=%ff", "the query string is not valid UTF-8"),
        (b"/?%C3=1", "the query string is not valid UTF-8"),
        (b"/?a=\xff", "the query string is not valid UTF-8"),
    ],
)
def test_bad_query(send_raw, target: bytes, detail: str) -> None:
    response = send_raw(echo_app(), "GET", target)
    assert response.status == 400
    assert response.json()["detail"] == detail


def test_bad_query_is_fine_when_not_read(send_raw) -> None:
    app = App()

    @app.get("/")
    def view() -> str:
        return "ok"

    assert send_raw(app, "GET", b"/?a=%zz&b=%ff").status == 200


@pytest.mark.parametrize("length", ["abc", "-1", "1.0", "+3", "0x10", "²", "3, 3", " "])
def test_malformed_content_length(send_raw, length: str) -> None:
    response = send_raw(echo_app(), "POST", b"/", headers=[("content-length", length)], body=b"abc")
    assert response.status == 400
    assert response.json()["detail"] == "malformed Content-Length header"


def test_body_shorter_than_its_content_length(send_raw) -> None:
    response = send_raw(echo_app(), "POST", b"/", headers=[("content-length", "10")], body=b"abc")
    assert response.status == 400
    assert "Content-Length" in response.json()["detail"]


def test_chunked_body_within_the_limit(send_raw) -> None:
    response = send_raw(echo_app(), "POST", b"/", body=[b"abc", b"def", b"g"], chunked=True)
    assert response.status == 200
    assert response.json()["body"] == 7


# -- whatever arrives, the answer is never a 500 -------------------------------------------


def everything_app() -> App:
    app = App({"TRUSTED_PROXIES": ["127.0.0.1"], "REQUEST_MAX_BODY_SIZE": 2000})

    @app.route("/<path:rest>", methods=["GET", "POST", "PUT"])
    def view(request: Request, rest: str) -> dict[str, object]:
        seen: dict[str, object] = {
            "method": request.method,
            "path": request.path,
            "raw_path": request.raw_path.decode("latin-1"),
            "query": request.query.to_dict(),
            "headers": dict(request.headers),
            "cookies": request.cookies,
            "client": request.client,
            "url": request.url,
            "secure": request.is_secure,
            "content_type": request.content_type,
            "content_length": request.content_length,
            "form": request.form.to_dict(),
            "files": [upload.size for _, upload in request.files.multi_items()],
        }
        if request.content_type.endswith("json"):
            seen["json"] = repr(request.json)
        elif request.content_type != "multipart/form-data":  # its body was streamed
            seen["body"] = len(request.body)
        return seen

    return app


EVERYTHING = everything_app()
latin1 = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=30)
url_bytes = st.one_of(
    st.sampled_from([b"", b"/a%20b", b"a=1&b=%C3%A9&a=2"]),
    st.lists(
        st.sampled_from(
            [
                b"a",
                b"/",
                b"%",
                b"%2",
                b"%zz",
                b"%41",
                b"%C3",
                b"%A9",
                b"\xc3",
                b"\xff",
                b"+",
                b"=",
                b"&",
            ]
        ),
        max_size=12,
    ).map(b"".join),
)
header = st.one_of(
    st.tuples(
        st.sampled_from(
            [
                "x-forwarded-for",
                "x-forwarded-proto",
                "x-forwarded-host",
                "cookie",
                "content-length",
                "host",
                "x-custom",
            ]
        ),
        latin1,
    ),
    st.tuples(
        st.just("content-type"),
        st.sampled_from(
            [
                "application/json",
                "application/x-www-form-urlencoded",
                "multipart/form-data",
                "multipart/form-data; boundary=b",
                'multipart/form-data; boundary="b"; charset=utf-8',
                "text/plain",
            ]
        ),
    ),
)
body = st.one_of(
    st.binary(max_size=300),
    st.lists(
        st.sampled_from(
            [
                b"--b\r\n",
                b"--b--\r\n",
                b'Content-Disposition: form-data; name="f"',
                b'; filename="x"',
                b"\r\n",
                b"data",
                b"\xff",
                b"a=%zz&",
                b"b=1&",
                b'{"a": [1',
                b"]}",
            ]
        ),
        max_size=12,
    ).map(b"".join),
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    method=st.sampled_from(["GET", "POST", "PUT"]),
    path=url_bytes,
    query=url_bytes.map(lambda query: query.lstrip(b"/")),
    headers=st.lists(header, max_size=5),
    content=body,
    chunked=st.booleans(),
)
def test_never_a_server_error(send_raw, method, path, query, headers, content, chunked) -> None:
    target = b"/x" + path + (b"?" + query if query else b"")
    response = send_raw(EVERYTHING, method, target, headers=headers, body=content, chunked=chunked)
    assert response.status < 500, response.body
