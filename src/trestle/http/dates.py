"""HTTP dates (RFC 9110 §5.6.7): formatting and lenient parsing."""

from __future__ import annotations

import time

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def http_date(timestamp: float) -> str:
    """Format a POSIX timestamp as ``Sun, 06 Nov 1994 08:49:37 GMT``."""
    # PERF: formatted by hand; email.utils would cost every start-up ~10 ms of imports.
    t = time.gmtime(timestamp)
    return (
        f"{_DAYS[t.tm_wday]}, {t.tm_mday:02d} {_MONTHS[t.tm_mon - 1]} {t.tm_year:04d} "
        f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} GMT"
    )


def parse_http_date(value: str | None) -> float | None:
    """Parse an HTTP date into a POSIX timestamp; ``None`` when absent or unreadable."""
    if not value:
        return None
    from datetime import UTC
    from email.utils import parsedate_to_datetime

    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        # An asctime date has no zone; HTTP dates are always UTC (RFC 9110 §5.6.7).
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()
