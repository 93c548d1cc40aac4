"""The project a command works on: found once per command line, loaded only when used.

A project of apps is found through ``--settings`` or ``TRESTLE_SETTINGS_MODULE`` (which
``manage.py`` sets); a one-file app through ``--app module:attribute`` or ``TRESTLE_APP``.
Commands reach it as ``click.get_current_context().obj``.
"""

from __future__ import annotations

import os
import sys
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from trestle.app import App
    from trestle.apps.registry import Apps
    from trestle.conf.settings import Settings

#: What to tell someone who ran a project command outside a project.
NO_PROJECT_HINT = (
    "run it from your project's folder as `python manage.py COMMAND`, set the "
    "TRESTLE_SETTINGS_MODULE environment variable (for example mysite.settings), or pass "
    "--settings mysite.settings (or --app module:app for a one-file app)"
)


class Project:
    """The settings, apps and web app of the project (or one-file app) a command runs for.

    Each part is loaded on first use, so ``trestle startproject`` or ``--help`` costs
    nothing; a problem loading it ends the command with a one-line ``Error:``.
    """

    def __init__(
        self,
        settings_module: str | None = None,
        app_target: str | None = None,
        directory: Path | None = None,
    ) -> None:
        #: The settings module's dotted name, for a project of apps.
        self.settings_module = settings_module or None
        #: ``module:attribute`` of a one-file app.
        self.app_target = app_target or None
        #: The folder the command runs in; project modules are imported from it.
        self.directory = directory or Path.cwd()

    @classmethod
    def from_environment(
        cls, settings_module: str | None = None, app_target: str | None = None
    ) -> Project:
        """The project the options name, else the one the environment names."""
        if not settings_module and not app_target:
            settings_module = os.environ.get("TRESTLE_SETTINGS_MODULE") or None
            if not settings_module:
                app_target = os.environ.get("TRESTLE_APP") or None
        return cls(settings_module, app_target)

    @property
    def found(self) -> bool:
        """Whether a project or a one-file app was named."""
        return bool(self.settings_module or self.app_target)

    @property
    def is_project(self) -> bool:
        """Whether this is a project of apps (with a settings module), not a one-file app."""
        return self.settings_module is not None and self.app_target is None

    def require(self) -> None:
        """End the command with a clear error unless a project or an app was named."""
        if not self.found:
            raise click.ClickException(f"no project found: {NO_PROJECT_HINT}")

    def _importable(self) -> None:
        directory = str(self.directory)
        if directory not in sys.path:
            # A console script's sys.path starts with its bin/ folder, not the current one.
            sys.path.insert(0, directory)

    @cached_property
    def settings(self) -> Settings:
        """The project's settings (the one-file app's own, with ``--app``)."""
        if self.app_target:
            return self.app.settings
        self.require()
        from trestle.conf.loading import load_settings
        from trestle.conf.settings import SettingsError

        self._importable()
        try:
            return load_settings(self.settings_module)
        except SettingsError as error:
            raise click.ClickException(str(error)) from None

    @cached_property
    def apps(self) -> Apps:
        """The installed apps, loaded (empty for a one-file app without a registry)."""
        from trestle.apps.registry import Apps

        if self.app_target:
            registry = self.app.extensions.get("apps")
            return registry if isinstance(registry, Apps) else Apps(()).populate()
        return self.app.extensions["apps"]  # type: ignore[no-any-return]

    @cached_property
    def app(self) -> App:
        """The web app: the project's (``build_app``) or the one-file app."""
        return self.load_app()

    def load_app(self, *, strict: bool = True) -> App:
        """Load the web app; ``strict=False`` lets a project without a real SECRET_KEY load.

        ``trestle check --deploy`` loads it that way, to report the key with the rest.
        """
        if "app" in self.__dict__:
            return self.__dict__["app"]  # type: ignore[no-any-return]
        self.require()
        self._importable()
        if self.app_target:
            from trestle.cli.targets import TargetError, load_app

            try:
                app = load_app(self.app_target, self.directory)
            except TargetError as error:
                raise click.ClickException(str(error)) from None
            self.__dict__["app"] = app
            return app
        from trestle.apps.project import ProjectError, build_app
        from trestle.conf.settings import SettingsError

        try:
            app = build_app(self.settings, strict=strict)
        except (ProjectError, SettingsError) as error:
            raise click.ClickException(str(error)) from None
        self.__dict__["app"] = app
        return app

    def built_app(self) -> App:
        """The web app with its routes and middleware compiled; errors end the command."""
        app = self.app
        try:
            app.build()
        except Exception as error:
            from trestle.conf.loading import exception_summary

            raise click.ClickException(
                f"{self.describe()} does not build: {exception_summary(error)}"
            ) from None
        return app

    def describe(self) -> str:
        """``the project mysite.settings`` or ``the app examples.hello:app``, for messages."""
        if self.app_target:
            return f"the app {self.app_target}"
        return f"the project {self.settings_module}" if self.settings_module else "no project"


def current_project() -> Project:
    """The Project of the running command (``click.get_current_context().obj``)."""
    obj = click.get_current_context().find_object(Project)
    return obj if obj is not None else Project.from_environment()
