"""``trestle routes``: method, path, name and view of each route."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from trestle.cli import main

from .conftest import SMALL_PROJECT

WriteFiles = Callable[[dict[str, str]], Path]


def test_routes_table(write_files: WriteFiles) -> None:
    write_files(SMALL_PROJECT)
    result = CliRunner().invoke(main, ["--settings", "mysite.settings", "routes"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        "METHOD  PATH            NAME         VIEW",
        "GET     /               home         trestle.apps.welcome.welcome",
    ]
    rows = [line.split() for line in result.output.splitlines()[1:]]
    assert rows == [
        ["GET", "/", "home", "trestle.apps.welcome.welcome"],
        ["GET", "/blog/", "blog:index", "blog.urls.index"],
        ["POST", "/blog/new", "blog:create", "blog.urls.create"],
        ["GET", "/blog/<int:id>", "blog:detail", "blog.urls.Detail.get"],
        ["DELETE", "/blog/<int:id>", "blog:detail", "blog.urls.Detail.delete"],
    ]


def test_routes_as_json(write_files: WriteFiles) -> None:
    write_files(SMALL_PROJECT)
    result = CliRunner().invoke(main, ["--settings", "mysite.settings", "routes", "--json"])
    first = json.loads(result.output)[0]
    assert first == {
        "methods": "GET",
        "path": "/",
        "name": "home",
        "view": "trestle.apps.welcome.welcome",
    }


def test_no_routes(write_files: WriteFiles) -> None:
    write_files({"empty.py": "from trestle import App\napp = App()\n"})
    result = CliRunner().invoke(main, ["--app", "empty:app", "routes"])
    assert result.output == "No routes.\n"


def test_an_app_that_does_not_build(write_files: WriteFiles) -> None:
    write_files(
        {
            "broken.py": (
                "from trestle import App\napp = App()\n\n@app.get('/<int:id>')\ndef f(): ...\n"
            )
        }
    )
    result = CliRunner().invoke(main, ["--app", "broken", "routes"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: the app broken:app has an error: ")
