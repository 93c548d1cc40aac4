"""What the migration and data commands need from a project, as protocols.

The commands run inside ``trestle`` / ``manage.py``, which hands them a project object
(``click.get_current_context().obj``): its settings, its app registry and its web app. The
data layer does not import the registry (a battery never imports ``trestle.apps``); it
relies on these shapes, which ``trestle.apps`` provides.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

from trestle.conf.settings import Settings


class AppConfigLike(Protocol):
    """One installed app, as the registry describes it."""

    @property
    def name(self) -> str:
        """The dotted module path (``"blog"``, ``"trestle.auth"``)."""
        ...

    @property
    def label(self) -> str:
        """The app's short unique name (``"blog"``, ``"auth"``)."""
        ...

    @property
    def path(self) -> Path:
        """The app's package folder."""
        ...

    @property
    def models_module(self) -> ModuleType | None:
        """The imported ``models`` module, or None."""
        ...

    @property
    def migrations_dir(self) -> Path:
        """``<app>/migrations`` (it may not exist yet)."""
        ...


class AppsLike(Protocol):
    """The app registry: the installed apps, in order."""

    def get_app_configs(self) -> Sequence[AppConfigLike]:
        """Every installed app, in INSTALLED_APPS order."""
        ...


class ProjectLike(Protocol):
    """The object the CLI passes to commands."""

    @property
    def settings(self) -> Settings:
        """The project's settings."""
        ...

    @property
    def apps(self) -> AppsLike:
        """The populated app registry."""
        ...

    @property
    def app(self) -> Any:
        """The web App."""
        ...
