"""The collectstatic command, run through click as the trestle CLI runs it."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from click.testing import CliRunner

from trestle import App
from trestle.staticfiles.commands import collectstatic, commands

from .conftest import AppConfigStub, Registry, write


def project(tmp_path: Path, **settings: object) -> SimpleNamespace:
    """What the CLI passes as ``obj``: settings, the app registry and the app."""
    app = App({"BASE_DIR": str(tmp_path), **settings})
    registry = Registry(AppConfigStub("blog", tmp_path / "blog" / "static"))
    return SimpleNamespace(settings=app.settings, apps=registry, app=app)


def test_the_command_is_listed() -> None:
    assert commands == [collectstatic]
    assert collectstatic.name == "collectstatic"


def test_collectstatic(tmp_path: Path) -> None:
    write(tmp_path / "static", {"css/site.css": "a{background:url(../img/x.png)}"})
    write(tmp_path / "blog" / "static", {"blog/post.css": "p{}"})
    obj = project(tmp_path, STATIC_ROOT="collected", STATICFILES_DIRS=["static"])
    result = CliRunner().invoke(collectstatic, [], obj=obj)
    assert result.exit_code == 0, result.output
    assert f"static files collected to {tmp_path / 'collected'}" in result.stdout
    assert "manifest: staticfiles.json" in result.stdout
    assert (tmp_path / "collected" / "blog" / "post.css").is_file()
    assert "warning: css/site.css: '../img/x.png' names a file" in result.stderr


def test_collectstatic_clear_and_no_compress(tmp_path: Path) -> None:
    write(tmp_path / "static", {"site.css": "body{}" * 200})
    obj = project(tmp_path, STATIC_ROOT="collected", STATICFILES_DIRS=["static"])
    runner = CliRunner()
    assert runner.invoke(collectstatic, [], obj=obj).exit_code == 0
    (tmp_path / "collected" / "stale.css").write_text("old")
    result = runner.invoke(collectstatic, ["--clear", "--no-compress"], obj=obj)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "collected" / "stale.css").exists()
    assert not list((tmp_path / "collected").glob("*.gz"))


def test_collectstatic_without_static_root(tmp_path: Path) -> None:
    result = CliRunner().invoke(collectstatic, [], obj=project(tmp_path))
    assert result.exit_code == 1
    assert "Error: STATIC_ROOT is not set" in result.output
    assert "Traceback" not in result.output


def test_collectstatic_outside_a_project() -> None:
    result = CliRunner().invoke(collectstatic, [])
    assert result.exit_code == 1
    assert "run it as `trestle collectstatic`" in result.output


def test_collectstatic_into_a_file(tmp_path: Path) -> None:
    (tmp_path / "collected").write_text("a file, not a folder")
    result = CliRunner().invoke(collectstatic, [], obj=project(tmp_path, STATIC_ROOT="collected"))
    assert result.exit_code == 1
    assert "Error:" in result.output
    assert "Traceback" not in result.output
