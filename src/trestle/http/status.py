"""Status codes: reason phrases and the status lines WSGI wants, computed once at import."""

from __future__ import annotations

from http import HTTPStatus

#: ``{200: "OK", ...}`` for every status Python knows, plus a few it does not.
REASONS: dict[int, str] = {status.value: status.phrase for status in HTTPStatus}
REASONS.setdefault(421, "Misdirected Request")
REASONS.setdefault(425, "Too Early")

#: ``{200: "200 OK", ...}``: PERF: WSGI needs this string on every response.
STATUS_LINES: dict[int, str] = {code: f"{code} {reason}" for code, reason in REASONS.items()}

#: Responses to these statuses never carry a body (RFC 9110 §6.4.1).
NO_BODY_STATUSES = frozenset({204, 304}) | frozenset(range(100, 200))


def status_line(code: int) -> str:
    """Return ``"404 Not Found"`` for 404; unknown codes get a generic phrase."""
    line = STATUS_LINES.get(code)
    if line is None:
        if not 100 <= code <= 999:
            raise ValueError(f"invalid HTTP status code: {code!r}")
        line = f"{code} Unknown"
    return line
