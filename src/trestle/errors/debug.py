"""The DEBUG error page: the traceback with source and local variables, and the request.

Only ever shown with ``DEBUG = True``. Values that usually hold secrets (cookies, the
Authorization header, locals named like passwords or tokens) are masked even here.
"""

from __future__ import annotations

import linecache
import re
import traceback
from html import escape
from types import TracebackType
from typing import Any

from trestle.errors.pages import wants_html
from trestle.http.request import Request
from trestle.http.response import HTMLResponse, JSONResponse, Response

_SECRET_NAME = re.compile(r"pass|secret|token|key|auth|cookie|session|signature", re.I)
_MASK = "********"
_REPR_LIMIT = 1000
_CONTEXT_LINES = 5


def _safe_repr(value: Any) -> str:
    try:
        text = repr(value)
    except Exception as error:  # a broken __repr__ must not break the debug page
        text = f"<repr failed: {type(error).__name__}: {error}>"
    return text if len(text) <= _REPR_LIMIT else text[:_REPR_LIMIT] + "…"


def _frames(tb: TracebackType | None) -> list[dict[str, Any]]:
    frames = []
    for frame, lineno in traceback.walk_tb(tb):
        filename = frame.f_code.co_filename
        first = max(lineno - _CONTEXT_LINES, 1)
        source = [
            (number, linecache.getline(filename, number).rstrip("\n"))
            for number in range(first, lineno + _CONTEXT_LINES + 1)
        ]
        source = [(number, text) for number, text in source if text or number <= lineno]
        frames.append(
            {
                "file": filename,
                "line": lineno,
                "function": frame.f_code.co_name,
                "source": source,
                "locals": {
                    name: _MASK if _SECRET_NAME.search(name) else _safe_repr(value)
                    for name, value in frame.f_locals.items()
                },
            }
        )
    return frames


def _location(error: BaseException) -> dict[str, Any] | None:
    """Where an error says it is, for errors about a source file rather than about code.

    Duck-typed: an exception with ``filename`` and ``lineno`` (Python's SyntaxError, a
    template engine's syntax error) points at a line; its ``source`` text is used when it
    carries one, else the file is read.
    """
    filename = getattr(error, "filename", None)
    lineno = getattr(error, "lineno", None)
    if not isinstance(filename, str) or not isinstance(lineno, int) or lineno < 1:
        return None
    text = getattr(error, "source", None)
    lines = text.splitlines() if isinstance(text, str) else None
    first = max(lineno - _CONTEXT_LINES, 1)
    source = []
    for number in range(first, lineno + _CONTEXT_LINES + 1):
        if lines is not None:
            line = lines[number - 1] if number <= len(lines) else ""
        else:
            line = linecache.getline(filename, number).rstrip("\n")
        if line or number <= lineno:
            source.append((number, line))
    return {"file": filename, "line": lineno, "source": source}


def _chain(error: BaseException) -> list[BaseException]:
    """The exception and the ones it was raised from or during, oldest first."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        chain.append(current)
        seen.add(id(current))
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return list(reversed(chain))


def _request_details(request: Request | None) -> dict[str, Any]:
    if request is None:
        return {}
    details: dict[str, Any] = {"method": request.method, "path": request.path}
    try:
        details["query_string"] = request.query_string
        details["headers"] = {
            name: _MASK if name in ("cookie", "authorization", "proxy-authorization") else value
            for name, value in request.headers.raw()
        }
        details["client"] = request.client
        details["url"] = request.url
    except Exception as error:  # the request itself may be what is broken
        details["unreadable"] = f"{type(error).__name__}: {error}"
    return details


def debug_response(request: Request | None, error: BaseException, request_id: str) -> Response:
    """A 500 that shows everything a developer needs; HTML for browsers, JSON otherwise."""
    chain: list[dict[str, Any]] = [
        {
            "type": f"{type(e).__module__}.{type(e).__qualname__}",
            "message": str(e),
            "frames": _frames(e.__traceback__),
            "location": _location(e),
        }
        for e in _chain(error)
    ]
    details = _request_details(request)
    if not wants_html(request):
        body = {
            "type": "about:blank",
            "title": "Internal Server Error",
            "status": 500,
            "detail": f"{type(error).__name__}: {error}",
            "request_id": request_id,
            "exceptions": [
                {
                    **item,
                    "location": item["location"]
                    and {
                        **item["location"],
                        "source": [text for _, text in item["location"]["source"]],
                    },
                    "frames": [
                        {**frame, "source": [text for _, text in frame["source"]]}
                        for frame in item["frames"]
                    ],
                }
                for item in chain
            ],
            "request": details,
        }
        return JSONResponse(body, 500, media_type="application/problem+json")
    return HTMLResponse(_render_html(chain, details, request_id), 500)


def _render_html(chain: list[dict[str, Any]], details: dict[str, Any], request_id: str) -> str:
    parts = []
    for index, item in enumerate(chain):
        if index:
            parts.append("<p class=during>The above exception led to this one:</p>")
        parts.append(f"<h2>{escape(item['type'])}: {escape(item['message'])}</h2>")
        location = item["location"]
        if location:
            lines = "".join(
                f"<tr class={'here' if number == location['line'] else 'ctx'}>"
                f"<td class=n>{number}</td><td><pre>{escape(text)}</pre></td></tr>"
                for number, text in location["source"]
            )
            parts.append(
                f"<div class=frame><p>In <code>{escape(location['file'])}</code>, "
                f"line {location['line']}:</p><table class=src>{lines}</table></div>"
            )
        for frame in reversed(item["frames"]):
            lines = "".join(
                f"<tr class={'here' if number == frame['line'] else 'ctx'}>"
                f"<td class=n>{number}</td><td><pre>{escape(text)}</pre></td></tr>"
                for number, text in frame["source"]
            )
            local_rows = "".join(
                f"<tr><th>{escape(name)}</th><td><pre>{escape(value)}</pre></td></tr>"
                for name, value in frame["locals"].items()
            )
            parts.append(
                f"<details class=frame open><summary><code>{escape(frame['file'])}</code>, "
                f"line {frame['line']}, in <b>{escape(frame['function'])}</b></summary>"
                f"<table class=src>{lines}</table>"
                f"<details class=locals><summary>Local variables</summary>"
                f"<table>{local_rows}</table></details></details>"
            )
    request_rows = "".join(
        f"<tr><th>{escape(str(name))}</th><td><pre>{escape(_safe_repr(value))}</pre></td></tr>"
        for name, value in details.items()
        if name != "headers"
    )
    header_rows = "".join(
        f"<tr><th>{escape(name)}</th><td><pre>{escape(value)}</pre></td></tr>"
        for name, value in details.get("headers", {}).items()
    )
    last = chain[-1]
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(last["type"].rpartition(".")[2])} at {escape(str(details.get("path", "")))}</title>
<style>
:root {{ color-scheme: light dark; font-family: system-ui, sans-serif; }}
body {{ margin: 0 auto; max-width: 70rem; padding: 1rem 1.5rem; }}
h1 {{ font-size: 1.2rem; color: #b42318; }} h2 {{ font-size: 1.05rem; }}
pre {{ margin: 0; white-space: pre-wrap; word-break: break-all; }}
table {{ border-collapse: collapse; width: 100%; }} th {{ text-align: left; padding-right: 1rem;
vertical-align: top; white-space: nowrap; }}
.frame {{ border: 1px solid #8884; border-radius: 6px; margin: .5rem 0; padding: .4rem .6rem; }}
.src td.n {{ width: 3rem; opacity: .6; text-align: right; padding-right: .6rem; }}
.src tr.here {{ background: #f0443822; font-weight: 600; }} .during {{ font-style: italic; }}
</style></head><body>
<h1>Internal Server Error (DEBUG is on; this page is never shown in production)</h1>
<p>Request id: <code>{escape(request_id)}</code></p>
{"".join(parts)}
<h2>Request</h2><table>{request_rows}</table>
<h2>Headers</h2><table>{header_rows}</table>
</body></html>
"""
