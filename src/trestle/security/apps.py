"""``trestle.security`` in INSTALLED_APPS: the host check, headers and CSRF for a project."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from trestle.apps import AppConfig

if TYPE_CHECKING:
    from trestle.app import App
    from trestle.apps.checks import CheckMessage


class SecurityConfig(AppConfig):
    """Adds SecurityMiddleware and CSRFMiddleware, and ``csrf_input`` to templates."""

    label = "security"
    verbose_name = "Security"

    def install(self, app: App) -> None:
        from trestle.security import install

        install(app)

    def checks(self, app: App, *, deploy: bool) -> Iterable[CheckMessage]:
        from trestle.apps.checks import CheckMessage
        from trestle.security.checks import checks

        for finding in checks(app, deploy=deploy):
            yield CheckMessage(finding.level, finding.id, finding.message, finding.hint)
