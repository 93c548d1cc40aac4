"""Cookies: lenient parsing of Cookie, strict rendering of Set-Cookie, and safe defaults."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trestle import App
from trestle.http.cookies import parse_cookie_header, render_set_cookie
from trestle.http.response import Response

# -- parsing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "cookies"),
    [
        ("", {}),
        ("a=1", {"a": "1"}),
        ("a=1; b=2", {"a": "1", "b": "2"}),
        ("a=1;b=2", {"a": "1", "b": "2"}),
        ("  a = 1 ;  b=2  ", {"a": "1", "b": "2"}),
        ('a="quoted value"', {"a": "quoted value"}),
        ('a="', {"a": '"'}),
        ('a=""', {"a": ""}),
        ("a=", {"a": ""}),
        ("a=b=c", {"a": "b=c"}),
        ("a=1; a=2", {"a": "1"}),  # the most specific cookie comes first
        ("flag; a=1", {"a": "1"}),
        ("=1; a=2", {"a": "2"}),
        (";;; a=1 ;;", {"a": "1"}),
        ("a=%E2%9C%93", {"a": "%E2%9C%93"}),  # values are not decoded
        ("a=caf\xe9", {"a": "caf\xe9"}),
    ],
)
def test_parse_cookie_header(header: str, cookies: dict[str, str]) -> None:
    assert parse_cookie_header(header) == cookies


@given(st.text())
def test_parsing_never_fails(header: str) -> None:
    cookies = parse_cookie_header(header)
    assert all(name and name == name.strip() for name in cookies)


@given(
    st.dictionaries(
        st.from_regex(r"[a-zA-Z0-9_\-]+", fullmatch=True),
        st.from_regex(r"[a-zA-Z0-9_\-]*", fullmatch=True),
    )
)
def test_parse_what_we_render(cookies: dict[str, str]) -> None:
    header = "; ".join(
        render_set_cookie(name, value).partition(";")[0] for name, value in cookies.items()
    )
    assert parse_cookie_header(header) == cookies


# -- rendering -----------------------------------------------------------------------------


def test_render_defaults() -> None:
    assert render_set_cookie("sid", "abc") == "sid=abc; Path=/; SameSite=Lax; HttpOnly"


def test_render_everything() -> None:
    expires = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    header = render_set_cookie(
        "sid",
        "abc",
        max_age=3600,
        expires=expires,
        path="/app",
        domain="example.com",
        secure=True,
        httponly=False,
        samesite="Strict",
        partitioned=True,
    )
    assert header == (
        "sid=abc; Max-Age=3600; Expires=Wed, 02 Jan 2030 03:04:05 GMT; Path=/app; "
        "Domain=example.com; SameSite=Strict; Secure; Partitioned"
    )


def test_max_age_adds_a_matching_expires() -> None:
    header = render_set_cookie("a", "1", max_age=60)
    match = re.search(r"Max-Age=60; Expires=([^;]+);", header)
    assert match
    expires = datetime.strptime(match[1], "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=UTC)
    assert abs(expires - (datetime.now(UTC) + timedelta(seconds=60))) < timedelta(seconds=5)


def test_expires_as_a_timestamp() -> None:
    assert "Expires=Thu, 01 Jan 1970 00:00:00 GMT" in render_set_cookie("a", "1", expires=0)


def test_no_path_no_samesite() -> None:
    assert render_set_cookie("a", "1", path=None, samesite=None, httponly=False) == "a=1"


def test_samesite_none_must_be_secure() -> None:
    with pytest.raises(ValueError, match="Secure"):
        render_set_cookie("a", "1", samesite="None")
    assert render_set_cookie("a", "1", samesite="None", secure=True).endswith(
        "SameSite=None; Secure; HttpOnly"
    )


@pytest.mark.parametrize("samesite", ["lax", "none", "", "Loose"])
def test_samesite_values(samesite: str) -> None:
    with pytest.raises(ValueError, match="samesite"):
        render_set_cookie("a", "1", samesite=samesite, secure=True)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["", "a b", "a;b", "a=b", "a,b", 'a"b', "é", "a\r\n", "a\x00"])
def test_bad_names(name: str) -> None:
    with pytest.raises(ValueError, match="invalid cookie name"):
        render_set_cookie(name, "1")


@pytest.mark.parametrize(
    "value", ["a b", "a;b", "a,b", 'a"b', "a\\b", "é", "a\r\nb", "a\x00", "a\tb"]
)
def test_bad_values(value: str) -> None:
    with pytest.raises(ValueError, match="encode it"):
        render_set_cookie("a", value)


@pytest.mark.parametrize(
    "value", ["", "abc", "a=b", "eyJhIjoxfQ==", "a.b-c_d~e!#$%&'()*+/:<>?@[]^`{|}"]
)
def test_good_values(value: str) -> None:
    assert render_set_cookie("a", value).startswith(f"a={value};")


@pytest.mark.parametrize("attribute", ["path", "domain"])
@pytest.mark.parametrize("value", ["/a;b", "/a\r\nb", "/a\x00", "/a\x7f", "/café", "/日本"])
def test_bad_attributes(attribute: str, value: str) -> None:
    with pytest.raises(ValueError, match=f"invalid cookie {attribute.capitalize()}"):
        render_set_cookie("a", "1", **{attribute: value})  # type: ignore[arg-type]


# -- set_cookie and delete_cookie through HTTP ---------------------------------------------


def cookie_app() -> App:
    app = App()

    @app.get("/set")
    def set_default() -> Response:
        response = Response("ok")
        response.set_cookie("sid", "abc")
        return response

    @app.get("/options")
    def set_options() -> Response:
        response = Response("ok")
        response.set_cookie(
            "pref",
            "dark",
            max_age=3600,
            path="/app",
            domain="testserver",
            httponly=False,
            samesite="Strict",
        )
        response.set_cookie("always", "1", secure=True)
        response.set_cookie("never", "1", secure=False)
        response.set_cookie("cross", "1", samesite="None")
        return response

    @app.get("/delete")
    def delete() -> Response:
        response = Response("ok")
        response.delete_cookie("sid")
        response.delete_cookie("pref", path="/app", domain="testserver")
        return response

    return app


def set_cookies(response) -> dict[str, str]:
    return {header.partition("=")[0]: header for header in response.headers.get_list("set-cookie")}


def test_set_cookie_defaults_over_http(make_client) -> None:
    response = make_client(cookie_app()).get("/set")
    assert response.headers.get_list("set-cookie") == ["sid=abc; Path=/; SameSite=Lax; HttpOnly"]


def test_set_cookie_defaults_over_https(make_client) -> None:
    response = make_client(cookie_app(), base_url="https://testserver").get("/set")
    assert response.headers.get_list("set-cookie") == [
        "sid=abc; Path=/; SameSite=Lax; Secure; HttpOnly"
    ]


@pytest.mark.parametrize("https", [False, True])
def test_set_cookie_options(make_client, https: bool) -> None:
    base_url = "https://testserver" if https else "http://testserver"
    cookies = set_cookies(make_client(cookie_app(), base_url=base_url).get("/options"))
    assert re.fullmatch(
        r"pref=dark; Max-Age=3600; Expires=[^;]+ GMT; Path=/app; Domain=testserver; SameSite=Strict"
        + ("; Secure" if https else ""),
        cookies["pref"],
    )
    assert cookies["always"] == "always=1; Path=/; SameSite=Lax; Secure; HttpOnly"
    assert cookies["never"] == "never=1; Path=/; SameSite=Lax; HttpOnly"
    # SameSite=None is only kept by browsers with Secure, so it is Secure even over HTTP.
    assert cookies["cross"] == "cross=1; Path=/; SameSite=None; Secure; HttpOnly"


def test_the_client_keeps_the_cookie(make_client) -> None:
    app = cookie_app()

    @app.get("/read")
    def read(request) -> dict[str, str]:
        return request.cookies

    client = make_client(app)
    client.get("/set")
    assert client.get("/read").json() == {"sid": "abc"}
    client.get("/delete")
    assert client.get("/read").json() == {}


def test_delete_cookie(make_client) -> None:
    cookies = set_cookies(make_client(cookie_app()).get("/delete"))
    assert cookies["sid"] == (
        "sid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; SameSite=Lax; HttpOnly"
    )
    assert cookies["pref"] == (
        "pref=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/app; Domain=testserver; "
        "SameSite=Lax; HttpOnly"
    )


@pytest.mark.parametrize(
    ("args", "options"),
    [
        (("bad name", "v"), {}),
        (("a", "bad value"), {}),
        (("a", "v;Domain=evil"), {}),
        (("a", "v\r\nX-Evil: 1"), {}),
        (("a", "v"), {"path": "/;evil"}),
        (("a", "v"), {"domain": "evil\r\n"}),
        (("a", "v"), {"samesite": "None", "secure": False}),
        (("a", "v"), {"samesite": "lax"}),
    ],
)
def test_set_cookie_refuses_at_once(args: tuple[str, str], options: dict[str, object]) -> None:
    response = Response()
    with pytest.raises(ValueError):
        response.set_cookie(*args, **options)  # type: ignore[arg-type]
    assert response._cookies is None
    assert response._header_list(True) == []


def test_delete_cookie_refuses_a_bad_name() -> None:
    with pytest.raises(ValueError):
        Response().delete_cookie("bad name")


def test_naive_expires_is_utc(monkeypatch) -> None:
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        header = render_set_cookie("a", "1", expires=datetime(2030, 1, 2, 3, 4, 5))
    finally:
        monkeypatch.undo()
        time.tzset()
    assert "Expires=Wed, 02 Jan 2030 03:04:05 GMT" in header
