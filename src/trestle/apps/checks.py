"""``trestle check``: problems found before they bite, each with a stable id and a hint.

Checks are functions ``check(app, *, deploy) -> Iterable[CheckMessage]``. Trestle's own are
in :mod:`trestle.apps.builtin_checks`; each installed app adds its own through
``AppConfig.checks()``. ``deploy`` is true for ``trestle check --deploy``, which also reports
what is fine in development but wrong in production.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from trestle.app import App

Level = Literal["error", "warning", "info"]
Check = Callable[..., Iterable["CheckMessage"]]


class CheckMessage:
    """One problem: a level, a stable id (``security.W004``), what is wrong and what to do."""

    __slots__ = ("hint", "id", "level", "message")

    def __init__(self, level: Level, id: str, message: str, hint: str = "") -> None:
        self.level = level
        self.id = id
        self.message = message
        self.hint = hint

    @property
    def is_error(self) -> bool:
        """Errors make ``trestle check`` exit with status 1."""
        return self.level == "error"

    def __str__(self) -> str:
        hint = f"\n    hint: {self.hint}" if self.hint else ""
        return f"{self.id}: {self.message}{hint}"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CheckMessage):
            return NotImplemented
        return (self.level, self.id, self.message, self.hint) == (
            other.level,
            other.id,
            other.message,
            other.hint,
        )

    def __hash__(self) -> int:
        return hash((self.level, self.id, self.message))

    def __repr__(self) -> str:
        return f"<CheckMessage {self.level} {self.id}: {self.message}>"


def Error(id: str, message: str, hint: str = "") -> CheckMessage:
    """A problem that stops ``trestle check`` with status 1."""
    return CheckMessage("error", id, message, hint)


def Warning(id: str, message: str, hint: str = "") -> CheckMessage:
    """A problem worth fixing that does not fail ``trestle check``."""
    return CheckMessage("warning", id, message, hint)


def run_checks(app: App, *, deploy: bool = False) -> list[CheckMessage]:
    """Every message of Trestle's checks and the installed apps' checks, in order.

    A check that crashes is reported as an error naming it, rather than ending the run.
    """
    from trestle.apps.builtin_checks import BUILTIN_CHECKS

    checks: list[tuple[str, Check]] = [(check.__name__, check) for check in BUILTIN_CHECKS]
    apps = app.extensions.get("apps")
    if apps is not None:
        for config in apps.get_app_configs():
            checks.append((f"{config.label} app's checks()", config.checks))
    messages: list[CheckMessage] = []
    for name, check in checks:
        try:
            messages.extend(check(app, deploy=deploy))
        except Exception as error:
            from trestle.conf.loading import exception_summary

            messages.append(
                Error("checks.E001", f"the check {name} failed: {exception_summary(error)}")
            )
    return messages
