"""SecurityMiddleware: the host check, the HTTPS redirect and the security headers.

One middleware, listed first (outermost), so that every answer (errors and the other
layers' early answers included) carries the headers, and no other layer sees a request for
a host the site does not serve. Everything is rendered from the settings once.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from trestle.http.exceptions import BadRequest
from trestle.http.response import RedirectResponse
from trestle.security.csp import used_nonce
from trestle.security.headers import SecurityHeaders
from trestle.security.hosts import AllowedHosts, split_host

if TYPE_CHECKING:
    from trestle.conf.settings import Settings
    from trestle.http.request import Request
    from trestle.http.response import Response

logger = logging.getLogger("trestle.security")


class InvalidHost(BadRequest):
    """400: the request's ``Host`` is malformed or not in ALLOWED_HOSTS."""


class SecurityConfig:
    """What the security middleware decided from the settings."""

    def __init__(self, settings: Settings) -> None:
        self.debug = bool(settings.DEBUG)
        self.hosts = AllowedHosts(settings.ALLOWED_HOSTS, debug=self.debug)
        self.headers = SecurityHeaders(settings)
        self.ssl_redirect = bool(settings.SECURE_SSL_REDIRECT)
        self.ssl_host: str = settings.SECURE_SSL_HOST
        if self.ssl_host and split_host(self.ssl_host) is None:
            from trestle.conf.settings import SettingsError

            raise SettingsError(f"SECURE_SSL_HOST {self.ssl_host!r} is not a host name")


class SecurityMiddleware:
    """Refuses unknown hosts (400), redirects HTTP to HTTPS if asked, adds security headers.

    ``SecurityMiddleware(app.settings)`` reads the settings now (a mistake stops the
    start-up); without settings it reads the app's at the first request.
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self._fixed = SecurityConfig(settings) if settings is not None else None
        # Keyed by the app itself (not id(): a collected app's id may come back).
        self._configs: dict[Any, SecurityConfig] = {}

    def config(self, request: Request) -> SecurityConfig:
        """The configuration for the request's app."""
        if self._fixed is not None:
            return self._fixed
        app = request.app
        config = self._configs.get(app)
        if config is None:
            config = self._configs[app] = SecurityConfig(app.settings)
        return config

    def before_request(self, request: Request) -> Response | None:
        config = self.config(request)
        check_host(request, config)
        if config.ssl_redirect and not request.is_secure:
            url = request.url  # the path and query as sent, mount point included
            path_and_query = url[url.index("/", url.index("://") + 3) :]
            return RedirectResponse(
                f"https://{config.ssl_host or request.host}{path_and_query}", 301
            )
        return None

    def after_request(self, request: Request, response: Response) -> None:
        headers = self.config(request).headers
        # PERF: the pairs were checked at start-up, so they go straight into the response's
        # header list; MutableHeaders.add would check each one again on every response.
        items: list[tuple[str, str]] = response._headers
        present = {name.lower() for name, _ in items}
        items.extend(pair for lower, pair in headers.fixed_lower if lower not in present)
        if headers.csp:
            nonce = used_nonce(request)
            for csp in headers.csp:
                if csp.lower_name not in present:
                    items.append((csp.name, csp.value(nonce)))
        if headers.hsts and "strict-transport-security" not in present and request.is_secure:
            items.append(("Strict-Transport-Security", headers.hsts))


def check_host(request: Request, config: SecurityConfig) -> None:
    """Raise :class:`InvalidHost` unless the request's host is one ALLOWED_HOSTS lists."""
    hosts = config.hosts
    # An empty Host header would otherwise fall back to the server's own name.
    raw = request._header("host")
    host = request.host if raw != "" else ""
    if hosts.refuses_all:
        logger.warning("Refused a request for %r: ALLOWED_HOSTS is empty", host)
        raise InvalidHost(
            "ALLOWED_HOSTS is empty, so this site answers no host: list the site's host "
            "names in the ALLOWED_HOSTS setting (DEBUG allows localhost without it)"
        )
    if hosts.allows(host):
        return
    name = split_host(host) if host else None
    logger.warning("Refused a request for the host %r (not in ALLOWED_HOSTS)", host)
    if not config.debug:
        raise InvalidHost("The Host header does not name a site this server answers for.")
    if name is None:
        raise InvalidHost(f"The Host header {host!r} is not a valid host name.")
    raise InvalidHost(
        f"The Host header {host!r} is not in ALLOWED_HOSTS: add {name!r} to ALLOWED_HOSTS "
        "if this server should answer for it."
    )
