"""What goes wrong with a database, and the HTTP answers it gets.

::

    sqlalchemy.exc.OperationalError
     └── DatabaseUnavailable      the server cannot be reached, or dropped the connection
                                  -> 503 with Retry-After, one log line
    sqlalchemy.exc.IntegrityError -> 409 naming the constraint
    RepeatedQueryError            one request ran the same query shape too often (N+1)
    RepeatedQueryWarning          the same, as a warning

``DatabaseUnavailable`` is made by the engine's ``handle_error`` event (see
:mod:`trestle.db.engines`) from the driver's own error, so code that catches SQLAlchemy's
``OperationalError`` still catches it.
"""

from __future__ import annotations

import logging
import re

from sqlalchemy.exc import IntegrityError, OperationalError

from trestle.errors.pages import error_response
from trestle.http.request import Request
from trestle.http.response import Response

log = logging.getLogger("trestle.db")

#: Seconds a client is asked to wait before retrying after a 503.
RETRY_AFTER = "5"


class DatabaseUnavailable(OperationalError):
    """The database cannot be reached (down, refused, timed out) or dropped the connection."""

    #: The name of the database in settings (``"default"``).
    database: str = "default"


class RepeatedQueryWarning(UserWarning):
    """One request ran the same query shape many times: an N+1 query, most likely."""


class RepeatedQueryError(RuntimeError):
    """One request ran the same query shape too often, and settings make that an error."""


def unavailable_handler(request: Request, error: DatabaseUnavailable) -> Response:
    """503 with Retry-After; one log line, no traceback (the cause is outside the app)."""
    reason = _first_line(error.orig) if error.orig is not None else str(error)
    log.error(
        "Database %r is unavailable (%s): %s %s answered 503",
        error.database,
        reason,
        request.method,
        request.path,
    )
    return error_response(
        request,
        503,
        "The database is unavailable; please retry shortly.",
        headers={"Retry-After": RETRY_AFTER},
    )


def integrity_handler(request: Request, error: IntegrityError) -> Response:
    """409 naming the constraint the write broke (the data stays out of the answer)."""
    constraint = constraint_name(error)
    detail = (
        f"The change conflicts with existing data (constraint {constraint})."
        if constraint
        else "The change conflicts with existing data."
    )
    log.info("%s %s: integrity error: %s", request.method, request.path, _first_line(error.orig))
    return error_response(request, 409, detail)


# SQLite:  UNIQUE constraint failed: blog_post.slug / FOREIGN KEY constraint failed
# MySQL:   Duplicate entry 'x' for key 'uq_blog_post_slug' / ... CONSTRAINT `fk_...` FOREIGN KEY
_SQLITE = re.compile(r"(UNIQUE|NOT NULL|CHECK) constraint failed: ([\w., ]+)")
_MYSQL_KEY = re.compile(r"for key '(?:[\w]+\.)?([\w]+)'")
_MYSQL_CONSTRAINT = re.compile(r"CONSTRAINT `([\w]+)`")
_MYSQL_NULL = re.compile(r"Column '([\w]+)' cannot be null")


def constraint_name(error: IntegrityError) -> str:
    """The name of the broken constraint (or what the driver tells of it), else ``""``."""
    orig = error.orig
    diag = getattr(orig, "diag", None)  # psycopg
    name = getattr(diag, "constraint_name", None) or getattr(orig, "constraint_name", None)
    if name:
        return str(name)
    column = getattr(diag, "column_name", None) or getattr(orig, "column_name", None)
    if column:
        return f"NOT NULL {column}"
    text = str(orig)
    for pattern in (_MYSQL_CONSTRAINT, _MYSQL_KEY):
        match = pattern.search(text)
        if match:
            return match.group(1)
    match = _MYSQL_NULL.search(text)
    if match:
        return f"NOT NULL {match.group(1)}"
    match = _SQLITE.search(text)
    if match:
        return f"{match.group(1)} {match.group(2).strip()}"
    if "FOREIGN KEY constraint failed" in text:
        return "FOREIGN KEY"
    return ""


def _first_line(error: object) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
