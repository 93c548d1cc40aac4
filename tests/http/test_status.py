"""Status codes: reason phrases, WSGI status lines, and the statuses that carry no body."""

from __future__ import annotations

from http import HTTPStatus

import pytest

from trestle.http.status import NO_BODY_STATUSES, REASONS, STATUS_LINES, status_line


@pytest.mark.parametrize(
    ("code", "line"),
    [
        (200, "200 OK"),
        (204, "204 No Content"),
        (404, "404 Not Found"),
        (418, "418 I'm a Teapot"),
        (421, "421 Misdirected Request"),
        (425, "425 Too Early"),
        (500, "500 Internal Server Error"),
    ],
)
def test_status_line(code: int, line: str) -> None:
    assert status_line(code) == line
    assert STATUS_LINES[code] == line


@pytest.mark.parametrize("code", [100, 299, 499, 599, 999])
def test_unknown_codes(code: int) -> None:
    if code not in REASONS:
        assert status_line(code) == f"{code} Unknown"


@pytest.mark.parametrize("code", [-1, 0, 99, 1000, 20000])
def test_invalid_codes(code: int) -> None:
    with pytest.raises(ValueError, match="invalid HTTP status code"):
        status_line(code)


def test_every_stdlib_status_has_a_line() -> None:
    for status in HTTPStatus:
        assert STATUS_LINES[status.value] == f"{status.value} {status.phrase}"
        assert REASONS[status.value] == status.phrase


@pytest.mark.parametrize(
    ("code", "bodiless"),
    [
        (100, True),
        (101, True),
        (199, True),
        (200, False),
        (204, True),
        (205, False),
        (304, True),
        (404, False),
    ],
)
def test_no_body_statuses(code: int, bodiless: bool) -> None:
    assert (code in NO_BODY_STATUSES) is bodiless
