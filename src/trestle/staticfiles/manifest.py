"""The manifest ``collectstatic`` writes: each file's name mapped to its content-hashed name."""

from __future__ import annotations

import json
import os
from pathlib import Path

#: The manifest's file name, in STATIC_ROOT.
MANIFEST_NAME = "staticfiles.json"
MANIFEST_VERSION = 1


class ManifestError(ValueError):
    """A manifest that cannot be read: not JSON, or not the shape collectstatic writes."""


def read_manifest(root: str | os.PathLike[str]) -> dict[str, str] | None:
    """The ``{"css/site.css": "css/site.3f2a9c1b4d5e.css"}`` map in ``root``; None if absent."""
    path = Path(root) / MANIFEST_NAME
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise ManifestError(f"cannot read the static files manifest {path}: {error}") from None
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ManifestError(f"the static files manifest {path} is not JSON: {error}") from None
    paths = data.get("paths") if isinstance(data, dict) else None
    if (
        not isinstance(paths, dict)
        or data.get("version") != MANIFEST_VERSION
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in paths.items())
    ):
        raise ManifestError(
            f"the static files manifest {path} is not one collectstatic wrote; run "
            "`trestle collectstatic` again"
        )
    return paths


def write_manifest(root: str | os.PathLike[str], paths: dict[str, str]) -> Path:
    """Write the manifest atomically (a server reading it never sees half a file)."""
    path = Path(root) / MANIFEST_NAME
    temporary = path.with_name(f".{MANIFEST_NAME}.tmp")
    payload = {"version": MANIFEST_VERSION, "paths": dict(sorted(paths.items()))}
    temporary.write_text(json.dumps(payload, indent=1) + "\n", "utf-8")
    os.replace(temporary, path)
    return path
