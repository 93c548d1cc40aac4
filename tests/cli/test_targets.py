"""Turning ``module:attribute`` into a Trestle App, in this process and in a check process."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from trestle import App
from trestle.cli.targets import TargetError, check_app, load_app, parse_target

from .conftest import GOOD_APP

WriteModule = Callable[[str, str], Path]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("examples.hello:app", ("examples.hello", "app")),
        ("examples.hello", ("examples.hello", "app")),
        ("examples.hello:", ("examples.hello", "app")),
        ("  mysite:application ", ("mysite", "application")),
        ("examples/hello.py", ("examples.hello", "app")),
        ("./examples/hello.py:other", ("examples.hello", "other")),
    ],
)
def test_parse_target(target: str, expected: tuple[str, str]) -> None:
    assert parse_target(target) == expected


@pytest.mark.parametrize(
    "target", ["", ":app", "my-site", "a..b:app", "../up.py", "mysite:app.inner", "mysite:a b"]
)
def test_parse_target_refuses(target: str) -> None:
    with pytest.raises(TargetError, match="is not a valid target"):
        parse_target(target)


def test_load_app(write_module: WriteModule, project: Path) -> None:
    write_module("mysite", GOOD_APP)
    app = load_app("mysite:other", project)
    assert isinstance(app, App)
    assert app is load_app("mysite:other", project)  # the module is imported once


def test_load_app_builds_the_app(write_module: WriteModule, project: Path) -> None:
    write_module("mysite", GOOD_APP)
    app = load_app("mysite", project)
    assert app.url_for("index") == "/"  # routes are compiled


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("x = 1\n", "mysite", "module 'mysite' has no attribute 'app'; it has no Trestle App"),
        ("app = 42\n", "mysite", "mysite:app is an int, not a Trestle App"),
        ("import os as app\n", "mysite", "mysite:app is a module, not a Trestle App"),
        ("def app(environ, start_response): ...\n", "mysite", "is a function (app), not a"),
    ],
)
def test_load_app_refuses(
    write_module: WriteModule, project: Path, source: str, target: str, message: str
) -> None:
    write_module("mysite", source)
    with pytest.raises(TargetError) as caught:
        load_app(target, project)
    assert message in str(caught.value)


def test_error_points_at_the_project_line(write_module: WriteModule, project: Path) -> None:
    # The error is raised inside the standard library; the useful line is the project's.
    write_module("mysite", "import json\n\nSETTINGS = json.loads('{')\n")
    with pytest.raises(TargetError, match=r"JSONDecodeError: .* \(mysite\.py, line 3\)$"):
        load_app("mysite", project)


def test_error_in_a_package_module(project: Path) -> None:
    package = project / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "web.py").write_text("raise RuntimeError('no database')\n")
    expected = "importing 'pkg.web' failed: RuntimeError: no database (pkg/web.py, line 1)"
    with pytest.raises(TargetError) as caught:
        load_app("pkg.web", project)
    assert str(caught.value) == expected


def test_check_app_passes_a_good_app_and_imports_nothing_here(
    write_module: WriteModule, project: Path
) -> None:
    import sys

    write_module("checked_site", GOOD_APP)
    check_app("checked_site:app", project)
    assert "checked_site" not in sys.modules


def test_check_app_reports_the_error(write_module: WriteModule, project: Path) -> None:
    write_module("mysite", "print('noise on stdout')\nraise ValueError('bad\\nsetting')\n")
    with pytest.raises(TargetError) as caught:
        check_app("mysite", project)
    assert str(caught.value) == (
        "importing 'mysite' failed: ValueError: bad setting (mysite.py, line 2)"
    )


def test_worker_exits_with_a_message(
    write_module: WriteModule,
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from trestle.cli import runserver

    # The worker leaves the terminal's process group; this test process must not.
    groups: list[str] = []
    monkeypatch.setattr("os.setpgrp", lambda: groups.append("new"), raising=False)
    write_module("mysite", "x = 1\n")
    with pytest.raises(SystemExit) as caught:
        runserver.load_in_worker("mysite", str(project))
    assert caught.value.code == 1
    assert capsys.readouterr().err == (
        "Error: module 'mysite' has no attribute 'app'; "
        "it has no Trestle App (make one with `app = App()`)\n"
    )


def test_worker_loads_the_app(
    write_module: WriteModule, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trestle.cli import runserver

    monkeypatch.setattr("os.setpgrp", lambda: None, raising=False)
    write_module("mysite", GOOD_APP)
    assert isinstance(runserver.load_in_worker("mysite", str(project)), App)
