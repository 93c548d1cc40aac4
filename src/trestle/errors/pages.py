"""Default error responses: RFC 9457 problem details for API clients, a small page for browsers."""

from __future__ import annotations

from html import escape
from typing import Any

from trestle.http.request import Request
from trestle.http.response import HTMLResponse, JSONResponse, Response
from trestle.http.status import REASONS

PROBLEM_JSON = "application/problem+json"
# Attached by errors_as_json(); a dotted name, so it is never read as ``request.<name>``.
_JSON_ONLY = "trestle.errors.json_only"

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{status} {title}</title>
<style>
:root {{ color-scheme: light dark; font-family: system-ui, sans-serif; }}
body {{ max-width: 40rem; margin: 10vh auto; padding: 0 1.5rem; line-height: 1.5; }}
h1 {{ font-size: 1.6rem; margin-bottom: .25rem; }}
.status {{ opacity: .65; font-weight: 600; letter-spacing: .05em; }}
code {{ font-size: .9em; }}
</style>
</head>
<body>
<main>
<p class="status">{status}</p>
<h1>{title}</h1>
<p>{detail}</p>
{extra}
</main>
</body>
</html>
"""


def errors_as_json(request: Request) -> None:
    """Answer every error of this request with problem details, even to a browser.

    For a JSON API mounted next to HTML pages: a middleware's ``before_request`` calls it for
    the API's requests, so their 401s, 404s and 422s stay JSON whatever ``Accept`` says.
    """
    request.attach(_JSON_ONLY, True)


def wants_html(request: Request | None) -> bool:
    """True when the client prefers HTML (a browser) over JSON, and the request may have it."""
    if request is None:
        return False
    try:
        if request.is_attached(_JSON_ONLY):
            return False
        accept = request._header("accept")
    except Exception:  # a request too broken to read headers from gets JSON
        return False
    return bool(accept) and "text/html" in accept  # type: ignore[operator]


def error_response(
    request: Request | None,
    status: int,
    detail: Any = None,
    *,
    request_id: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A negotiated error response for ``status``; nothing internal is included."""
    title = REASONS.get(status, "Error")
    if detail is None:
        detail = title
    if wants_html(request):
        extra = f"<p>Request id: <code>{escape(request_id)}</code></p>" if request_id else ""
        text = detail if isinstance(detail, str) else str(detail)
        body = _PAGE.format(status=status, title=escape(title), detail=escape(text), extra=extra)
        return HTMLResponse(body, status, headers)
    problem: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
    }
    if request_id:
        problem["request_id"] = request_id
    return JSONResponse(problem, status, headers, media_type=PROBLEM_JSON)
