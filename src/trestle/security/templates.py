"""What templates get from the security battery: ``csrf_input``, ``csrf_token``, ``csp_nonce``.

Each is lazy: a page that never shows a form makes no CSRF token (and so writes nothing to
the session), a page without inline scripts makes no nonce.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape
from typing import TYPE_CHECKING, Any

from trestle.security.csp import csp_nonce
from trestle.security.csrf import csrf_token

if TYPE_CHECKING:
    from trestle.http.request import Request


class _LazyText:
    """Text made when a template prints it (``__html__`` tells Jinja2 it is safe markup)."""

    __slots__ = ("_html", "_make")

    def __init__(self, make: Callable[[], str], html: bool) -> None:
        self._make = make
        self._html = html

    def __str__(self) -> str:
        return self._make()

    def __html__(self) -> str:
        text = self._make()
        return text if self._html else escape(text)


def csrf_input(request: Request) -> str:
    """The hidden form field that carries the CSRF token."""
    name = escape(request.attached("csrf").config.field_name)
    return f'<input type="hidden" name="{name}" value="{escape(csrf_token(request))}">'


def template_context(request: Request) -> Mapping[str, Any]:
    """A context processor: ``{{ csrf_input }}``, ``{{ csrf_token }}``, ``{{ csp_nonce }}``."""
    return {
        "csrf_input": _LazyText(lambda: csrf_input(request), html=True),
        "csrf_token": _LazyText(lambda: csrf_token(request), html=False),
        "csp_nonce": _LazyText(lambda: csp_nonce(request), html=False),
    }
