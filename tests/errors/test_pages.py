"""Default error pages: errors_as_json() keeps a request's errors JSON, even for browsers."""

from __future__ import annotations

from typing import Annotated

import pytest

from trestle import App, Query, Request, abort
from trestle.errors.pages import errors_as_json

BROWSER = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


class JSONUnderAPI:
    """Marks every request under /api/ (a typical use of errors_as_json)."""

    def before_request(self, request: Request) -> None:
        if request.path.startswith("/api/"):
            errors_as_json(request)


def api_app(*, debug: bool = False) -> App:
    app = App({"DEBUG": debug}, middleware=[JSONUnderAPI()])

    @app.get("/api/items/<int:id>")
    def item(id: int) -> dict[str, int]:
        abort(404, f"no item {id}")

    @app.get("/api/search")
    def search(page: Annotated[int, Query(ge=1)] = 1) -> dict[str, int]:
        return {"page": page}

    @app.get("/api/crash")
    def crash() -> None:
        raise RuntimeError("boom")

    @app.get("/page")
    def page() -> None:
        abort(404, "no such page")

    return app


@pytest.mark.parametrize(
    ("url", "status"),
    [("/api/items/7", 404), ("/api/nowhere", 404), ("/api/search?page=0", 422)],
)
def test_marked_requests_get_problem_json_even_when_html_is_preferred(
    make_client, url: str, status: int
) -> None:
    response = make_client(api_app()).get(url, headers=BROWSER)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == status


def test_the_validation_problem_keeps_its_errors(make_client) -> None:
    response = make_client(api_app()).get("/api/search?page=0", headers=BROWSER)
    assert [error["name"] for error in response.json()["errors"]] == ["page"]


@pytest.mark.parametrize("debug", [False, True])
def test_a_server_error_is_json_too(make_client, debug: bool) -> None:
    client = make_client(api_app(debug=debug))
    response = client.get("/api/crash", headers=BROWSER)
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["title"] == "Internal Server Error"


def test_other_requests_are_still_negotiated(make_client) -> None:
    client = make_client(api_app())
    page = client.get("/page", headers=BROWSER)
    assert page.headers["content-type"].startswith("text/html")
    assert "no such page" in page.text
    assert client.get("/page").headers["content-type"] == "application/problem+json"
