"""``trestle.admin`` in INSTALLED_APPS: the admin site, with each app's ``admin.py`` loaded."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from trestle.apps import AppConfig

if TYPE_CHECKING:
    from trestle.app import App
    from trestle.apps.checks import CheckMessage


class AdminConfig(AppConfig):
    """Imports every installed app's ``admin`` module, then installs :data:`trestle.admin.site`.

    List it after ``trestle.sessions``, ``trestle.security`` and ``trestle.auth``; mount the
    pages with ``path("admin/", include("trestle.admin.urls"))``.
    """

    label = "admin"
    verbose_name = "Administration"

    def install(self, app: App) -> None:
        from trestle.admin.sites import site

        registry = app.extensions["apps"]
        site.autodiscover(
            (config.name, functools.partial(config.import_submodule, "admin"))
            for config in registry.get_app_configs()
            if config is not self
        )
        site.install(app)
        from trestle.admin.auth_admin import register_auth_models

        register_auth_models(site, app)

    def checks(self, app: App, *, deploy: bool) -> Iterable[CheckMessage]:
        """admin.W001: the admin's pages are not mounted (no route named admin:index)."""
        from trestle.apps.checks import CheckMessage

        try:
            app.url_for("admin:index")
        except Exception:
            yield CheckMessage(
                "warning",
                "admin.W001",
                "trestle.admin is installed but its pages are not mounted",
                'add path("admin/", include("trestle.admin.urls")) to the project\'s urls.py',
            )
