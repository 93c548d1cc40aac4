"""HTTP dates: the one format we send, and every format we may receive."""

from __future__ import annotations

import pytest

from trestle.http.dates import http_date, parse_http_date

TIMESTAMP = 784111777  # Sun, 06 Nov 1994 08:49:37 GMT, RFC 9110's example


def test_http_date() -> None:
    assert http_date(TIMESTAMP) == "Sun, 06 Nov 1994 08:49:37 GMT"
    assert http_date(0) == "Thu, 01 Jan 1970 00:00:00 GMT"
    assert http_date(TIMESTAMP + 0.9) == "Sun, 06 Nov 1994 08:49:37 GMT"


@pytest.mark.parametrize(
    "value",
    [
        "Sun, 06 Nov 1994 08:49:37 GMT",  # IMF-fixdate
        "Sunday, 06-Nov-94 08:49:37 GMT",  # obsolete RFC 850
        "Sun Nov  6 08:49:37 1994",  # obsolete asctime (no zone: read as UTC)
        "Sun, 06 Nov 1994 09:49:37 +0100",
    ],
)
def test_parse_http_date(value: str) -> None:
    assert parse_http_date(value) == TIMESTAMP


@pytest.mark.parametrize(
    "value", [None, "", "yesterday", "Sun, 06 Nov 1994", "Sun, 99 Nov 1994 08:49:37 GMT", "\x00"]
)
def test_unreadable_dates_are_none(value: str | None) -> None:
    assert parse_http_date(value) is None


def test_round_trip() -> None:
    assert parse_http_date(http_date(TIMESTAMP)) == TIMESTAMP
