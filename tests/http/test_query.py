"""Query strings and urlencoded text: strict decoding, limits, and round trips with the stdlib."""

from __future__ import annotations

import contextlib
from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trestle.http.exceptions import BadRequest, PayloadTooLarge
from trestle.http.query import check_percent_encoding, parse_urlencoded


def parse(text: str, max_fields: int = 1000) -> list[tuple[str, str]]:
    return parse_urlencoded(text, max_fields=max_fields).multi_items()


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("", []),
        ("a=1", [("a", "1")]),
        ("a=1&b=2&a=3", [("a", "1"), ("b", "2"), ("a", "3")]),
        ("a", [("a", "")]),
        ("a=", [("a", "")]),
        ("=1", [("", "1")]),
        ("a=1=2", [("a", "1=2")]),
        ("&&a=1&&", [("a", "1")]),
        ("a+b=c+d", [("a b", "c d")]),
        ("a%2Bb=c%2bd", [("a+b", "c+d")]),
        ("%26=%3D", [("&", "=")]),
        ("caf%C3%A9=%E2%9C%93", [("café", "✓")]),
        ("a=%F0%9F%98%80", [("a", "😀")]),
        ("a;b=1", [("a;b", "1")]),  # ";" is not a separator (bpo-42967)
        ("café=é", [("café", "é")]),  # already-decoded text is kept
    ],
)
def test_parse_urlencoded(text: str, pairs: list[tuple[str, str]]) -> None:
    assert parse(text) == pairs


@pytest.mark.parametrize("text", ["a=%", "a=%2", "a=%zz", "%=1", "a=1%2x", "a=%%41"])
def test_malformed_percent_encoding(text: str) -> None:
    with pytest.raises(BadRequest, match="malformed percent-encoding in the query string"):
        parse(text)


@pytest.mark.parametrize("text", ["a=%ff", "%C3=1", "a=%C3%28", "a=%ED%A0%80", "a=%C0%AF"])
def test_invalid_utf8(text: str) -> None:
    with pytest.raises(BadRequest, match="the query string is not valid UTF-8"):
        parse(text)


def test_where_names_the_source() -> None:
    with pytest.raises(BadRequest, match="in the form body"):
        parse_urlencoded("a=%", max_fields=10, where="form body")
    with pytest.raises(PayloadTooLarge, match="fields in the form body"):
        parse_urlencoded("a&b", max_fields=1, where="form body")


def test_max_fields() -> None:
    assert len(parse("a&b&c", max_fields=3)) == 3
    with pytest.raises(
        PayloadTooLarge, match=r"too many fields in the query string \(the limit is 2\)"
    ):
        parse("a&b&c", max_fields=2)


def test_max_fields_counts_before_decoding() -> None:
    # Many empty pairs cost as much to split as full ones.
    with pytest.raises(PayloadTooLarge):
        parse("&" * 10, max_fields=5)


@pytest.mark.parametrize("text", ["", "abc", "%41", "%aF%Fa", "100%25"])
def test_check_percent_encoding_accepts(text: str) -> None:
    check_percent_encoding(text, "path")


@pytest.mark.parametrize("text", ["%", "a%", "%4", "%4g", "%g4", "%%"])
def test_check_percent_encoding_refuses(text: str) -> None:
    with pytest.raises(BadRequest, match="malformed percent-encoding in the path"):
        check_percent_encoding(text, "path")


# Surrogates cannot be encoded as UTF-8, so no client can send them.
text = st.text(st.characters(exclude_categories=("Cs",)))


@given(st.lists(st.tuples(text, text)))
def test_round_trip_with_urlencode(pairs: list[tuple[str, str]]) -> None:
    assert parse(urlencode(pairs)) == pairs


@given(st.lists(st.tuples(text, text)))
def test_round_trip_with_urlencode_quote_via_quote(pairs: list[tuple[str, str]]) -> None:
    from urllib.parse import quote

    assert parse(urlencode(pairs, quote_via=quote)) == pairs


@given(st.text())
def test_never_fails_with_anything_but_a_4xx(value: str) -> None:
    with contextlib.suppress(BadRequest, PayloadTooLarge):
        parse(value)


@given(st.text())
def test_fast_unquote_agrees_with_urllib(text: str) -> None:
    from urllib.parse import quote_plus, unquote_plus

    from trestle.http.query import _unquote_plus

    encoded = quote_plus(text)
    assert _unquote_plus(encoded) == unquote_plus(encoded) == text
