"""``trestle.staticfiles`` in INSTALLED_APPS: ``static()`` URLs and the route that serves them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trestle.apps import AppConfig

if TYPE_CHECKING:
    from trestle.app import App


class StaticFilesAppConfig(AppConfig):
    """Serves STATIC_URL: from the source folders with DEBUG, from STATIC_ROOT without."""

    label = "staticfiles"
    verbose_name = "Static files"

    def install(self, app: App) -> None:
        from trestle.staticfiles import StaticFiles

        StaticFiles.for_project(app)
