"""Projects of apps: the app registry, AppConfig, and ``build_app()``, the project's entry point.

The project layer: it may use every battery, and no battery imports it (a battery's own
``apps.py`` subclasses AppConfig; nothing else in the battery looks here).
"""

from trestle.apps.config import AppConfig as AppConfig
from trestle.apps.config import AppConfigError as AppConfigError
from trestle.apps.project import ProjectError as ProjectError
from trestle.apps.project import build_app as build_app
from trestle.apps.registry import Apps as Apps

__all__ = ["AppConfig", "AppConfigError", "Apps", "ProjectError", "build_app"]
