"""The security headers, rendered once from the settings (OWASP HTTP Headers Cheat Sheet).

Every response gets ``X-Content-Type-Options``, ``Referrer-Policy``, ``X-Frame-Options``,
``Cross-Origin-Opener-Policy``, ``Permissions-Policy`` and ``Content-Security-Policy`` (each
unless the view set its own, or its setting is empty); HTTPS responses also get
``Strict-Transport-Security`` when ``SECURE_HSTS_SECONDS`` is set.

The policy may hold the placeholder ``NONCE`` (``"'nonce'"``): on a response whose page
asked for :func:`~trestle.security.csp.csp_nonce`, it becomes that request's
``'nonce-…'``; on others it is left out, so a page that needs no nonce gets none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from trestle.conf.settings import SettingsError
from trestle.http.headers import HeaderError, check_header

if TYPE_CHECKING:
    from trestle.conf.settings import Settings

#: Where the per-request nonce goes in a CSP source list.
NONCE = "'nonce'"
_DIRECTIVE = re.compile(r"[a-z][a-z0-9\-]*")
_FEATURE = re.compile(r"[a-z][a-z0-9\-]*")
_X_FRAME_OPTIONS = ("DENY", "SAMEORIGIN", "")


def render_csp(policy: Mapping[str, Any], setting: str) -> str:
    """``{"default-src": ["'self'"], ...}`` as a header value; a malformed policy is refused."""
    if not isinstance(policy, Mapping):
        raise SettingsError(f"{setting} must be a dict of directives to lists of sources")
    parts = []
    for directive, sources in policy.items():
        if not isinstance(directive, str) or not _DIRECTIVE.fullmatch(directive):
            raise SettingsError(f"{setting}: {directive!r} is not a CSP directive name")
        if isinstance(sources, str):
            sources = sources.split()
        if not isinstance(sources, (list, tuple)) or not all(isinstance(s, str) for s in sources):
            raise SettingsError(f"{setting}[{directive!r}] must be a list of sources")
        for source in sources:
            if not source or any(c in source for c in ";, \t\r\n"):
                raise SettingsError(f"{setting}[{directive!r}]: {source!r} is not one source")
        parts.append(" ".join([directive, *sources]) if sources else directive)
    return "; ".join(parts)


def render_permissions_policy(policy: Mapping[str, Any]) -> str:
    """``{"camera": [], "geolocation": ["self"]}`` as ``camera=(), geolocation=(self)``."""
    if not isinstance(policy, Mapping):
        raise SettingsError("SECURE_PERMISSIONS_POLICY must be a dict of features to lists")
    parts = []
    for feature, allowed in policy.items():
        if not isinstance(feature, str) or not _FEATURE.fullmatch(feature):
            raise SettingsError(f"SECURE_PERMISSIONS_POLICY: {feature!r} is not a feature name")
        if not isinstance(allowed, (list, tuple)) or not all(isinstance(a, str) for a in allowed):
            raise SettingsError(f"SECURE_PERMISSIONS_POLICY[{feature!r}] must be a list")
        # "self" and "*" are keywords; origins are quoted strings.
        items = [a if a in ("self", "*", "src") else f'"{a}"' for a in allowed]
        parts.append(f"{feature}=({' '.join(items)})")
    return ", ".join(parts)


class CSPHeader:
    """One CSP header (enforced or report-only), split around the nonce placeholder."""

    __slots__ = ("lower_name", "name", "parts", "plain")

    def __init__(self, name: str, value: str) -> None:
        check_header(name, value)
        self.name = name
        self.lower_name = name.lower()
        #: The value when no nonce was asked for: the placeholder taken out.
        self.plain = re.sub(r" ?'nonce'", "", value)
        #: The value around each placeholder, to join with the nonce.
        self.parts = value.split(NONCE)

    def value(self, nonce: str | None) -> str:
        """The header value for a response with ``nonce`` (or none)."""
        if nonce is None or len(self.parts) == 1:
            return self.plain
        return f"'nonce-{nonce}'".join(self.parts)


class SecurityHeaders:
    """The headers of every response, decided once; see the module docstring."""

    def __init__(self, settings: Settings) -> None:
        fixed: list[tuple[str, str]] = []
        nosniff = settings.SECURE_CONTENT_TYPE_NOSNIFF
        if nosniff:
            fixed.append(("X-Content-Type-Options", "nosniff"))
        referrer: str = settings.SECURE_REFERRER_POLICY
        if referrer:
            fixed.append(("Referrer-Policy", referrer))
        frame: str = settings.X_FRAME_OPTIONS
        if frame.upper() not in _X_FRAME_OPTIONS:
            raise SettingsError(
                f"X_FRAME_OPTIONS must be 'DENY', 'SAMEORIGIN' or '', not {frame!r}"
            )
        if frame:
            fixed.append(("X-Frame-Options", frame.upper()))
        coop: str = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
        if coop:
            fixed.append(("Cross-Origin-Opener-Policy", coop))
        permissions = render_permissions_policy(settings.SECURE_PERMISSIONS_POLICY or {})
        if permissions:
            fixed.append(("Permissions-Policy", permissions))
        self.csp: list[CSPHeader] = []
        for setting, name in (
            ("SECURE_CSP", "Content-Security-Policy"),
            ("SECURE_CSP_REPORT_ONLY", "Content-Security-Policy-Report-Only"),
        ):
            value = render_csp(settings.get(setting) or {}, setting)
            if value:
                try:
                    self.csp.append(CSPHeader(name, value))
                except HeaderError as error:
                    raise SettingsError(f"{setting}: {error}") from None
        for header_name, value in fixed:
            try:
                check_header(header_name, value)
            except HeaderError as error:
                raise SettingsError(f"a security header setting: {error}") from None
        #: ``(name, value)`` pairs added to every response (checked here, once).
        self.fixed = tuple(fixed)
        #: The same with each name lower-cased, to compare with a response's own headers.
        self.fixed_lower = tuple((name.lower(), (name, value)) for name, value in fixed)
        seconds: int = settings.SECURE_HSTS_SECONDS
        hsts = ""
        if seconds:
            hsts = f"max-age={seconds}"
            if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
                hsts += "; includeSubDomains"
            if settings.SECURE_HSTS_PRELOAD:
                hsts += "; preload"
        #: The Strict-Transport-Security value for HTTPS responses ("" for none).
        self.hsts = hsts
