"""The security battery's checks for ``trestle check --deploy`` (ids are stable; see docs).

Trestle's built-in checks already cover DEBUG, SECRET_KEY, ALLOWED_HOSTS, Secure cookies, HSTS
and the HTTPS redirect (``security.E001``-``E004``, ``W001``-``W006``); these add what only
this battery knows: whether its middleware runs, in a useful order, with the headers on.
A :class:`Finding` is a plain tuple, so this module needs nothing from the project layer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:
    from trestle.app import App


class Finding(NamedTuple):
    """One problem: a level, a stable id, what is wrong and what to do."""

    level: Literal["error", "warning", "info"]
    id: str
    message: str
    hint: str = ""


def _middleware_classes(app: App) -> list[str]:
    """The class names of the app's middleware, outermost first."""
    return [type(layer.source).__name__ for layer in app.build().layers]


def checks(app: App, *, deploy: bool) -> list[Finding]:
    """Every finding for ``app``; ``deploy`` adds the production-only ones."""
    found: list[Finding] = []
    names = _middleware_classes(app)
    if (
        "CSRFMiddleware" in names
        and "SessionMiddleware" in names
        and names.index("CSRFMiddleware") < names.index("SessionMiddleware")
    ):
        found.append(
            Finding(
                "warning",
                "security.W018",
                "CSRFMiddleware runs before SessionMiddleware, so the CSRF secret is "
                "kept in a cookie instead of the session",
                "list trestle.sessions before trestle.security in INSTALLED_APPS (or add "
                "SessionMiddleware first)",
            )
        )
    if deploy:
        found.extend(deploy_checks(app.settings, names))
    return found


def deploy_checks(settings: Any, middleware: list[str]) -> list[Finding]:
    """What production needs from the security settings; ``middleware``: class names."""
    found: list[Finding] = []
    if "SecurityMiddleware" not in middleware:
        found.append(
            Finding(
                "warning",
                "security.W010",
                "SecurityMiddleware is not installed: no host check, no security headers",
                "add trestle.security to INSTALLED_APPS",
            )
        )
    if "CSRFMiddleware" not in middleware:
        found.append(
            Finding(
                "warning",
                "security.W014",
                "CSRFMiddleware is not installed: forms can be submitted from other sites",
                "add trestle.security to INSTALLED_APPS",
            )
        )
    if not settings.get("SECURE_CONTENT_TYPE_NOSNIFF", True):
        found.append(
            Finding(
                "warning",
                "security.W011",
                "SECURE_CONTENT_TYPE_NOSNIFF is off: browsers may guess content types",
                "set SECURE_CONTENT_TYPE_NOSNIFF = True",
            )
        )
    if str(settings.get("X_FRAME_OPTIONS", "DENY")).upper() != "DENY":
        found.append(
            Finding(
                "warning",
                "security.W012",
                "X_FRAME_OPTIONS is not 'DENY': other sites may frame your pages (clickjacking)",
                "set X_FRAME_OPTIONS = 'DENY', unless the site frames its own pages",
            )
        )
    if not settings.get("SECURE_REFERRER_POLICY", "same-origin"):
        found.append(
            Finding(
                "warning",
                "security.W013",
                "SECURE_REFERRER_POLICY is empty: full URLs leak to other sites in Referer",
                "set SECURE_REFERRER_POLICY = 'same-origin'",
            )
        )
    if not settings.get("SECURE_CSP", {}):
        found.append(
            Finding(
                "warning",
                "security.W016",
                "SECURE_CSP is empty: no Content-Security-Policy limits injected scripts",
                "keep Trestle's default policy and widen it where a page needs more",
            )
        )
    if settings.get("SECURE_HSTS_SECONDS") and not settings.get("SECURE_HSTS_INCLUDE_SUBDOMAINS"):
        found.append(
            Finding(
                "info",
                "security.W015",
                "HSTS does not cover subdomains: a subdomain over plain HTTP can set cookies",
                "set SECURE_HSTS_INCLUDE_SUBDOMAINS = True once every subdomain serves HTTPS",
            )
        )
    if settings.get("SESSION_COOKIE_HTTPONLY") is False:
        found.append(
            Finding(
                "warning",
                "security.W017",
                "SESSION_COOKIE_HTTPONLY is off: scripts (and XSS) can read the session cookie",
                "set SESSION_COOKIE_HTTPONLY = True",
            )
        )
    return found
