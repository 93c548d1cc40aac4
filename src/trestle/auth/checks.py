"""``trestle check`` for trestle.auth: settings that weaken logins, with stable ids.

- ``auth.W001`` argon2 parameters weaker than OWASP's minimum.
- ``auth.W002`` (deploy) no password validators.
- ``auth.W003`` (deploy) login throttle counters in one process's memory.
- ``auth.W004`` (deploy) no host check, so a forged Host header could poison reset links.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from trestle.app import App

#: OWASP's weakest recommended argon2id setting: 7 MiB with 5 passes (m x t = 35,840).
MIN_MEMORY_TIMES_PASSES = 7168 * 5
MIN_MEMORY = 7168


class Finding(NamedTuple):
    """One problem; the auth app's checks() turns it into a CheckMessage."""

    level: Literal["error", "warning", "info"]
    id: str
    message: str
    hint: str


def checks(app: App, *, deploy: bool) -> Iterator[Finding]:
    """What is wrong with the auth settings of ``app``."""
    settings = app.settings
    memory = settings.PASSWORD_ARGON2_MEMORY_COST
    passes = settings.PASSWORD_ARGON2_TIME_COST
    if memory < MIN_MEMORY or memory * passes < MIN_MEMORY_TIMES_PASSES:
        yield Finding(
            "warning",
            "auth.W001",
            f"argon2id with {memory} KiB and {passes} passes is weaker than OWASP's minimum",
            "use the defaults (PASSWORD_ARGON2_MEMORY_COST = 19456, PASSWORD_ARGON2_TIME_COST "
            "= 2) or more; only tests should lower them",
        )
    if not deploy:
        return
    if not settings.AUTH_PASSWORD_VALIDATORS:
        yield Finding(
            "warning",
            "auth.W002",
            "AUTH_PASSWORD_VALIDATORS is empty: any password is accepted, even '1'",
            "keep the default validators (a minimum length and a common-passwords list)",
        )
    if settings.LOGIN_THROTTLE_STORE == "memory":
        yield Finding(
            "warning",
            "auth.W003",
            "LOGIN_THROTTLE_STORE is 'memory': each worker counts failed logins on its own",
            "use 'database' (the default) or 'redis', shared by every worker",
        )
    if "security" not in app.extensions:
        yield Finding(
            "warning",
            "auth.W004",
            "password-reset links are built from the Host header, and no host check runs",
            "install trestle.security and set ALLOWED_HOSTS",
        )
