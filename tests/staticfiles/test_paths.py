"""Static file names: what could leave the root is refused before the disk is touched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from trestle.staticfiles.paths import clean_name, file_inside


@pytest.mark.parametrize(
    "path",
    ["css/site.css", "a", "img/logo.v2.png", "deep/er/still/file.txt", "café/menu.pdf", "a..b"],
)
def test_clean_names_pass(path: str) -> None:
    assert clean_name(path) == path


@pytest.mark.parametrize(
    "path",
    [
        "",
        "../secret",
        "css/../../secret",
        "css/..",
        "./css/site.css",
        "css/./site.css",
        "css//site.css",
        "css/",
        "/etc/passwd",
        "//etc/passwd",
        "C:/Windows/win.ini",
        "c:secret",
        "css\\..\\secret",
        "..\\secret",
        "css/site.css\x00.png",
        "\x00",
        ".env",
        "css/.hidden",
        ".git/config",
    ],
)
def test_dangerous_names_are_refused(path: str) -> None:
    assert clean_name(path) is None


def test_file_inside_follows_symlinks_only_within_the_root(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "css").mkdir(parents=True)
    (root / "css" / "site.css").write_text("body{}")
    (tmp_path / "secret.txt").write_text("secret")
    (root / "inside.css").symlink_to(root / "css" / "site.css")
    (root / "outside.txt").symlink_to(tmp_path / "secret.txt")
    (root / "dir-out").symlink_to(tmp_path)
    real_root = os.path.realpath(root)
    assert file_inside(real_root, "css/site.css") == str(root / "css" / "site.css")
    assert file_inside(real_root, "inside.css") == str(root / "css" / "site.css")
    assert file_inside(real_root, "outside.txt") is None
    assert file_inside(real_root, "dir-out/secret.txt") is None
    assert file_inside(real_root, "css") is None  # a folder is not a file
    assert file_inside(real_root, "missing.css") is None
