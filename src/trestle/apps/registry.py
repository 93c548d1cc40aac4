"""The app registry: INSTALLED_APPS loaded in order, each as an :class:`AppConfig`.

One registry belongs to one web app (``app.extensions["apps"]``), not to the process, so
two projects can be loaded side by side in one test.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator, Sequence
from types import ModuleType
from typing import TypeVar

from trestle.apps.config import AppConfig, AppConfigError, find_app_module
from trestle.conf.loading import exception_summary

T = TypeVar("T")


class Apps:
    """The installed apps of a project, in INSTALLED_APPS order."""

    def __init__(self, installed: Sequence[str] = ()) -> None:
        if isinstance(installed, str):
            raise AppConfigError("INSTALLED_APPS must be a list of module names, not a string")
        self.installed = list(installed)
        self._configs: dict[str, AppConfig] = {}
        self.ready = False

    def populate(self) -> Apps:
        """Import every app and its models, then call each ``ready()``; once only.

        Every problem is an :class:`AppConfigError` naming the app: a missing module, two
        apps with one label, an error inside an app's code (with its file and line).
        """
        if self.ready:
            return self
        configs: dict[str, AppConfig] = {}
        seen_names: set[str] = set()
        for entry in self.installed:
            if not isinstance(entry, str) or not entry:
                raise AppConfigError(
                    f"INSTALLED_APPS entries are dotted module names; got {entry!r}"
                )
            if entry in seen_names:
                raise AppConfigError(f"INSTALLED_APPS names {entry!r} twice")
            seen_names.add(entry)
            config = _load_config(entry)
            other = configs.get(config.label)
            if other is not None:
                raise AppConfigError(
                    f"the apps {other.name!r} and {entry!r} have the same label "
                    f"{config.label!r}; set another `label` on one AppConfig in its apps.py"
                )
            configs[config.label] = config
        for config in configs.values():
            _guarded(config.name, "models", config.import_models)
        self._configs = configs
        for config in configs.values():
            _guarded(config.name, "ready()", config.ready)
        self.ready = True
        return self

    def get_app_configs(self) -> list[AppConfig]:
        """Every installed app, in INSTALLED_APPS order."""
        return list(self._configs.values())

    def get_app_config(self, label: str) -> AppConfig:
        """The app labelled ``label``; a LookupError that lists the labels otherwise."""
        try:
            return self._configs[label]
        except KeyError:
            known = ", ".join(self._configs) or "none"
            raise LookupError(f"no installed app labelled {label!r} (installed: {known})") from None

    def is_installed(self, name: str) -> bool:
        """Whether the app with this dotted name (``"trestle.auth"``) is installed."""
        return any(config.name == name for config in self._configs.values())

    def for_module(self, module_name: str) -> AppConfig | None:
        """The app a module belongs to (``"blog.models"`` → blog), by longest dotted prefix."""
        best: AppConfig | None = None
        for config in self._configs.values():
            name = config.name
            if (module_name == name or module_name.startswith(name + ".")) and (
                best is None or len(name) > len(best.name)
            ):
                best = config
        return best

    def __iter__(self) -> Iterator[AppConfig]:
        return iter(self.get_app_configs())

    def __len__(self) -> int:
        return len(self._configs)

    def __repr__(self) -> str:
        return f"<Apps {', '.join(self._configs) or '(none)'}>"


def _load_config(name: str) -> AppConfig:
    module = _guarded(name, "", lambda: find_app_module(name))
    config_class = _config_class(name, module)
    return config_class(name, module)


def _config_class(name: str, module: ModuleType) -> type[AppConfig]:
    """The single AppConfig subclass defined in ``<name>.apps``, else AppConfig itself."""
    probe = AppConfig(name, module)
    if not probe.has_submodule("apps"):
        return AppConfig
    apps_module = _guarded(name, "apps", lambda: importlib.import_module(f"{name}.apps"))
    found = [
        value
        for value in vars(apps_module).values()
        if inspect.isclass(value)
        and issubclass(value, AppConfig)
        and value is not AppConfig
        and value.__module__ == apps_module.__name__
    ]
    if len(found) > 1:
        names = ", ".join(sorted(cls.__name__ for cls in found))
        raise AppConfigError(
            f"{name}.apps defines several AppConfig classes ({names}); keep one per app"
        )
    return found[0] if found else AppConfig


def _guarded(app: str, part: str, load: Callable[[], T]) -> T:
    """Run ``load``; turn an error in the app's code into one line with its file and line."""
    try:
        return load()
    except AppConfigError:
        raise
    except (Exception, SystemExit) as error:
        where = f"{app}.{part}" if part and not part.endswith("()") else app
        what = f"{app}: {part} failed" if part.endswith("()") else f"importing {where!r} failed"
        raise AppConfigError(f"{what}: {exception_summary(error)}") from error
