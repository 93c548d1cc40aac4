"""A project's ``404.html`` (``403.html``, ``500.html``...) as the page browsers get."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from trestle import Settings
from trestle.apps import build_app
from trestle.testing import TestClient

MakeClient = Callable[..., TestClient]
HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
KEY = "error-pages-test-key-" + "e" * 40

PAGES = {
    "base.html": "<!doctype html><title>{% block title %}{% endblock %}</title>"
    "<nav>Tea shop</nav>{% block content %}{% endblock %}",
    "404.html": '{% extends "base.html" %}{% block title %}{{ title }}{% endblock %}'
    "{% block content %}<h1>Not here ({{ status }})</h1><p>{{ detail }}</p>"
    "<p>{{ request.path }}</p>{% endblock %}",
    "405.html": "<h1>Not that way</h1>",
    "500.html": "<h1>Sorry ({{ request_id }})</h1><p>{{ detail }}</p><p>{{ request }}</p>",
    "403.html": "<h1>{{ no_such_function() }}</h1>",  # broken on purpose
}


def project(tmp_path: Path, *, debug: bool = False, pages: dict[str, str] = PAGES) -> Any:
    folder = tmp_path / "templates"
    folder.mkdir()
    for name, text in pages.items():
        (folder / name).write_text(text)
    app = build_app(
        Settings(
            {
                "DEBUG": debug,
                "SECRET_KEY": KEY,
                "ALLOWED_HOSTS": ["testserver"],
                "TEMPLATES": {"DIRS": [str(folder)]},
                "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            },
            environ={},
        )
    )

    @app.get("/books/<int:id>")
    def book(id: int) -> dict[str, int]:
        from trestle import abort

        abort(404, f"no book has the id {id} <script>")

    @app.get("/secret")
    def secret() -> None:
        from trestle import abort

        abort(403)

    @app.get("/crash")
    def crash() -> None:
        raise RuntimeError("the password is hunter2")

    return app


def test_browsers_get_the_projects_404_page(make_client: MakeClient, tmp_path: Path) -> None:
    client = make_client(project(tmp_path))
    page = client.get("/books/7", headers=HTML)
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "<nav>Tea shop</nav>" in page.text and "<title>Not Found</title>" in page.text
    assert "<h1>Not here (404)</h1>" in page.text
    assert "no book has the id 7 &lt;script&gt;" in page.text  # escaped
    assert "<p>/books/7</p>" in page.text  # the request, for links and context processors
    unknown = client.get("/no/such/page", headers=HTML)
    assert unknown.status_code == 404 and "Not here" in unknown.text


def test_api_clients_keep_problem_details(make_client: MakeClient, tmp_path: Path) -> None:
    response = make_client(project(tmp_path)).get("/books/7")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "no book has the id 7 <script>"


def test_the_status_headers_are_kept(make_client: MakeClient, tmp_path: Path) -> None:
    response = make_client(project(tmp_path)).delete("/books/7", headers=HTML)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, OPTIONS"
    assert "<h1>Not that way</h1>" in response.text


def test_the_500_page_stands_alone_and_leaks_nothing(
    make_client: MakeClient, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="trestle.error"):
        response = make_client(project(tmp_path)).get("/crash", headers=HTML)
    assert response.status_code == 500
    assert "<h1>Sorry (" in response.text and "hunter2" not in response.text
    assert "<p>None</p>" in response.text  # no request: nothing that could fail again
    assert "The server could not handle this request." in response.text
    assert any("hunter2" in str(record.exc_info) for record in caplog.records)  # still logged


def test_with_debug_a_500_shows_the_debug_page(make_client: MakeClient, tmp_path: Path) -> None:
    response = make_client(project(tmp_path, debug=True)).get("/crash", headers=HTML)
    assert response.status_code == 500
    assert "<h1>Sorry" not in response.text and "RuntimeError" in response.text


def test_a_broken_error_page_falls_back_to_the_plain_one(
    make_client: MakeClient, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="trestle.error"):
        response = make_client(project(tmp_path)).get("/secret", headers=HTML)
    assert response.status_code == 403  # not a 500
    assert "Forbidden" in response.text
    assert any("The error page 403.html failed" in r.getMessage() for r in caplog.records)


def test_without_templates_the_plain_pages_stay(make_client: MakeClient, tmp_path: Path) -> None:
    app = project(tmp_path, pages={"base.html": "x"})
    page = make_client(app).get("/books/7", headers=HTML)
    assert page.status_code == 404 and "no book has the id 7" in page.text
    assert "<nav>" not in page.text


def test_an_apps_own_handler_wins(make_client: MakeClient, tmp_path: Path) -> None:
    app = project(tmp_path)

    @app.errorhandler(404)
    def mine(request: Any, error: Any) -> tuple[str, int]:
        return "my own 404", 404

    assert make_client(app).get("/books/7", headers=HTML).text == "my own 404"
