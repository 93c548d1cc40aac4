"""Template errors under DEBUG: the debug page names the template file and line, with source."""

from __future__ import annotations

from pathlib import Path

import pytest

from trestle import App
from trestle.templating import Templates, render

from .conftest import write


@pytest.fixture
def app(templates_dir: Path) -> App:
    write(
        templates_dir,
        {
            "syntax.html": "<h1>Title</h1>\n<p>ok</p>\n{% if %}\n<p>after</p>\n",
            "runtime.html": "{% extends 'trestle/base.html' %}\n{% block content %}\n"
            "<p>{{ 1 // zero }}</p>\n{% endblock %}\n",
        },
    )
    app = App({"DEBUG": True})
    Templates(app, directory=templates_dir)

    @app.get("/<name>")
    def page(request, name: str):
        return render(request, f"{name}.html", {"zero": 0})

    return app


def test_a_syntax_error_shows_file_line_and_source(
    app: App,
    templates_dir: Path,
    make_client,
) -> None:
    response = make_client(app).get("/syntax", headers={"Accept": "text/html"})
    assert response.status_code == 500
    page = response.text
    assert "TemplateSyntaxError" in page
    assert f"In <code>{templates_dir / 'syntax.html'}</code>, line 3:" in page
    assert "<tr class=here><td class=n>3</td><td><pre>{% if %}</pre></td></tr>" in page
    assert "<td class=n>2</td><td><pre>&lt;p&gt;ok&lt;/p&gt;</pre>" in page


def test_a_syntax_error_in_json(app: App, templates_dir: Path, make_client) -> None:
    problem = make_client(app).get("/syntax").json()
    (error,) = problem["exceptions"]
    assert error["location"]["file"] == str(templates_dir / "syntax.html")
    assert error["location"]["line"] == 3
    assert error["location"]["source"][2] == "{% if %}"


def test_a_runtime_error_shows_the_template_frame(
    app: App,
    templates_dir: Path,
    make_client,
) -> None:
    problem = make_client(app).get("/runtime").json()
    (error,) = problem["exceptions"]
    assert error["type"] == "builtins.ZeroDivisionError"
    inner = error["frames"][-1]
    assert inner["file"] == str(templates_dir / "runtime.html")
    assert inner["line"] == 3
    assert "<p>{{ 1 // zero }}</p>" in inner["source"]
    html = make_client(app).get("/runtime", headers={"Accept": "text/html"}).text
    assert f"<code>{templates_dir / 'runtime.html'}</code>, line 3" in html


def test_without_debug_nothing_leaks(templates_dir: Path, make_client) -> None:
    write(templates_dir, {"syntax.html": "{% if %}"})
    app = App()
    Templates(app, directory=templates_dir)

    @app.get("/")
    def page(request):
        return render(request, "syntax.html")

    response = make_client(app).get("/", headers={"Accept": "text/html"})
    assert response.status_code == 500
    assert "syntax.html" not in response.text
    assert "{% if %}" not in response.text
