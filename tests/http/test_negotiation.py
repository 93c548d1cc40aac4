"""Content negotiation: RFC 9110 weights, wildcards and specificity; odd headers never fail."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trestle import App, Request
from trestle.http.negotiation import (
    MAX_RANGES,
    MediaRange,
    best_match,
    parse_accept,
    parse_media_type,
    quality,
)

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


# -- parsing -----------------------------------------------------------------------------------


def test_ranges_are_sorted_most_specific_first() -> None:
    ranges = parse_accept("*/*;q=0.1, text/*;q=0.5, text/html;level=1, text/html")
    assert [str(r) for r in ranges] == [
        "text/html;level=1;q=1",
        "text/html;q=1",
        "text/*;q=0.5",
        "*/*;q=0.1",
    ]


def test_names_are_lower_cased_and_charset_values_too() -> None:
    (media_range,) = parse_accept('Text/HTML; Charset="UTF-8"; Q=0.5')
    assert media_range == MediaRange("text", "html", (("charset", "utf-8"),), 0.5)


def test_parameters_after_the_weight_are_extensions_not_part_of_the_range() -> None:
    (media_range,) = parse_accept("text/plain;q=0.3;ext=1")
    assert media_range.params == () and media_range.quality == 0.3


@pytest.mark.parametrize(
    "header",
    [
        "",
        ",,,",
        "text",
        "/html",
        "text/",
        "*/json",
        "text/html;q=high",
        "text/html;q=2",
        "text/html;q=1.5",
        "text/html;q=0.12345",
        "text/html;q=-0",
        "text/html;q=\u0660.\u0665",  # Arabic-Indic digits: isdigit() says yes, the RFC no
        "text/html;q",
        "text/html;=x",
        "te xt/html",
        "text/ht(ml",
        "\x00/\x00",
    ],
)
def test_unreadable_ranges_are_skipped(header: str) -> None:
    assert parse_accept(header) == ()


def test_readable_ranges_survive_beside_unreadable_ones() -> None:
    assert [str(r) for r in parse_accept("garbage, application/json;q=0.5, */json")] == [
        "application/json;q=0.5"
    ]


def test_a_huge_header_reads_only_the_first_ranges() -> None:
    header = ",".join(f"type{n}/sub" for n in range(5000))
    ranges = parse_accept(header)
    assert len(ranges) == MAX_RANGES
    assert ranges[0].type == "type0"


def test_weights() -> None:
    ranges = parse_accept("text/*;q=0.3, text/html;q=0.7, text/html;level=1, */*;q=0.5")
    assert quality(ranges, "text/html;level=1") == 1.0
    assert quality(ranges, "text/html") == 0.7
    assert quality(ranges, "text/html;level=2") == 0.7
    assert quality(ranges, "text/plain") == 0.3
    assert quality(ranges, "image/jpeg") == 0.5


def test_no_header_accepts_anything() -> None:
    assert quality(parse_accept(None), "application/json") == 1.0
    assert best_match(parse_accept(None), ["text/csv", "application/json"]) == "text/csv"


@pytest.mark.parametrize(
    ("header", "offers", "expected"),
    [
        (BROWSER, ["application/json", "text/html"], "text/html"),
        (BROWSER, ["application/json", "text/csv"], "application/json"),  # both */* at 0.8
        ("application/json", ["text/html", "application/json"], "application/json"),
        ("application/json", ["text/html"], None),
        ("*/*", ["text/html", "application/json"], "text/html"),  # server order on ties
        # The more specific match wins a tie in weight:
        ("text/*, text/csv", ["text/plain", "text/csv"], "text/csv"),
        ("application/json;q=0, */*", ["application/json", "text/csv"], "text/csv"),
        ("application/json;q=0", ["application/json"], None),
        ("text/plain;charset=utf-8", ["text/plain; charset=UTF-8"], "text/plain; charset=UTF-8"),
        ("text/plain;charset=latin-1", ["text/plain; charset=utf-8"], None),
        ("text/*;q=0.5, text/html;q=0", ["text/html", "text/plain"], "text/plain"),
        ("", ["application/json"], "application/json"),
        ("nonsense", ["application/json"], "application/json"),  # unreadable: as if absent
    ],
)
def test_best_match(header: str, offers: list[str], expected: str | None) -> None:
    assert best_match(parse_accept(header), offers) == expected


def test_best_match_of_nothing() -> None:
    assert best_match(parse_accept(BROWSER), []) is None


@pytest.mark.parametrize("offer", ["*/*", "text/*", "json", "", "text/html;charset", "a b/c"])
def test_offers_must_be_concrete_media_types(offer: str) -> None:
    with pytest.raises(ValueError, match=r"media type|malformed parameter"):
        parse_media_type(offer)
    with pytest.raises(ValueError):
        best_match((), [offer])


def test_parsed_headers_are_cached_by_their_text() -> None:
    assert parse_accept(BROWSER) is parse_accept(BROWSER)
    long_header = "text/html;q=0.5," * 200
    assert parse_accept(long_header) == parse_accept(long_header)
    assert parse_accept(long_header) is not parse_accept(long_header)  # too long to keep


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_header_parses_without_error(header: str) -> None:
    ranges = parse_accept(header)
    assert all(0.0 <= media_range.quality <= 1.0 for media_range in ranges)
    assert best_match(ranges, ["application/json", "text/html"]) in (
        None,
        "application/json",
        "text/html",
    )


# -- through HTTP ------------------------------------------------------------------------------


def negotiating_app() -> App:
    app = App()

    @app.get("/report")
    def report(request: Request) -> tuple[str, int, dict[str, str]]:
        chosen = request.preferred("application/json", "text/html", "text/csv")
        if chosen is None:
            return "", 406, {}
        return chosen, 200, {"X-JSON": str(request.accepts("application/json"))}

    return app


@pytest.mark.parametrize(
    ("accept", "chosen", "json_ok"),
    [
        (None, "application/json", "True"),
        ("text/html", "text/html", "False"),
        (BROWSER, "text/html", "True"),
        ("text/csv;q=0.9, application/json;q=0.1", "text/csv", "True"),
        ("application/*;q=0, */*", "text/html", "False"),
        (";;;,,,/", "application/json", "True"),
        ("application/json;q=nan", "application/json", "True"),
    ],
)
def test_through_http(make_client, accept: str | None, chosen: str, json_ok: str) -> None:
    headers = {"Accept": accept} if accept is not None else {}
    response = make_client(negotiating_app()).get("/report", headers=headers)
    assert (response.status_code, response.text, response.headers["x-json"]) == (
        200,
        chosen,
        json_ok,
    )


def test_nothing_acceptable_through_http(make_client) -> None:
    response = make_client(negotiating_app()).get("/report", headers={"Accept": "image/png"})
    assert response.status_code == 406


def test_non_ascii_accept_header(send_raw) -> None:
    response = send_raw(
        negotiating_app(), "GET", b"/report", headers=[("accept", "é/é, tëxt/html")]
    )
    assert (response.status, response.body) == (200, b"application/json")
