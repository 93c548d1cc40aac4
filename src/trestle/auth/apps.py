"""``trestle.auth`` in INSTALLED_APPS: users, logins and the auth pages for a project."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from trestle.apps import AppConfig

if TYPE_CHECKING:
    from trestle.app import App
    from trestle.apps.checks import CheckMessage


class AuthConfig(AppConfig):
    """Installs :class:`trestle.auth.Auth` (list it after ``trestle.sessions``)."""

    label = "auth"
    verbose_name = "Users"

    def install(self, app: App) -> None:
        from trestle.auth.service import Auth

        Auth.install(app)

    def post_migrate(self, apps: Any, database: Any, database_name: str = "default") -> int:
        """After ``migrate``: the view/add/change/delete (and custom) permissions of every
        installed app's models; returns how many rows were added."""
        from sqlalchemy import inspect

        from trestle.auth.permissions import create_permissions

        engine = database.engine(database_name)
        if not inspect(engine).has_table("auth_permission"):
            return 0  # auth's own migration was not applied (migrate of another app only)
        labels = [config.label for config in apps.get_app_configs()]
        with database.session(database_name) as session:
            return create_permissions(session, labels)

    def checks(self, app: App, *, deploy: bool) -> Iterable[CheckMessage]:
        """Settings that weaken logins (see :mod:`trestle.auth.checks`)."""
        from trestle.apps.checks import CheckMessage
        from trestle.auth.checks import checks

        for finding in checks(app, deploy=deploy):
            yield CheckMessage(finding.level, finding.id, finding.message, finding.hint)
