"""Trestle's own checks: the app builds, and, with ``--deploy``, the settings production needs.

Ids are stable (docs/cli.md lists them): ``core.*`` for the project, ``security.*`` for
deployment. Settings that belong to a battery are read with ``settings.get`` and skipped
when the battery does not define them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from trestle.apps.checks import CheckMessage, Error, Warning
from trestle.conf.loading import INSECURE_KEY_PREFIX

if TYPE_CHECKING:
    from trestle.app import App

#: A key shorter than this, or with fewer distinct characters, is guessable.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE = 5

_NEW_KEY = 'python -c "import secrets; print(secrets.token_urlsafe(50))"'


def check_app_builds(app: App, *, deploy: bool) -> Iterable[CheckMessage]:
    """The routes and middleware compile (what the first request would do)."""
    from trestle.conf.loading import exception_summary

    try:
        app.build()
    except Exception as error:
        yield Error(
            "core.E001",
            f"the app does not build: {exception_summary(error)}",
            "fix the route, view or middleware named above",
        )


def check_template_dirs(app: App, *, deploy: bool) -> Iterable[CheckMessage]:
    """The folders TEMPLATES["DIRS"] names exist."""
    settings = app.settings
    templates = settings.get("TEMPLATES") or {}
    base = Path(settings.get("BASE_DIR") or ".")
    for folder in templates.get("DIRS", ()) if isinstance(templates, dict) else ():
        if not (base / str(folder)).is_dir():
            yield Warning(
                "core.W001",
                f"TEMPLATES['DIRS'] names {str(folder)!r}, which is not a folder",
                "create it, or remove it from TEMPLATES['DIRS']",
            )


def check_debug(app: App, *, deploy: bool) -> Iterable[CheckMessage]:
    """DEBUG is off in production."""
    if deploy and app.settings.DEBUG:
        yield Error(
            "security.E001",
            "DEBUG is on: error pages would show your code, settings and local variables",
            "set TRESTLE_DEBUG=0 in the production environment",
        )


def check_secret_key(app: App, *, deploy: bool) -> Iterable[CheckMessage]:
    """SECRET_KEY is set, not the development one, and long enough."""
    if not deploy:
        return
    key = app.settings.SECRET_KEY
    if not key:
        yield Error(
            "security.E002", "SECRET_KEY is empty", f"set the SECRET_KEY variable: {_NEW_KEY}"
        )
    elif key.startswith(INSECURE_KEY_PREFIX):
        yield Error(
            "security.E003",
            "SECRET_KEY is the development key written in settings.py",
            f"set the SECRET_KEY environment variable in production: {_NEW_KEY}",
        )
    elif len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < SECRET_KEY_MIN_UNIQUE:
        yield Warning(
            "security.W001",
            f"SECRET_KEY is weak: use at least {SECRET_KEY_MIN_LENGTH} random characters",
            _NEW_KEY,
        )


#: The names a new project allows for development: only this machine answers to them.
_LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})


def check_allowed_hosts(app: App, *, deploy: bool) -> Iterable[CheckMessage]:
    """ALLOWED_HOSTS names the site's hosts."""
    if not deploy:
        return
    hosts = list(app.settings.ALLOWED_HOSTS)
    if not hosts:
        yield Error(
            "security.E004",
            "ALLOWED_HOSTS is empty",
            "list the host names the site answers to, e.g. TRESTLE_ALLOWED_HOSTS=example.com",
        )
    elif "*" in hosts:
        yield Warning(
            "security.W002",
            "ALLOWED_HOSTS accepts any host ('*'): links built from the Host header can be forged",
            "list the site's host names instead",
        )
    elif all(str(host).lower() in _LOOPBACK_HOSTS for host in hosts):
        yield Warning(
            "security.W007",
            "ALLOWED_HOSTS lists only this machine's own names (the development defaults): "
            "the site would refuse every visitor",
            "list the site's host names, e.g. TRESTLE_ALLOWED_HOSTS=example.com",
        )


def check_https(app: App, *, deploy: bool) -> Iterable[CheckMessage]:
    """Cookies are Secure, HSTS is on and HTTP redirects to HTTPS, where the battery has them."""
    if not deploy:
        return
    settings = app.settings
    for name, id in (("SESSION_COOKIE_SECURE", "W003"), ("CSRF_COOKIE_SECURE", "W004")):
        if settings.get(name) is False:
            yield Warning(
                f"security.{id}",
                f"{name} is off: the cookie is Secure only on requests Trestle sees as HTTPS, "
                "which behind a proxy needs TRUSTED_PROXIES",
                f"set {name} = True (the site must be served over HTTPS)",
            )
    hsts = settings.get("SECURE_HSTS_SECONDS")
    if hsts is not None and not hsts:
        yield Warning(
            "security.W005",
            "SECURE_HSTS_SECONDS is 0: browsers are not told to use HTTPS only",
            "set SECURE_HSTS_SECONDS = 31536000 once the site works over HTTPS",
        )
    if settings.get("SECURE_SSL_REDIRECT") is False:
        yield Warning(
            "security.W006",
            "SECURE_SSL_REDIRECT is off: plain-HTTP requests are served as they are",
            "set SECURE_SSL_REDIRECT = True, unless the proxy in front redirects already",
        )


BUILTIN_CHECKS = (
    check_app_builds,
    check_template_dirs,
    check_debug,
    check_secret_key,
    check_allowed_hosts,
    check_https,
)
