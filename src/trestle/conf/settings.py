"""Settings: the defaults, a project's values and the environment, validated into one object.

A Settings object is handed to the App; nothing reads settings from a process global, so
two apps with different settings can live side by side (in one test, say).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from types import ModuleType
from typing import Any

from trestle.conf import defaults

#: Settings also read from the environment without the ``TRESTLE_`` prefix.
_UNPREFIXED = ("SECRET_KEY", "DATABASE_URL")
#: Settings with these endings name a folder or file: a pathlib.Path is as good as a str.
_PATH_SUFFIXES = ("_DIR", "_ROOT", "_PATH", "_FILE")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


#: Settings of other frameworks that Trestle meets another way: given, they would be ignored
#: silently (and an HTTPS site behind a proxy would loop on its redirect), so they are refused.
_ANSWERED_DIFFERENTLY = {
    "SECURE_PROXY_SSL_HEADER": (
        "Trestle believes X-Forwarded-Proto (and -For, -Host) only from the proxies listed in "
        "TRUSTED_PROXIES; set TRUSTED_PROXIES = ['<your proxy's address or network>'] instead"
    ),
}


class SettingsError(ValueError):
    """A setting with a wrong name, type or value."""

    def __init__(self, message: str, *, setting: str | None = None, env_key: str | None = None):
        super().__init__(message)
        #: The setting whose value is wrong, when the error is about one.
        self.setting = setting
        #: The environment variable whose text is wrong, when the error is about one.
        self.env_key = env_key


def _default_values() -> dict[str, Any]:
    return {name: getattr(defaults, name) for name in dir(defaults) if name.isupper()}


def _parse_env(name: str, raw: str, default: Any) -> Any:
    """Turn an environment string into the type of the setting's default."""
    if isinstance(default, bool):
        lowered = raw.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise SettingsError(
            f"environment: {name}={raw!r} is not a boolean (use 1/0, true/false)", env_key=name
        )
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(
                f"environment: {name}={raw!r} is not an integer", env_key=name
            ) from None
    if isinstance(default, (list, tuple)):
        raw = raw.strip()
        if raw.startswith("["):
            import json

            try:
                value = json.loads(raw)
            except json.JSONDecodeError as error:
                raise SettingsError(
                    f"environment: {name} is not a JSON list: {error}", env_key=name
                ) from None
            if not isinstance(value, list):
                raise SettingsError(f"environment: {name} must be a JSON list", env_key=name)
            return value
        return [item.strip() for item in raw.split(",") if item.strip()]
    if isinstance(default, dict):
        import json

        try:
            value = json.loads(raw)
        except json.JSONDecodeError as error:
            raise SettingsError(
                f"environment: {name} is not a JSON object: {error}", env_key=name
            ) from None
        if not isinstance(value, dict):
            raise SettingsError(f"environment: {name} must be a JSON object", env_key=name)
        return value
    return raw


class Settings:
    """The settings of one app: defaults, then the given values, then the environment."""

    def __init__(
        self,
        values: Mapping[str, Any] | None = None,
        /,
        *,
        environ: Mapping[str, str] | None = None,
        **overrides: Any,
    ) -> None:
        known = _default_values()
        given = {**(values or {}), **overrides}
        self._check_names(given, known)
        merged = {**known, **given}
        env = os.environ if environ is None else environ
        for name, default in known.items():
            for key in (f"TRESTLE_{name}", *((name,) if name in _UNPREFIXED else ())):
                if key in env:
                    merged[name] = _parse_env(key, env[key], default)
                    break
        for name, default in known.items():
            self._check_type(name, merged[name], default)
        self.__dict__.update(merged)

    @classmethod
    def from_module(
        cls, module: str | ModuleType, *, environ: Mapping[str, str] | None = None
    ) -> Settings:
        """Load the upper-case names of a settings module (``"mysite.settings"``)."""
        if isinstance(module, str):
            import importlib

            module = importlib.import_module(module)
        values = {name: getattr(module, name) for name in dir(module) if name.isupper()}
        return cls(values, environ=environ)

    @staticmethod
    def _check_names(given: Mapping[str, Any], known: Mapping[str, Any]) -> None:
        for name in given:
            if not name.isupper():
                raise SettingsError(f"setting names are upper-case: {name!r}", setting=name)
            if name in _ANSWERED_DIFFERENTLY:
                raise SettingsError(
                    f"{name} is not a Trestle setting: {_ANSWERED_DIFFERENTLY[name]}",
                    setting=name,
                )
            if name not in known:
                import difflib

                close = difflib.get_close_matches(name, known, n=1, cutoff=0.8)
                if close:
                    raise SettingsError(
                        f"unknown setting {name}: did you mean {close[0]}?", setting=name
                    )

    @staticmethod
    def _check_type(name: str, value: Any, default: Any) -> None:
        if isinstance(default, bool):
            ok = isinstance(value, bool)
        elif isinstance(default, int):
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        elif isinstance(default, (list, tuple)):
            ok = isinstance(value, (list, tuple))
        elif isinstance(default, str):
            # Folders may be given as pathlib.Path: BASE_DIR = Path(__file__).parent.parent
            ok = isinstance(value, str) or (
                name.endswith(_PATH_SUFFIXES) and isinstance(value, os.PathLike)
            )
        elif isinstance(default, dict):
            ok = isinstance(value, Mapping)
        else:
            ok = True
        if not ok:
            expected = type(default).__name__
            if expected == "int":
                expected = "non-negative int"
            elif expected == "str" and name.endswith(_PATH_SUFFIXES):
                expected = "str or Path"
            raise SettingsError(f"setting {name} must be a {expected}, got {value!r}", setting=name)

    def get(self, name: str, default: Any = None) -> Any:
        """A setting by name, or ``default`` (for settings of the project's own)."""
        return self.__dict__.get(name, default)

    def __getattr__(self, name: str) -> Any:
        # Only reached for names that are not set: say which one, and suggest a close one.
        import difflib

        close = difflib.get_close_matches(name, list(self.__dict__), n=1, cutoff=0.8)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise AttributeError(f"no setting named {name}{hint}")

    def __repr__(self) -> str:
        return f"<Settings DEBUG={self.__dict__.get('DEBUG')!r}>"
