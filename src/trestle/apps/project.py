"""``build_app()``: a project's settings, apps, middleware and URLs made into one App.

A project's ``wsgi.py`` and ``asgi.py`` say ``application = build_app()``; the CLI builds
the same app for its commands. Everything is decided here, once, before serving.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Sequence
from typing import Any

from trestle.app import App
from trestle.apps.config import AppConfigError
from trestle.apps.registry import Apps
from trestle.conf.loading import check_project_settings, exception_summary, load_settings
from trestle.conf.settings import Settings, SettingsError


class ProjectError(Exception):
    """A project that cannot be built; the message says what to change."""


def build_app(settings: Settings | str | None = None, *, strict: bool = True) -> App:
    """The web app of a project: ``application = build_app()`` in ``wsgi.py``/``asgi.py``.

    ``settings`` is a Settings object, a settings module's name, or None for the module
    that ``TRESTLE_SETTINGS_MODULE`` names. The steps, in order: check the settings, set
    up logging, load INSTALLED_APPS (models, ``ready()``), make the App, add the database
    and templates, the MIDDLEWARE, the routes of ROOT_URLCONF, and call each app's
    ``install(app)``. Every problem is a :class:`ProjectError` or a SettingsError with a
    message that says where it is.

    ``strict=False`` skips the refusal to start without a real SECRET_KEY when DEBUG is
    off: ``trestle check --deploy`` reports that among the other problems instead.
    """
    if not isinstance(settings, Settings):
        settings = load_settings(settings)
    if strict:
        check_project_settings(settings)
    configure_logging(settings)

    apps = Apps(_names(settings, "INSTALLED_APPS"))
    try:
        apps.populate()
    except AppConfigError as error:
        raise ProjectError(str(error)) from None

    app = App(settings)
    app.extensions["apps"] = apps
    _install_database(app)
    _install_templates(app)
    for entry in _names(settings, "MIDDLEWARE"):
        app.add_middleware(load_middleware(entry))
    if settings.ROOT_URLCONF:
        app.include(_import(settings.ROOT_URLCONF, "ROOT_URLCONF"))
    for config in apps.get_app_configs():
        try:
            config.install(app)
        except (ProjectError, SettingsError):
            raise
        except Exception as error:
            raise ProjectError(
                f"the app {config.name!r} failed to install: {exception_summary(error)}"
            ) from error
    return app


def configure_logging(settings: Settings) -> None:
    """Apply LOGGING (or the default) for the project."""
    from trestle.logs import configure_logging as apply

    try:
        apply(settings.LOGGING)
    except (ValueError, TypeError, AttributeError, ImportError) as error:
        raise SettingsError(
            f"LOGGING is not a valid dictConfig: {error}", setting="LOGGING"
        ) from None


def load_middleware(entry: object) -> object:
    """A MIDDLEWARE entry made into a middleware: a class (made with no arguments) or an object.

    Entries are dotted paths (``"trestle.logs.RequestLogMiddleware"``); a class or an
    instance given directly is accepted too.
    """
    target = entry
    if isinstance(entry, str):
        module_name, _, attribute = entry.rpartition(".")
        if not module_name:
            raise ProjectError(
                f"MIDDLEWARE entry {entry!r} is not a dotted path to a class, like "
                "'trestle.logs.RequestLogMiddleware'"
            )
        module = _import(module_name, f"MIDDLEWARE entry {entry!r}")
        try:
            target = getattr(module, attribute)
        except AttributeError:
            raise ProjectError(
                f"MIDDLEWARE entry {entry!r}: the module {module_name!r} has no {attribute!r}"
            ) from None
    if isinstance(target, type):
        try:
            return target()
        except Exception as error:
            raise ProjectError(
                f"MIDDLEWARE entry {entry!r} could not be made: {exception_summary(error)}"
            ) from error
    return target


def _names(settings: Settings, setting: str) -> Sequence[Any]:
    # Settings checked that it is a list or a tuple.
    return list(getattr(settings, setting))


def _import(name: str, what: str) -> Any:
    """Import a module a setting names, with an error that says which setting."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        missing = error.name or ""
        if name == missing or name.startswith(missing + "."):
            raise ProjectError(f"{what}: there is no module {name!r}") from None
        raise ProjectError(
            f"{what}: importing {name!r} failed: {exception_summary(error)}"
        ) from None
    except Exception as error:
        raise ProjectError(
            f"{what}: importing {name!r} failed: {exception_summary(error)}"
        ) from None


def _battery(module: str, attribute: str) -> Any:
    """A battery's entry point, or None when this installation does not have the battery."""
    if importlib.util.find_spec(module) is None:
        return None
    return getattr(importlib.import_module(module), attribute, None)


def _install_database(app: App) -> None:
    """The data layer is part of every project, as in Django: DATABASES, ``request.db``."""
    database = _battery("trestle.db", "Database")
    if database is not None:
        database.install(app)


def _install_templates(app: App) -> None:
    """Templates: TEMPLATES["DIRS"], each installed app's ``templates/``, Trestle's own.

    Error pages too: a ``404.html`` (``403.html``...) in them is what browsers get for that
    status. Before the apps install, so an app's own ``errorhandler`` for a status wins.
    """
    templates = _battery("trestle.templating", "Templates")
    if templates is not None:
        from trestle.templating.error_pages import install_error_pages

        install_error_pages(app, templates.for_project(app))
