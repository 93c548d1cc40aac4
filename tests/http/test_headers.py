"""Header collections: case-insensitive lookups, repeated headers, and refusing injection."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trestle.http.headers import HeaderError, Headers, MutableHeaders, check_header

TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
names = st.text(TOKEN_CHARS, min_size=1, max_size=20)
values = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=20)

# -- request headers -----------------------------------------------------------------------


def test_headers_lookup() -> None:
    headers = Headers(
        [("Content-Type", "text/plain"), ("X-A", "1"), ("x-a", "2"), ("Accept", "*/*")]
    )
    assert headers["content-type"] == "text/plain"
    assert headers["CONTENT-TYPE"] == "text/plain"
    assert headers["x-a"] == "1, 2"
    assert headers.getlist("X-A") == ["1", "2"]
    assert headers.getlist("missing") == []
    assert headers.get("missing") is None
    assert headers.get("missing", "default") == "default"
    assert "ACCEPT" in headers
    assert "missing" not in headers
    assert 1 not in headers
    assert list(headers) == ["content-type", "x-a", "accept"]
    assert len(headers) == 3
    assert dict(headers) == {"content-type": "text/plain", "x-a": "1, 2", "accept": "*/*"}
    assert headers.raw() == [
        ("content-type", "text/plain"),
        ("x-a", "1"),
        ("x-a", "2"),
        ("accept", "*/*"),
    ]


def test_missing_header_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        Headers()["x"]


def test_repeated_cookie_lines_join_with_a_semicolon() -> None:
    assert Headers([("Cookie", "a=1"), ("cookie", "b=2")])["cookie"] == "a=1; b=2"


def test_headers_are_read_only() -> None:
    headers = Headers([("a", "1")])
    with pytest.raises(TypeError):
        headers["a"] = "2"  # type: ignore[index]
    assert not hasattr(headers, "add")


def test_headers_equal_a_mapping() -> None:
    assert Headers([("A", "1")]) == {"a": "1"}
    assert Headers([("A", "1")]) == Headers([("a", "1")])


def test_repr() -> None:
    assert repr(Headers([("A", "1")])) == "Headers([('a', '1')])"
    assert repr(MutableHeaders([("A", "1")])) == "MutableHeaders([('A', '1')])"


@given(st.lists(st.tuples(names, values)), names)
def test_headers_ignore_case(pairs: list[tuple[str, str]], name: str) -> None:
    headers = Headers(pairs)
    for variant in (name, name.lower(), name.upper(), name.swapcase()):
        assert (variant in headers) is any(key.lower() == name.lower() for key, _ in pairs)
        assert headers.getlist(variant) == [v for k, v in pairs if k.lower() == name.lower()]


@given(st.lists(st.tuples(names, values)), names, values)
def test_mutable_headers_ignore_case(pairs: list[tuple[str, str]], name: str, value: str) -> None:
    headers = MutableHeaders(list(pairs))
    headers[name.upper()] = value
    assert headers[name.lower()] == value
    assert headers.getlist(name.swapcase()) == [value]
    assert len(headers) == len({key.lower() for key, _ in pairs} | {name.lower()})


# -- response headers ----------------------------------------------------------------------


def test_mutable_headers_are_a_view_of_the_list() -> None:
    items = [("Content-Type", "text/html")]
    headers = MutableHeaders(items)
    headers["X-Frame-Options"] = "DENY"
    headers.add("Vary", "Accept")
    headers.add("vary", "Cookie")
    assert items == [
        ("Content-Type", "text/html"),
        ("X-Frame-Options", "DENY"),
        ("Vary", "Accept"),
        ("vary", "Cookie"),
    ]
    assert headers["VARY"] == "Accept"  # the first value
    assert headers.getlist("Vary") == ["Accept", "Cookie"]
    assert list(headers) == ["content-type", "x-frame-options", "vary"]
    assert len(headers) == 3
    assert "x-frame-options" in headers
    assert 3 not in headers


def test_setting_replaces_every_value() -> None:
    headers = MutableHeaders([("Vary", "a"), ("X", "1"), ("vary", "b")])
    headers["VARY"] = "c"
    assert headers.raw() == [("X", "1"), ("VARY", "c")]


def test_delete() -> None:
    headers = MutableHeaders([("Vary", "a"), ("X", "1"), ("vary", "b")])
    del headers["vary"]
    assert headers.raw() == [("X", "1")]
    with pytest.raises(KeyError):
        del headers["vary"]
    with pytest.raises(KeyError):
        headers["vary"]


def test_mutable_mapping_methods() -> None:
    headers = MutableHeaders()
    assert headers.setdefault("X-A", "1") == "1"
    assert headers.setdefault("x-a", "2") == "1"
    headers.update({"X-B": "2"})
    assert headers.pop("x-b") == "2"
    headers.update_from({"X-C": "3"})
    headers.update_from([("X-C", "4"), ("X-D", "5")])
    assert headers.raw() == [("X-A", "1"), ("X-C", "4"), ("X-D", "5")]


INJECTIONS = [
    "a\r\nSet-Cookie: evil=1",
    "a\nb",
    "a\rb",
    "a\x00b",
    "a\x0bb",
    "a\x7fb",
    "日本",  # nothing can send it: WSGI and ASGI carry latin-1
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_bad_values_are_refused_when_set(value: str) -> None:
    headers = MutableHeaders()
    with pytest.raises(HeaderError):
        headers["X-A"] = value
    with pytest.raises(HeaderError):
        headers.add("X-A", value)
    with pytest.raises(HeaderError):
        headers.update_from({"X-A": value})
    with pytest.raises(HeaderError):
        headers.setdefault("X-A", value)
    assert headers.raw() == []


@pytest.mark.parametrize("name", ["", "X A", "X:A", "X-A\r\n", "X\x00", "Ä", "X\tA", "(x)"])
def test_bad_names_are_refused_when_set(name: str) -> None:
    headers = MutableHeaders()
    with pytest.raises(HeaderError, match="invalid header name"):
        headers[name] = "v"
    with pytest.raises(HeaderError):
        headers.add(name, "v")
    assert headers.raw() == []


@pytest.mark.parametrize("value", ["", "plain", "with\ttab", "caf\xe9", 'q="x", w/"y"'])
def test_good_values(value: str) -> None:
    check_header("X-Good", value)


def test_values_must_be_str() -> None:
    with pytest.raises(HeaderError, match="must be a str"):
        check_header("X-A", 1)  # type: ignore[arg-type]
    with pytest.raises(HeaderError, match="must be a str"):
        check_header("X-A", b"v")  # type: ignore[arg-type]
    with pytest.raises(HeaderError, match="invalid header name"):
        check_header(b"X-A", "v")  # type: ignore[arg-type]


def test_header_error_is_a_value_error() -> None:
    assert issubclass(HeaderError, ValueError)
