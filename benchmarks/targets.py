"""The apps under test: which module builds each, over which protocol, needing which package."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from typing import Any, Literal

Protocol = Literal["wsgi", "asgi"]


@dataclass(frozen=True)
class Target:
    """One framework served over one protocol."""

    name: str
    protocol: Protocol
    #: The module under benchmarks/apps/ with ``make_<protocol>_app()``.
    module: str
    #: The package it needs (import and distribution names agree for ours); None: stdlib only.
    package: str | None

    def missing(self) -> str | None:
        """Why this target cannot run here, or ``None`` when it can."""
        if self.package is not None and importlib.util.find_spec(self.package) is None:
            return f"{self.package} is not installed (pip install -e '.[bench]')"
        return None

    def version(self) -> str:
        """The installed version of the package ("" for the bare apps)."""
        if self.package is None:
            return ""
        try:
            return metadata.version(self.package)
        except metadata.PackageNotFoundError:
            return ""

    def make_app(self) -> Any:
        """A fresh app from the target's module."""
        module = importlib.import_module(f"benchmarks.apps.{self.module}")
        return getattr(module, f"make_{self.protocol}_app")()


#: In report order: Trestle first in each protocol, then the bare floor, then the peers.
TARGETS: tuple[Target, ...] = (
    Target("trestle-wsgi", "wsgi", "trestle_apps", "trestle"),
    Target("bare-wsgi", "wsgi", "bare_wsgi", None),
    Target("falcon-wsgi", "wsgi", "falcon_apps", "falcon"),
    Target("bottle", "wsgi", "bottle_apps", "bottle"),
    Target("flask", "wsgi", "flask_apps", "flask"),
    Target("django", "wsgi", "django_apps", "django"),
    Target("trestle-asgi", "asgi", "trestle_apps", "trestle"),
    Target("bare-asgi", "asgi", "bare_asgi", None),
    Target("falcon-asgi", "asgi", "falcon_apps", "falcon"),
    Target("starlette", "asgi", "starlette_apps", "starlette"),
    Target("fastapi", "asgi", "fastapi_apps", "fastapi"),
    Target("litestar", "asgi", "litestar_apps", "litestar"),
)

BY_NAME: dict[str, Target] = {target.name: target for target in TARGETS}

#: What each protocol's peers are compared with.
BASELINES: dict[Protocol, str] = {"wsgi": "trestle-wsgi", "asgi": "trestle-asgi"}


def select(patterns: Iterable[str] | None) -> list[Target]:
    """The targets whose name is, or starts with, one of ``patterns`` (all when ``None``).

    ``falcon`` picks both Falcon targets. The Trestle baseline of each chosen protocol is
    always kept, so every ratio has a denominator.
    """
    if patterns is None:
        return list(TARGETS)
    wanted = [pattern.strip().lower() for pattern in patterns if pattern.strip()]
    unknown = [p for p in wanted if not any(t.name.startswith(p) for t in TARGETS)]
    if unknown:
        names = ", ".join(target.name for target in TARGETS)
        raise ValueError(f"no target matches {', '.join(unknown)}; known: {names}")
    chosen = {t.name for t in TARGETS if any(t.name.startswith(p) for p in wanted)}
    chosen |= {BASELINES[BY_NAME[name].protocol] for name in chosen}
    return [target for target in TARGETS if target.name in chosen]
