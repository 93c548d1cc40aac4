"""``trestle.sessions`` in INSTALLED_APPS: ``request.session`` for every view of a project."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trestle.apps import AppConfig

if TYPE_CHECKING:
    from trestle.app import App


class SessionsConfig(AppConfig):
    """Adds SessionMiddleware, configured from the project's settings."""

    label = "sessions"
    verbose_name = "Sessions"

    def install(self, app: App) -> None:
        from trestle.sessions import install

        install(app)
