"""HTTP dates (RFC 9110 §5.6.7): formatting and lenient parsing."""

from __future__ import annotations

from datetime import UTC
from email.utils import formatdate, parsedate_to_datetime


def http_date(timestamp: float) -> str:
    """Format a POSIX timestamp as ``Sun, 06 Nov 1994 08:49:37 GMT``."""
    return formatdate(timestamp, usegmt=True)


def parse_http_date(value: str | None) -> float | None:
    """Parse an HTTP date into a POSIX timestamp; ``None`` when absent or unreadable."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        # An asctime date has no zone; HTTP dates are always UTC (RFC 9110 §5.6.7).
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()
