"""Fixtures for the CLI tests: a scratch project directory to put app modules in."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A scratch working directory; modules imported from it are forgotten afterwards."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))  # also restores sys.path when the test ends
    yield tmp_path
    for name, module in list(sys.modules.items()):
        if str(getattr(module, "__file__", None) or "").startswith(str(tmp_path)):
            del sys.modules[name]


@pytest.fixture
def write_module(project: Path) -> Callable[[str, str], Path]:
    """``write_module("name", source)``: a module in the project directory."""

    def write(name: str, source: str) -> Path:
        path = project / f"{name}.py"
        path.write_text(textwrap.dedent(source))
        return path

    return write


GOOD_APP = """\
from trestle import App

app = App()
other = App()


@app.get("/")
def index() -> str:
    return "hi"
"""


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No project named by the test runner's environment."""
    for key in ("TRESTLE_SETTINGS_MODULE", "TRESTLE_APP", "TRESTLE_DEBUG", "SECRET_KEY"):
        monkeypatch.delenv(key, raising=False)


@pytest.fixture
def write_files(project: Path, clean_env: None) -> Callable[[dict[str, str]], Path]:
    """``write_files({"mysite/settings.py": "...", ...})``: files in the project directory."""

    def write(files: dict[str, str]) -> Path:
        for name, text in files.items():
            path = project / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text))
        return project

    return write


#: A small project of apps: settings, URLs and an app with a command and a model module.
SMALL_PROJECT = {
    "mysite/__init__.py": "",
    "mysite/settings.py": """\
        DEBUG = True
        INSTALLED_APPS = ["blog"]
        ROOT_URLCONF = "mysite.urls"
    """,
    "mysite/urls.py": """\
        from trestle import include, path
        from trestle.apps.welcome import welcome

        urlpatterns = [path("", welcome, name="home"), path("blog/", include("blog.urls"))]
    """,
    "blog/__init__.py": "",
    "blog/models.py": """\
        import json


        class Post:
            pass


        class Comment:
            pass
    """,
    "blog/urls.py": """\
        from trestle import View, path

        app_name = "blog"


        def index():
            return []


        def create():
            return {}


        class Detail(View):
            def get(self, id: int):
                return {}

            def delete(self, id: int):
                return None


        urlpatterns = [
            path("", index, name="index"),
            path("new", create, name="create", methods=["POST"]),
            path("<int:id>", Detail, name="detail"),
        ]
    """,
    "blog/commands.py": """\
        import click


        @click.command("publish")
        @click.argument("slug")
        def publish(slug):
            \"\"\"Publish a post now.\"\"\"
            project = click.get_current_context().obj
            click.echo(f"published {slug} in {project.settings_module}")


        commands = [publish]
    """,
}


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """build_app() applies LOGGING to the process: put the loggers back as they were."""
    import logging

    manager = logging.Logger.manager
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in list(manager.loggerDict))]
    saved = [(lg, lg.handlers[:], lg.level, lg.propagate, lg.disabled) for lg in loggers]
    yield
    for logger, handlers, level, propagate, disabled in saved:
        logger.handlers[:] = handlers
        logger.level, logger.propagate, logger.disabled = level, propagate, disabled
    for name in list(manager.loggerDict):
        if name.startswith("trestle") and all(name != lg.name for lg in loggers):
            logging.getLogger(name).setLevel(logging.NOTSET)
