"""HTTP errors: each class's status, detail and headers, and the response each one becomes."""

from __future__ import annotations

import pytest

from trestle import App
from trestle.http import exceptions
from trestle.http.exceptions import (
    BadRequest,
    Conflict,
    Forbidden,
    HTTPException,
    MethodNotAllowed,
    NotFound,
    NotImplementedMethod,
    PayloadTooLarge,
    RangeNotSatisfiable,
    RequestRedirect,
    ServiceUnavailable,
    UnprocessableContent,
    UnsupportedMediaType,
    abort,
)
from trestle.http.status import REASONS

FIXED = [
    (BadRequest, 400),
    (Forbidden, 403),
    (NotFound, 404),
    (Conflict, 409),
    (PayloadTooLarge, 413),
    (UnsupportedMediaType, 415),
    (RangeNotSatisfiable, 416),
    (UnprocessableContent, 422),
    (NotImplementedMethod, 501),
    (ServiceUnavailable, 503),
]


@pytest.mark.parametrize(("cls", "status"), FIXED)
def test_fixed_status(cls: type[HTTPException], status: int) -> None:
    error = cls()
    assert isinstance(error, HTTPException)
    assert error.status_code == status
    assert error.detail == REASONS[status]
    assert cls("why").detail == "why"
    assert str(cls("why")) == f"{status}: why"


def test_default_detail_is_the_reason_phrase() -> None:
    assert NotFound().detail == "Not Found"
    assert HTTPException(418).detail == "I'm a Teapot"
    assert HTTPException(599).detail == "Error"
    assert HTTPException().status_code == 500


def test_detail_may_be_structured() -> None:
    error = UnprocessableContent({"field": ["required"]})
    assert error.detail == {"field": ["required"]}


def test_headers() -> None:
    assert BadRequest().headers == {}
    assert BadRequest("x", {"X-A": "1"}).headers == {"X-A": "1"}
    assert HTTPException(429, "slow down", {"Retry-After": "5"}).headers == {"Retry-After": "5"}
    assert PayloadTooLarge("big").headers == {"Connection": "close"}


def test_method_not_allowed_lists_the_allowed_methods() -> None:
    error = MethodNotAllowed(["POST", "GET"])
    assert error.status_code == 405
    assert error.allowed == ("GET", "POST")
    assert error.headers == {"Allow": "GET, POST"}


def test_request_redirect() -> None:
    redirect = RequestRedirect("/a/", 308)
    assert (redirect.status_code, redirect.location) == (308, "/a/")
    assert redirect.headers == {"Location": "/a/"}
    assert RequestRedirect("/b").status_code == 301


def test_abort() -> None:
    with pytest.raises(HTTPException) as caught:
        abort(429, "slow down", {"Retry-After": "5"})
    assert caught.value.status_code == 429
    assert caught.value.detail == "slow down"
    assert caught.value.headers == {"Retry-After": "5"}


def test_the_hierarchy_is_drawn_in_the_docstring() -> None:
    doc = exceptions.__doc__ or ""
    for cls, status in FIXED:
        assert f"{cls.__name__} " in doc
        assert str(status) in doc


# -- raised in a view, answered over HTTP ---------------------------------------------------


@pytest.mark.parametrize(
    ("error", "status", "detail", "headers"),
    [
        (NotFound(), 404, "Not Found", {}),
        (BadRequest("the id must be a number"), 400, "the id must be a number", {}),
        (Forbidden("no"), 403, "no", {}),
        (
            HTTPException(429, "slow down", {"Retry-After": "5"}),
            429,
            "slow down",
            {"retry-after": "5"},
        ),
        (PayloadTooLarge("big"), 413, "big", {}),
        (UnprocessableContent({"name": ["required"]}), 422, {"name": ["required"]}, {}),
        (MethodNotAllowed(["GET"]), 405, "Method Not Allowed", {"allow": "GET"}),
    ],
)
def test_errors_become_problem_responses(make_client, error, status, detail, headers) -> None:
    app = App()

    @app.get("/")
    def view() -> None:
        raise error

    response = make_client(app).get("/")
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == status
    assert response.json()["detail"] == detail
    for name, value in headers.items():
        assert response.headers[name] == value


def test_abort_in_an_async_view(make_client) -> None:
    app = App()

    @app.get("/")
    async def view() -> None:
        abort(418, "short and stout")

    response = make_client(app).get("/")
    assert response.status_code == 418
    assert response.json()["detail"] == "short and stout"


def test_request_redirect_in_a_view(make_client) -> None:
    app = App()

    @app.get("/")
    def view() -> None:
        raise RequestRedirect("/elsewhere", 308)

    response = make_client(app).get("/")
    assert response.status_code == 308
    assert response.headers["location"] == "/elsewhere"
