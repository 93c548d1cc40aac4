"""Where static files come from, and in which order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from trestle import App
from trestle.conf.settings import SettingsError
from trestle.staticfiles.finders import BUILTIN_STATIC, Finder, static_roots, walk_files

from .conftest import AppConfigStub, Registry, write


def test_roots_in_order(tmp_path: Path) -> None:
    settings = App({"BASE_DIR": str(tmp_path), "STATICFILES_DIRS": ["static", "/abs"]}).settings
    registry = Registry(AppConfigStub("blog", tmp_path / "blog"), AppConfigStub("none", None))
    assert static_roots(settings, registry) == [
        tmp_path / "static",
        Path("/abs"),
        tmp_path / "blog",
        BUILTIN_STATIC,
    ]
    assert static_roots(settings, None, ["other"]) == [tmp_path / "other", BUILTIN_STATIC]


def test_a_string_for_staticfiles_dirs_is_refused() -> None:
    settings = App().settings
    settings.STATICFILES_DIRS = "static"
    with pytest.raises(SettingsError, match="STATICFILES_DIRS must be a list"):
        static_roots(settings)


def test_the_first_root_wins(tmp_path: Path) -> None:
    first = write(tmp_path / "first", {"css/site.css": "first"})
    second = write(tmp_path / "second", {"css/site.css": "second", "js/app.js": "js"})
    finder = Finder([first, second])
    assert Path(finder.find("css/site.css") or "").read_text() == "first"
    assert Path(finder.find("js/app.js") or "").read_text() == "js"
    assert finder.find("nope.css") is None
    assert finder.find("../second/js/app.js") is None
    assert dict(finder.files()) == {
        "css/site.css": str(first / "css" / "site.css"),
        "js/app.js": str(second / "js" / "app.js"),
    }


def test_walk_skips_hidden_files_links_out_and_loops(tmp_path: Path) -> None:
    root = write(
        tmp_path / "root",
        {"a.css": "a", ".env": "SECRET=1", ".git/config": "x", "sub/b.js": "b"},
    )
    write(tmp_path, {"outside/secret.txt": "secret"})
    (root / "sub" / "loop").symlink_to(root)  # would walk forever if followed blindly
    (root / "out").symlink_to(tmp_path / "outside")
    (root / "linked.css").symlink_to(root / "a.css")
    found = dict(walk_files(os.path.realpath(root)))
    assert sorted(found) == ["a.css", "linked.css", "sub/b.js"]
    assert found["linked.css"] == str(root / "a.css")


def test_walk_of_a_missing_root_is_empty(tmp_path: Path) -> None:
    assert list(walk_files(str(tmp_path / "missing"))) == []
