"""Per-request Content-Security-Policy nonces: ``<script nonce="{{ csp_nonce }}">``.

A nonce is made only when a page asks for one, and the security middleware then puts it in
the policy where the ``NONCE`` placeholder stands; a response without one pays nothing.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trestle.http.request import Request


def csp_nonce(request: Request) -> str:
    """This request's CSP nonce (made on first use; the same value for the whole request)."""
    if request.is_attached("csp_nonce"):
        nonce: str = request.attached("csp_nonce")
        return nonce
    nonce = secrets.token_urlsafe(18)
    request.attach("csp_nonce", nonce)
    return nonce


def used_nonce(request: Request) -> str | None:
    """The nonce the response's page used, or None."""
    if request.is_attached("csp_nonce"):
        nonce: str = request.attached("csp_nonce")
        return nonce
    return None
