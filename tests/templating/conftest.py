"""Helpers for the template tests: folders of templates written on the fly."""

from __future__ import annotations

from pathlib import Path

import pytest


def write(folder: Path, files: dict[str, str]) -> Path:
    """Write ``{"name.html": "source"}`` under ``folder``; return the folder."""
    for name, source in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return folder


@pytest.fixture
def templates_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    return folder


class AppConfigStub:
    """What the template search path reads from an installed app: its templates folder."""

    def __init__(self, label: str, templates_dir: Path | None) -> None:
        self.label = label
        self.templates_dir = templates_dir
        self.static_dir = None


class Registry:
    """The app registry's interface the batteries use: ``get_app_configs()``."""

    def __init__(self, *configs: AppConfigStub) -> None:
        self.configs = list(configs)

    def get_app_configs(self) -> list[AppConfigStub]:
        return list(self.configs)
