"""AppConfig: what the project knows about one installed app (a blog, or ``trestle.auth``).

An app is a Python package named in ``INSTALLED_APPS``. Its ``apps.py`` may define one
subclass of :class:`AppConfig` to give it a label, a name to show, start-up code
(:meth:`AppConfig.ready`), what it adds to the web app (:meth:`AppConfig.install`) and its
own checks (:meth:`AppConfig.checks`); without one, a plain AppConfig describes it.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trestle.app import App
    from trestle.apps.checks import CheckMessage


class AppConfigError(Exception):
    """An app that cannot be loaded: missing, broken, or clashing with another."""


class AppConfig:
    """One installed app: its module, folders, models, and the hooks the project calls.

    Subclass it in the app's ``apps.py``; set ``label`` or ``verbose_name`` there to change
    them, and override ``ready``, ``install`` or ``checks``.
    """

    #: The short, unique name of the app: ``"blog"``, ``"auth"`` (the last part of ``name``
    #: unless the subclass sets another). Tables, templates and commands are named after it.
    label: str = ""
    #: A human-readable name (admin pages, ``trestle check``); defaults from the label.
    verbose_name: str = ""

    def __init__(self, name: str, module: ModuleType) -> None:
        #: The dotted module path from INSTALLED_APPS: ``"blog"``, ``"trestle.auth"``.
        self.name = name
        #: The app's package, imported.
        self.module = module
        self.label = type(self).label or name.rpartition(".")[2]
        if not self.label.isidentifier():
            raise AppConfigError(
                f"the app {name!r} has the label {self.label!r}, which is not a Python "
                "identifier; set `label` on its AppConfig"
            )
        self.verbose_name = type(self).verbose_name or self.label.replace("_", " ").title()
        #: The package folder.
        self.path = _package_path(name, module)
        #: ``<name>.models``, once the registry has imported it (None if the app has none).
        self.models_module: ModuleType | None = None

    # -- folders ---------------------------------------------------------------------------

    @property
    def templates_dir(self) -> Path | None:
        """``<app>/templates``, if the app has one."""
        return self._folder("templates")

    @property
    def static_dir(self) -> Path | None:
        """``<app>/static``, if the app has one."""
        return self._folder("static")

    @property
    def migrations_dir(self) -> Path:
        """``<app>/migrations``: where the app's migrations live (it may not exist yet)."""
        return self.path / "migrations"

    def _folder(self, name: str) -> Path | None:
        folder = self.path / name
        return folder if folder.is_dir() else None

    # -- submodules ------------------------------------------------------------------------

    def has_submodule(self, name: str) -> bool:
        """Whether the app has a ``<name>.py`` module (or package), without importing it."""
        return (self.path / f"{name}.py").is_file() or (self.path / name / "__init__.py").is_file()

    def import_submodule(self, name: str) -> ModuleType | None:
        """Import ``<app>.<name>`` (``models``, ``admin``, ``commands``...); None if absent.

        An error inside the submodule is the app's bug and is raised as it is; only a
        submodule that does not exist gives None.
        """
        if not self.has_submodule(name):
            return None
        return importlib.import_module(f"{self.name}.{name}")

    def import_models(self) -> None:
        """Import the app's ``models`` module, so its models are known."""
        self.models_module = self.import_submodule("models")

    # -- hooks the project calls -------------------------------------------------------------

    def ready(self) -> None:
        """Called once every installed app and its models are imported: start-up code."""

    def install(self, app: App) -> None:
        """Called by the project builder, in INSTALLED_APPS order, to add to the web app.

        Batteries add their middleware, routes or template globals here; settings and the
        project's routes are known by then. The default adds nothing.
        """

    def checks(self, app: App, *, deploy: bool) -> Iterable[CheckMessage]:
        """Problems with this app's configuration, for ``trestle check``.

        ``deploy`` is true for ``trestle check --deploy``: also report what is fine in
        development but wrong in production. The default finds nothing.
        """
        return ()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.label}: {self.name}>"


def _package_path(name: str, module: ModuleType) -> Path:
    """The folder of an app's package; a module outside a package is refused."""
    locations = list(getattr(module, "__path__", None) or ())
    if len(locations) == 1:
        return Path(locations[0]).resolve()
    if not locations:
        raise AppConfigError(
            f"the app {name!r} is a module, not a package: an app is a folder with an "
            "__init__.py (make one with `trestle startapp`)"
        )
    raise AppConfigError(
        f"the app {name!r} is a namespace package spread over several folders "
        f"({', '.join(sorted(locations))}); give it an __init__.py"
    )


def find_app_module(name: str) -> ModuleType:
    """Import the app ``name``; a missing app is one clear line, not an ImportError."""
    try:
        spec_found = importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        spec_found = False  # a parent package is missing
    if not spec_found:
        raise AppConfigError(
            f"INSTALLED_APPS names {name!r}, but there is no such module: check the "
            "spelling, or run the command from the folder that contains the app"
        )
    return importlib.import_module(name)
