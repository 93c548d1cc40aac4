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
