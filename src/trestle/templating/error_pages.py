"""Error pages from a project's templates: ``404.html`` is what a browser gets for a 404.

The convention Django users know: a template named after a status, at the top of the
template search path (``templates/404.html``, ``403.html``, ``400.html``, ``405.html``,
``500.html``), replaces Trestle's plain page for that status. Only for browsers: API
clients keep their problem details. The templates are looked for once, at start-up.

The context holds ``status``, ``title`` (the reason phrase), ``detail`` (what ``abort``
said; never an exception's text for a 500) and ``request_id``, with the usual ``request``
and context processors. A 500 page gets no request at all: whatever broke may be what a
context processor needs (the database, the session), so it must stand on its own, as
Django's ``500.html`` does. With DEBUG on, a 500 shows the debug page instead.

If rendering an error page fails, the failure is logged and the plain page is sent: an
error page must never turn a 404 into a 500.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from trestle.errors.pages import error_response, wants_html
from trestle.http.exceptions import HTTPException
from trestle.http.response import HTMLResponse, Response
from trestle.http.status import REASONS

if TYPE_CHECKING:
    from trestle.app import App
    from trestle.http.request import Request
    from trestle.templating.environment import Templates

#: The statuses a project may give a page of its own.
ERROR_PAGE_STATUSES = (400, 403, 404, 405, 500)

_log = logging.getLogger("trestle.error")


class ErrorPage:
    """The error handler for one status: the project's template for browsers."""

    def __init__(self, templates: Templates, status: int) -> None:
        self.templates = templates
        self.status = status
        self.name = f"{status}.html"
        self.title = REASONS.get(status, "Error")

    def __call__(self, request: Request, error: Exception) -> Response:
        headers = error.headers if isinstance(error, HTTPException) else None
        detail: Any
        if self.status == 500:
            detail = "The server could not handle this request."  # never the exception's text
        else:
            detail = error.detail if isinstance(error, HTTPException) else None
        if not wants_html(request):
            return error_response(request, self.status, detail, headers=headers)
        context: dict[str, Any] = {
            "status": self.status,
            "title": self.title,
            "detail": self.title if detail is None else detail,
            "request_id": request.id,
        }
        try:
            page = self.templates.render_to_string(
                self.name, context, None if self.status == 500 else request
            )
        except Exception:
            _log.exception(
                "The error page %s failed; the plain page was sent (request id %s)",
                self.name,
                request.id,
            )
            return error_response(request, self.status, detail, headers=headers)
        return HTMLResponse(page, self.status, headers)


def install_error_pages(app: App, templates: Templates) -> list[int]:
    """Handle each status that has a ``<status>.html`` template; the statuses handled."""
    names = set(templates.env.list_templates(filter_func=_top_level_html))
    handled = []
    for status in ERROR_PAGE_STATUSES:
        if f"{status}.html" not in names:
            continue
        if status == 500 and app.settings.DEBUG:
            continue  # the debug page, with the traceback, is what a developer needs
        app.add_error_handler(status, ErrorPage(templates, status))
        handled.append(status)
    return handled


def _top_level_html(name: str) -> bool:
    return "/" not in name and name.endswith(".html")
