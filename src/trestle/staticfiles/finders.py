"""Where static files come from: STATICFILES_DIRS, then each app's ``static/``, then Trestle's."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from trestle.staticfiles.paths import clean_name, file_inside

#: Trestle's own static files (``trestle/trestle.css``, the default look), searched last.
BUILTIN_STATIC = Path(__file__).resolve().parent / "static"


def static_roots(
    settings: Any, apps: Any = None, directories: Sequence[str | os.PathLike[str]] | None = None
) -> list[Path]:
    """The source folders, in order: ``directories`` (or STATICFILES_DIRS), apps', Trestle's.

    Relative folders are taken from BASE_DIR.
    """
    base = Path(settings.get("BASE_DIR") or ".")
    folders = settings.get("STATICFILES_DIRS") or () if directories is None else directories
    if isinstance(folders, (str, os.PathLike)):
        from trestle.conf.settings import SettingsError

        raise SettingsError(
            "STATICFILES_DIRS must be a list of folders, like ['static']",
            setting="STATICFILES_DIRS",
        )
    roots = [base / folder for folder in folders]
    if apps is not None:
        roots += [config.static_dir for config in apps.get_app_configs() if config.static_dir]
    roots.append(BUILTIN_STATIC)
    return roots


class Finder:
    """Finds a static file by name in several folders; the first folder that has it wins."""

    def __init__(self, roots: Sequence[str | os.PathLike[str]]) -> None:
        #: The folders, as given.
        self.roots = tuple(Path(root) for root in roots)
        # Real paths, so a symlinked root works and escapes are judged against the truth.
        self._real_roots = tuple(os.path.realpath(root) for root in self.roots)

    def find(self, path: str) -> str | None:
        """The real path of the file ``path`` names (a URL path below STATIC_URL), or None."""
        name = clean_name(path)
        if name is None:
            return None
        for root in self._real_roots:
            found = file_inside(root, name)
            if found is not None:
                return found
        return None

    def files(self) -> Iterator[tuple[str, str]]:
        """Every ``(name, real path)``, a name once (from the first folder that has it)."""
        seen: set[str] = set()
        for root in self._real_roots:
            for name, path in walk_files(root):
                if name not in seen:
                    seen.add(name)
                    yield name, path


def walk_files(root: str) -> Iterator[tuple[str, str]]:
    """``(name, real path)`` of the regular files under ``root``: no hidden ones, none outside.

    Names use ``/`` whatever the system; symlinks leading out of ``root`` are left out.
    """
    if not os.path.isdir(root):
        return
    visited = {root}
    for folder, subfolders, names in os.walk(root, followlinks=True):
        kept = []
        for sub in sorted(subfolders):
            real = os.path.realpath(os.path.join(folder, sub))
            # A symlinked folder may lead out of the root, or back up into a loop.
            if not sub.startswith(".") and real.startswith(root + os.sep) and real not in visited:
                visited.add(real)
                kept.append(sub)
        subfolders[:] = kept
        relative = os.path.relpath(folder, root)
        for file_name in sorted(names):
            if file_name.startswith("."):
                continue
            name = file_name if relative == "." else f"{relative}/{file_name}"
            name = name.replace(os.sep, "/")
            found = file_inside(root, name)
            if found is not None:
                yield name, found
