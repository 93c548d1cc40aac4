"""build_app(): a project's settings, apps, middleware and URLs made into one App."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest

from trestle import App, Settings
from trestle.apps import Apps, ProjectError, build_app
from trestle.conf import SettingsError
from trestle.testing import TestClient

from .conftest import WriteFiles

MakeClient = Callable[..., TestClient]

PROJECT = {
    "mysite/__init__.py": "",
    "mysite/settings.py": """\
        DEBUG = True
        INSTALLED_APPS = ["blog"]
        MIDDLEWARE = ["mysite.middleware.Stamp", "mysite.middleware.instance"]
        ROOT_URLCONF = "mysite.urls"
        SITE_NAME = "My site"
    """,
    "mysite/middleware.py": """\
        class Stamp:
            def after_request(self, request, response):
                response.headers["X-Stamp"] = "class"

        class _Counter:
            count = 0

            def before_request(self, request):
                self.count += 1

        instance = _Counter()
    """,
    "mysite/urls.py": """\
        from trestle import include, path

        def home(request):
            return {
                "site": request.app.settings.SITE_NAME,
                "apps": [c.label for c in request.app.extensions["apps"].get_app_configs()],
            }

        urlpatterns = [path("", home, name="home"), path("blog/", include("blog.urls"))]
    """,
    "blog/__init__.py": "",
    "blog/urls.py": """\
        from trestle import path

        app_name = "blog"

        def index(request):
            return {"posts": [], "url": request.url_for("blog:index")}

        urlpatterns = [path("", index, name="index")]
    """,
    "blog/apps.py": """\
        from trestle.apps import AppConfig

        class BlogConfig(AppConfig):
            def install(self, app):
                app.extensions["blog_installed"] = sorted(app.extensions)

                @app.get("/blog/feed.xml")
                def feed():
                    return "<feed/>"
    """,
}


def test_a_project_is_served(tree: WriteFiles, make_client: MakeClient) -> None:
    tree(PROJECT)
    app = build_app("mysite.settings")
    client = make_client(app)
    home = client.get("/")
    assert home.json() == {"site": "My site", "apps": ["blog"]}
    assert home.headers["x-stamp"] == "class"
    assert client.get("/blog/").json() == {"posts": [], "url": "/blog/"}
    assert client.get("/blog/feed.xml").text == "<feed/>"
    assert isinstance(app.extensions["apps"], Apps)
    # install() ran after the registry, the database and the templates were in place.
    assert {"apps"} <= set(app.extensions["blog_installed"])
    import mysite.middleware  # type: ignore[import-not-found]

    assert mysite.middleware.instance.count == 3


def test_the_variable_names_the_settings(
    tree: WriteFiles, monkeypatch: pytest.MonkeyPatch, make_client: MakeClient
) -> None:
    tree(PROJECT)
    monkeypatch.setenv("TRESTLE_SETTINGS_MODULE", "mysite.settings")
    assert make_client(build_app()).get("/").json()["site"] == "My site"


def test_a_settings_object_is_accepted(tree: WriteFiles, make_client: MakeClient) -> None:
    tree(PROJECT)
    settings = Settings(
        {"DEBUG": True, "ROOT_URLCONF": "mysite.urls", "SITE_NAME": "Given", "INSTALLED_APPS": []},
        environ={},
    )
    assert make_client(build_app(settings)).get("/").json() == {"site": "Given", "apps": []}


def test_two_projects_with_different_settings_side_by_side(
    tree: WriteFiles, make_client: MakeClient
) -> None:
    tree(PROJECT)
    common = {"DEBUG": True, "ROOT_URLCONF": "mysite.urls", "INSTALLED_APPS": ["blog"]}
    one = build_app(Settings({**common, "SITE_NAME": "One"}, environ={}))
    two = build_app(Settings({**common, "SITE_NAME": "Two"}, environ={}))
    assert make_client(one).get("/").json()["site"] == "One"
    assert make_client(two).get("/").json()["site"] == "Two"
    assert one.extensions["apps"] is not two.extensions["apps"]


def test_missing_variable_is_a_clear_error(tree: WriteFiles) -> None:
    with pytest.raises(SettingsError, match="set the TRESTLE_SETTINGS_MODULE environment variable"):
        build_app()


def test_no_secret_key_without_debug(tree: WriteFiles) -> None:
    tree({"prod.py": "DEBUG = False\n"})
    with pytest.raises(SettingsError, match="SECRET_KEY is empty and DEBUG is off"):
        build_app("prod")
    assert isinstance(build_app("prod", strict=False), App)


@pytest.mark.parametrize(
    ("settings", "files", "expected"),
    [
        ({"INSTALLED_APPS": ["nowhere"]}, {}, "INSTALLED_APPS names 'nowhere', but there is no"),
        ({"INSTALLED_APPS": "blog"}, {}, "setting INSTALLED_APPS must be a list, got 'blog'"),
        ({"MIDDLEWARE": ["Stamp"]}, {}, "MIDDLEWARE entry 'Stamp' is not a dotted path"),
        ({"MIDDLEWARE": ["nowhere.Stamp"]}, {}, "MIDDLEWARE entry 'nowhere.Stamp': there is no"),
        (
            {"MIDDLEWARE": ["mw.Missing"]},
            {"mw.py": ""},
            "MIDDLEWARE entry 'mw.Missing': the module 'mw' has no 'Missing'",
        ),
        (
            {"MIDDLEWARE": ["mw.Needs"]},
            {"mw.py": "class Needs:\n    def __init__(self, x):\n        pass\n"},
            "MIDDLEWARE entry 'mw.Needs' could not be made: TypeError: ",
        ),
        (
            {"MIDDLEWARE": ["mw.broken"]},
            {"mw.py": "1 / 0\n"},
            "MIDDLEWARE entry 'mw.broken': importing 'mw' failed: ZeroDivisionError: division by "
            "zero (mw.py, line 1)",
        ),
        ({"ROOT_URLCONF": "nowhere.urls"}, {}, "ROOT_URLCONF: there is no module 'nowhere.urls'"),
        (
            {"ROOT_URLCONF": "urls"},
            {"urls.py": "import nosuchmodule\n"},
            "ROOT_URLCONF: importing 'urls' failed: ModuleNotFoundError: No module named",
        ),
        (
            {"INSTALLED_APPS": ["blog"]},
            {
                "blog/__init__.py": "",
                "blog/apps.py": (
                    "from trestle.apps import AppConfig\n"
                    "class C(AppConfig):\n"
                    "    def install(self, app):\n"
                    "        raise KeyError('x')\n"
                ),
            },
            "the app 'blog' failed to install: KeyError: 'x' (blog/apps.py, line 4)",
        ),
    ],
)
def test_mistakes_are_clear_errors(
    tree: WriteFiles, settings: dict[str, Any], files: dict[str, str], expected: str
) -> None:
    tree(files)
    with pytest.raises((ProjectError, SettingsError)) as raised:
        build_app(Settings({"DEBUG": True, **settings}, environ={}))
    assert str(raised.value).startswith(expected)


def test_middleware_can_be_given_as_objects(tree: WriteFiles, make_client: MakeClient) -> None:
    class Tag:
        def after_request(self, request: Any, response: Any) -> None:
            response.headers["X-Tag"] = "1"

    app = build_app(Settings({"DEBUG": True, "MIDDLEWARE": [Tag]}, environ={}))

    @app.get("/")
    def index() -> str:
        return "ok"

    assert make_client(app).get("/").headers["x-tag"] == "1"


def test_bad_logging_is_a_settings_error(tree: WriteFiles) -> None:
    with pytest.raises(SettingsError, match="LOGGING is not a valid dictConfig"):
        build_app(Settings({"DEBUG": True, "LOGGING": {"version": 2}}, environ={}))


def test_logging_setting_is_applied(tree: WriteFiles) -> None:
    config = {
        "version": 1,
        "disable_existing_loggers": False,
        "loggers": {"mysite.custom": {"level": "DEBUG"}},
    }
    build_app(Settings({"DEBUG": True, "LOGGING": config}, environ={}))
    assert logging.getLogger("mysite.custom").level == logging.DEBUG
