"""``trestle shell``: the project's names preloaded, in Python's own shell or with -c."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from trestle.cli import main

from .conftest import SMALL_PROJECT

WriteFiles = Callable[[dict[str, str]], Path]


def test_command_sees_app_settings_and_models(write_files: WriteFiles) -> None:
    write_files(SMALL_PROJECT)
    code = "print(sorted(n for n in dir() if not n.startswith('_')), settings.DEBUG, Post.__name__)"
    result = CliRunner().invoke(main, ["--settings", "mysite.settings", "shell", "-c", code])
    assert result.exit_code == 0, result.output
    # Post and Comment are defined in blog.models; json, which it imports, is left out.
    assert result.output == "['Comment', 'Post', 'app', 'apps', 'db', 'settings'] True Post\n"


def test_interactive_python_shell(write_files: WriteFiles) -> None:
    root = write_files(SMALL_PROJECT)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "trestle.cli",
            "--settings",
            "mysite.settings",
            "shell",
            "--interface",
            "python",
        ],
        input="print('routes:', len(app.routes()))\n",
        capture_output=True,
        text=True,
        cwd=root,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "routes: 5" in result.stdout
    assert "Loaded: Comment, Post, app, apps, db, settings." in result.stderr


def test_ipython_asked_for_but_missing(write_files: WriteFiles) -> None:
    try:
        import IPython  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        pass
    else:  # pragma: no cover - IPython is not a test dependency
        return
    write_files(SMALL_PROJECT)
    result = CliRunner().invoke(
        main, ["--settings", "mysite.settings", "shell", "--interface", "ipython"]
    )
    assert result.exit_code == 1
    assert "IPython is not installed: `pip install ipython`" in result.output


def test_a_one_file_app(write_files: WriteFiles) -> None:
    write_files({"hello.py": "from trestle import App\napp = App()\n"})
    result = CliRunner().invoke(main, ["--app", "hello", "shell", "-c", "print(app.debug)"])
    assert result.output == "False\n"
