"""Turning the path a URL asks for into a file, so that nothing outside a static root is reachable.

Two checks, both needed: the name itself (no ``..``, no absolute path, no backslash, no NUL,
no hidden segment), then the real path after symlinks, which must stay inside the root.
"""

from __future__ import annotations

import os
import stat

_WINDOWS_DRIVE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def clean_name(path: str) -> str | None:
    """The relative file name ``path`` asks for, or None when it could point elsewhere.

    Refused: empty, absolute (``/etc/passwd``, ``C:...``), a backslash or NUL anywhere, and
    any ``.``, ``..``, empty or hidden (``.git``) segment. URL decoding has already happened
    (the router sees ``%2e%2e`` as ``..``), so what is refused here is refused encoded too.
    """
    if not path or "\x00" in path or "\\" in path or path[0] == "/":
        return None
    if len(path) > 1 and path[1] == ":" and path[0] in _WINDOWS_DRIVE:
        return None
    for part in path.split("/"):
        if not part or part[0] == ".":
            return None
    return path


def file_inside(root: str, name: str) -> str | None:
    """The real path of regular file ``name`` under ``root`` (itself a real path), or None.

    Symlinks are followed, but the file they lead to must still be inside ``root``.
    """
    real = os.path.realpath(os.path.join(root, name))
    if not real.startswith(root + os.sep):
        return None
    try:
        info = os.stat(real)
    except (OSError, ValueError):
        return None
    return real if stat.S_ISREG(info.st_mode) else None
