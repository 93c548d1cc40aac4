"""Request limits: each one, set through the settings, refuses with 413 under both protocols."""

from __future__ import annotations

import ipaddress

import pytest

from trestle import App
from trestle.http.limits import DEFAULT_LIMITS, RequestLimits
from trestle.http.request import Request


def test_defaults_match_the_settings() -> None:
    from trestle.conf import defaults

    assert (
        RequestLimits(
            max_body_size=defaults.REQUEST_MAX_BODY_SIZE,
            max_form_fields=defaults.REQUEST_MAX_FORM_FIELDS,
            max_form_files=defaults.REQUEST_MAX_FORM_FILES,
            max_form_part_size=defaults.REQUEST_MAX_FORM_PART_SIZE,
            max_query_fields=defaults.REQUEST_MAX_QUERY_FIELDS,
            spool_size=defaults.REQUEST_SPOOL_SIZE,
        )
        == DEFAULT_LIMITS
    )


def test_limits_are_frozen() -> None:
    with pytest.raises(AttributeError):
        DEFAULT_LIMITS.max_body_size = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("proxies", "host", "trusted"),
    [
        ([], "127.0.0.1", False),
        (["127.0.0.1"], "127.0.0.1", True),
        (["127.0.0.1"], "127.0.0.2", False),
        (["10.0.0.0/8"], "10.20.30.40", True),
        (["10.0.0.1/8"], "10.9.9.9", True),  # host bits are forgiven
        (["10.0.0.0/8"], "11.0.0.1", False),
        (["::1"], "::1", True),
        (["fd00::/8"], "fd12::1", True),
        (["10.0.0.0/8"], "fd12::1", False),
        (["127.0.0.1"], "localhost", False),
        (["127.0.0.1"], "unknown", False),
        (["127.0.0.1"], "", False),
        (["127.0.0.1"], None, False),
    ],
)
def test_is_trusted_proxy(proxies: list[str], host: str | None, trusted: bool) -> None:
    limits = RequestLimits(trusted_proxies=RequestLimits.parse_proxies(proxies))
    assert limits.is_trusted_proxy(host) is trusted


def test_parse_proxies() -> None:
    assert RequestLimits.parse_proxies(["127.0.0.1", "10.0.0.0/8"]) == (
        ipaddress.ip_network("127.0.0.1/32"),
        ipaddress.ip_network("10.0.0.0/8"),
    )


@pytest.mark.parametrize("proxy", ["localhost", "10.0.0.0/33", "300.1.1.1", ""])
def test_parse_proxies_refuses_what_is_not_an_address(proxy: str) -> None:
    with pytest.raises(ValueError):
        RequestLimits.parse_proxies([proxy])


# -- each limit through HTTP ---------------------------------------------------------------


def limited_app(**settings: object) -> App:
    app = App(settings)

    @app.route("/", methods=["GET", "POST"])
    def view(request: Request) -> dict[str, object]:
        return {"body": len(request.body)}

    @app.post("/form")
    def form(request: Request) -> dict[str, object]:
        return {"fields": len(request.form.multi_items()), "files": len(request.files)}

    @app.get("/query")
    def query(request: Request) -> dict[str, object]:
        return {"fields": len(request.query.multi_items())}

    return app


def test_body_at_the_limit(make_client) -> None:
    response = make_client(limited_app(REQUEST_MAX_BODY_SIZE=10)).post("/", content=b"x" * 10)
    assert response.json() == {"body": 10}


def test_body_over_the_limit_with_a_length(make_client, protocol) -> None:
    response = make_client(limited_app(REQUEST_MAX_BODY_SIZE=10)).post("/", content=b"x" * 11)
    assert response.status_code == 413
    assert response.json()["detail"] == "the body is over the limit of 10 bytes"
    # ASGI servers are told not to reuse the connection; PEP 3333 leaves that to the server.
    assert response.headers.get("Connection") == ("close" if protocol == "asgi" else None)


def test_body_over_the_limit_is_refused_before_it_is_read(send_raw) -> None:
    # Content-Length says too much and no body follows: the app must not wait for one.
    app = limited_app(REQUEST_MAX_BODY_SIZE=10)
    response = send_raw(app, "POST", b"/", headers=[("content-length", "1000000")])
    assert response.status == 413


@pytest.mark.parametrize(
    "chunks", [[b"x" * 11], [b"xxxx"] * 3, [b"x"] * 11, [b"x" * 5, b"x" * 100_000]]
)
def test_chunked_body_over_the_limit(send_raw, chunks: list[bytes]) -> None:
    app = limited_app(REQUEST_MAX_BODY_SIZE=10)
    response = send_raw(app, "POST", b"/", body=chunks, chunked=True)
    assert response.status == 413
    assert response.json()["detail"] == "the body is over the limit of 10 bytes"


def test_chunked_body_at_the_limit(send_raw) -> None:
    app = limited_app(REQUEST_MAX_BODY_SIZE=10)
    response = send_raw(app, "POST", b"/", body=[b"xxxx", b"xxxx", b"xx"], chunked=True)
    assert response.json() == {"body": 10}


@pytest.mark.parametrize("count", [3, 4])
def test_too_many_urlencoded_fields(make_client, count: int) -> None:
    app = limited_app(REQUEST_MAX_FORM_FIELDS=3)
    data = {f"f{i}": "v" for i in range(count)}
    response = make_client(app).post("/form", data=data)
    if count <= 3:
        assert response.json() == {"fields": count, "files": 0}
    else:
        assert response.status_code == 413
        assert response.json()["detail"] == "too many fields in the form body (the limit is 3)"


@pytest.mark.parametrize("count", [3, 4])
def test_too_many_multipart_fields(make_client, count: int) -> None:
    app = limited_app(REQUEST_MAX_FORM_FIELDS=3)
    data = {f"f{i}": "v" for i in range(count)}
    response = make_client(app).post("/form", data=data, files={"file": ("a.txt", b"a")})
    if count <= 3:
        assert response.json() == {"fields": count, "files": 1}
    else:
        assert response.status_code == 413
        assert response.json()["detail"] == "too many fields in the form (the limit is 3)"


@pytest.mark.parametrize("count", [2, 3])
def test_too_many_files(make_client, count: int) -> None:
    app = limited_app(REQUEST_MAX_FORM_FILES=2)
    files = [("upload", (f"{i}.txt", b"data")) for i in range(count)]
    response = make_client(app).post("/form", data={"a": "1"}, files=files)
    if count <= 2:
        assert response.json() == {"fields": 1, "files": 1}  # one name, two files
    else:
        assert response.status_code == 413
        assert response.json()["detail"] == "too many files in the form (the limit is 2)"


@pytest.mark.parametrize("size", [100, 101])
def test_multipart_field_over_the_part_size(make_client, size: int) -> None:
    app = limited_app(REQUEST_MAX_FORM_PART_SIZE=100)
    response = make_client(app).post(
        "/form", data={"big": "x" * size}, files={"file": ("a.bin", b"f" * 1000)}
    )
    if size <= 100:
        # The part size bounds fields, not files.
        assert response.json() == {"fields": 1, "files": 1}
    else:
        assert response.status_code == 413
        assert response.json()["detail"] == "form field 'big' is over the limit of 100 bytes"


@pytest.mark.parametrize("count", [5, 6])
def test_too_many_query_fields(make_client, count: int) -> None:
    app = limited_app(REQUEST_MAX_QUERY_FIELDS=5)
    response = make_client(app).get("/query?" + "&".join(f"q{i}=1" for i in range(count)))
    if count <= 5:
        assert response.json() == {"fields": count}
    else:
        assert response.status_code == 413
        assert response.json()["detail"] == "too many fields in the query string (the limit is 5)"


def test_query_limit_applies_only_when_the_query_is_read(make_client) -> None:
    app = limited_app(REQUEST_MAX_QUERY_FIELDS=1)
    assert make_client(app).get("/?a=1&b=2").status_code == 200
