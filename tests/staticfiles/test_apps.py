"""``trestle.staticfiles`` in INSTALLED_APPS: a project serves its apps' static files."""

from __future__ import annotations

from pathlib import Path

from trestle.apps.project import build_app
from trestle.conf.settings import Settings
from trestle.staticfiles import StaticFiles


def test_installed_in_a_project(tmp_path: Path, make_client) -> None:
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "site.css").write_text("body{}")
    settings = Settings(
        DEBUG=True,
        SECRET_KEY="k" * 40,
        BASE_DIR=tmp_path,
        INSTALLED_APPS=["trestle.staticfiles"],
        STATICFILES_DIRS=["static"],
    )
    app = build_app(settings)
    assert isinstance(app.extensions["staticfiles"], StaticFiles)
    client = make_client(app)
    assert client.get("/static/site.css").text == "body{}"
    assert client.get("/static/trestle/trestle.css").status_code == 200
    templates = app.extensions["templates"]  # the project builder set templates up too
    assert templates.env.from_string("{{ static('site.css') }}").render() == "/static/site.css"
