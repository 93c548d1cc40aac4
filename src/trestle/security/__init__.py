"""Security: the host check, HTTPS and security headers, and CSRF protection.

``SecurityMiddleware`` (outermost) refuses hosts that ALLOWED_HOSTS does not list, redirects
to HTTPS if asked and adds the security headers; ``CSRFMiddleware`` (after the sessions)
checks unsafe requests. ``install(app)`` adds both and the template globals; listing
``trestle.security`` in INSTALLED_APPS does it for a project. See docs/security.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trestle.security.csp import csp_nonce as csp_nonce
from trestle.security.csrf import CSRFError as CSRFError
from trestle.security.csrf import CSRFMiddleware as CSRFMiddleware
from trestle.security.csrf import csrf_exempt as csrf_exempt
from trestle.security.csrf import csrf_token as csrf_token
from trestle.security.csrf import rotate_csrf_token as rotate_csrf_token
from trestle.security.headers import NONCE as NONCE
from trestle.security.middleware import InvalidHost as InvalidHost
from trestle.security.middleware import SecurityMiddleware as SecurityMiddleware
from trestle.security.templates import template_context as template_context

if TYPE_CHECKING:
    from trestle.app import App

__all__ = [
    "NONCE",
    "CSRFError",
    "CSRFMiddleware",
    "InvalidHost",
    "SecurityMiddleware",
    "csp_nonce",
    "csrf_exempt",
    "csrf_token",
    "install",
    "rotate_csrf_token",
    "template_context",
]


def install(app: App) -> None:
    """Add SecurityMiddleware and CSRFMiddleware to ``app`` and the template globals."""
    app.add_middleware(SecurityMiddleware(app.settings))
    app.add_middleware(CSRFMiddleware(app.settings))
    templates = app.extensions.get("templates")
    if templates is not None:
        templates.add_context_processor(template_context)
    app.extensions["security"] = True
