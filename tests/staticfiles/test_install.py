"""StaticFiles on an App: the route, static() URLs with and without the manifest, the registry."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from trestle import App
from trestle.staticfiles import StaticFiles, StaticURLs, collect_static
from trestle.staticfiles.handlers import DevelopmentHandler, ProductionHandler
from trestle.staticfiles.urls import static_url_resolver
from trestle.templating import Templates

from .conftest import AppConfigStub, Registry, write


def test_apps_static_folders_are_served(tmp_path: Path, make_client) -> None:
    blog = write(tmp_path / "blog_static", {"blog/post.css": "p{}"})
    app = App({"DEBUG": True})
    app.extensions["apps"] = Registry(AppConfigStub("blog", blog))
    static = StaticFiles.for_project(app)
    assert StaticFiles.for_project(app) is static
    assert isinstance(static.handler, DevelopmentHandler)
    assert make_client(app).get("/static/blog/post.css").text == "p{}"


def test_static_url_setting_moves_the_route(tmp_path: Path, make_client) -> None:
    write(tmp_path / "s", {"a.css": "a"})
    app = App({"DEBUG": True, "STATIC_URL": "/assets"})
    static = StaticFiles(app, [tmp_path / "s"])
    assert static.url("a.css") == "/assets/a.css"
    client = make_client(app)
    assert client.get("/assets/a.css").text == "a"
    assert client.get("/static/a.css").status_code == 404


def test_a_cdn_static_url_adds_no_route(tmp_path: Path, make_client) -> None:
    app = App({"STATIC_URL": "https://cdn.example.com/static/"})
    static = StaticFiles(app)
    assert static.url("css/site.css") == "https://cdn.example.com/static/css/site.css"
    assert make_client(app).get("/static/trestle/trestle.css").status_code == 404


def test_serve_false_adds_no_route(make_client) -> None:
    app = App({"DEBUG": True})
    StaticFiles(app, serve=False)
    assert make_client(app).get("/static/trestle/trestle.css").status_code == 404


def test_one_static_files_per_app() -> None:
    app = App()
    StaticFiles(app)
    with pytest.raises(RuntimeError, match="already has its static files"):
        StaticFiles(app)


def test_static_urls_use_the_manifest_without_debug(tmp_path: Path) -> None:
    write(tmp_path / "static", {"css/site.css": "p{}", "a b.png": b"\x89PNG"})
    result = collect_static([tmp_path / "static"], tmp_path / "collected")
    settings = {"BASE_DIR": str(tmp_path), "STATIC_ROOT": "collected"}
    production = App(settings)
    static = StaticFiles(production)
    assert isinstance(static.handler, ProductionHandler)
    assert static.url("css/site.css") == "/static/" + result.hashed["css/site.css"]
    assert static.url("/css/site.css") == "/static/" + result.hashed["css/site.css"]
    assert static.url("a b.png") == "/static/" + result.hashed["a b.png"].replace(" ", "%20")
    development = App({**settings, "DEBUG": True})
    assert StaticFiles(development).url("css/site.css") == "/static/css/site.css"


def test_a_name_missing_from_the_manifest_warns_once(caplog: pytest.LogCaptureFixture) -> None:
    urls = StaticURLs("/static/", {"a.css": "a.123.css"})
    with caplog.at_level(logging.WARNING, "trestle.staticfiles"):
        assert urls.url("b.css") == "/static/b.css"
        assert urls.url("b.css") == "/static/b.css"
    assert caplog.text.count("not in the manifest") == 1


def test_urls_left_alone() -> None:
    urls = StaticURLs("/static")
    assert urls.static_url == "/static/"
    assert urls.url("https://example.com/x.css") == "https://example.com/x.css"
    assert urls.url("//example.com/x.css") == "//example.com/x.css"
    assert urls.url("café/ü.css") == "/static/caf%C3%A9/%C3%BC.css"


def test_templates_static_global_finds_the_battery(tmp_path: Path) -> None:
    write(tmp_path / "static", {"site.css": "p{}"})
    result = collect_static([tmp_path / "static"], tmp_path / "collected")
    app = App({"BASE_DIR": str(tmp_path), "STATIC_ROOT": "collected"})
    templates = Templates(app)
    StaticFiles(app)  # after the templates: found at the first static() call
    text = templates.env.from_string("{{ static('site.css') }}").render()
    assert text == "/static/" + result.hashed["site.css"]


def test_static_without_the_battery_reads_the_settings(tmp_path: Path) -> None:
    write(tmp_path / "static", {"site.css": "p{}"})
    result = collect_static([tmp_path / "static"], tmp_path / "collected")
    app = App({"BASE_DIR": str(tmp_path), "STATIC_ROOT": "collected", "STATIC_URL": "/s/"})
    assert static_url_resolver(app)("site.css") == "/s/" + result.hashed["site.css"]
