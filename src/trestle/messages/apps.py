"""``trestle.messages`` in INSTALLED_APPS: flash messages for every view of a project."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trestle.apps import AppConfig

if TYPE_CHECKING:
    from trestle.app import App


class MessagesAppConfig(AppConfig):
    """Adds MessagesMiddleware, configured from the project's settings."""

    label = "messages"
    verbose_name = "Messages"

    def install(self, app: App) -> None:
        from trestle.messages import install

        install(app)
