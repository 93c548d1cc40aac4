"""Logging for a project: the default LOGGING, and one log line per request.

The ``trestle.request`` logger writes ``GET /blog/ 200 3.1 ms 9f0c…`` (method, path, status,
duration, request id) for each request; ``trestle.error`` writes errors with their
tracebacks. ``LOGGING`` replaces the default with any ``logging.config.dictConfig`` dict.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from trestle.http.request import Request
from trestle.http.response import Response

#: The logging configuration used when the LOGGING setting is empty: Trestle's loggers
#: write to standard error; the root logger is left as it is.
DEFAULT_LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "trestle": {
            "format": "%(asctime)s %(levelname)-7s %(name)s: %(message)s",
            "datefmt": "%Y-%m-%d %H:%M:%S",
        },
    },
    "handlers": {
        "console": {"class": "trestle.logs.ConsoleHandler", "formatter": "trestle"},
    },
    "loggers": {
        "trestle": {"handlers": ["console"], "level": "INFO"},
    },
}

request_logger = logging.getLogger("trestle.request")


class ConsoleHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a record comes, not when it was made.

    So a test runner, or a server that redirects output, always gets the lines.
    """

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass  # StreamHandler sets it; the property reads the current stderr instead


def configure_logging(config: dict[str, Any] | None) -> None:
    """Apply ``config`` (the LOGGING setting) with dictConfig; the default if it is empty."""
    import logging.config

    logging.config.dictConfig(config or DEFAULT_LOGGING)


class RequestLogMiddleware:
    """Writes one line per request to ``trestle.request``, once the response is sent.

    4xx answers are logged as warnings and 5xx as errors; the others at INFO. The record
    also carries ``method``, ``path``, ``status``, ``duration_ms`` and ``request_id``
    attributes, for formatters that write JSON. Put it first in MIDDLEWARE, so it times
    everything and sees the final status.
    """

    def __init__(self, logger: logging.Logger | None = None) -> None:
        self.logger = logger or request_logger

    def before_request(self, request: Request) -> None:
        # PERF: nothing is timed when no line would be written (not even for errors).
        if self.logger.isEnabledFor(logging.ERROR):
            request.attach("_log_started", time.perf_counter())

    def after_request(self, request: Request, response: Response) -> None:
        if request.is_attached("_log_started"):
            request.attach("_log_status", response.status_code)

    def teardown(self, request: Request, error: BaseException | None) -> None:
        if not request.is_attached("_log_started"):
            return
        duration_ms = (time.perf_counter() - request.attached("_log_started")) * 1000
        status = request.attached("_log_status") if request.is_attached("_log_status") else 500
        level = (
            logging.ERROR if status >= 500 else logging.WARNING if status >= 400 else logging.INFO
        )
        request_id = request.id
        self.logger.log(
            level,
            "%s %s %d %.1f ms %s",
            request.method,
            request.path,
            status,
            duration_ms,
            request_id,
            extra={
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": round(duration_ms, 3),
                "request_id": request_id,
            },
        )
