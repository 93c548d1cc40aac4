"""Error handlers: user functions per exception class or per status, found along the MRO."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from trestle.http.exceptions import HTTPException
from trestle.views import is_async_callable

ErrorHandler = Callable[[Any, Any], Any]


class ErrorHandlers:
    """The registered handlers; ``find`` caches the answer per exception class."""

    def __init__(self) -> None:
        self.by_status: dict[int, tuple[ErrorHandler, bool]] = {}
        self.by_class: dict[type[BaseException], tuple[ErrorHandler, bool]] = {}
        self._cache: dict[tuple[type[BaseException], int], tuple[ErrorHandler, bool] | None] = {}

    def add(self, key: int | type[BaseException], handler: ErrorHandler) -> None:
        """Handle exceptions of class ``key``, or every error whose status is ``key``."""
        entry = (handler, is_async_callable(handler))
        if isinstance(key, int) and not isinstance(key, bool):
            if not 400 <= key <= 599:
                raise ValueError(f"error handlers take a 4xx or 5xx status, not {key}")
            self.by_status[key] = entry
        elif isinstance(key, type) and issubclass(key, Exception):
            self.by_class[key] = entry
        else:
            raise TypeError(
                f"errorhandler() takes a status code or an Exception class, not {key!r}"
            )
        self._cache.clear()

    @property
    def any_async(self) -> bool:
        """True when any handler must be awaited."""
        return any(is_async for _, is_async in (*self.by_status.values(), *self.by_class.values()))

    def expected(self, error: BaseException) -> bool:
        """True when a handler names the error's own class (or a base below ``Exception``).

        Such an error is part of the app's design (``OutOfStock`` → 409); any other
        unexpected exception keeps its traceback in the log, even when a handler for 500 or
        for ``Exception`` shapes the page.
        """
        for cls in type(error).__mro__:
            if cls in (Exception, BaseException):
                return False
            if cls in self.by_class:
                return True
        return False

    def find(self, error: BaseException) -> tuple[ErrorHandler, bool] | None:
        """The most specific handler: by class first (along the MRO), then by status."""
        status = error.status_code if isinstance(error, HTTPException) else 500
        key = (type(error), status)
        try:
            return self._cache[key]
        except KeyError:
            pass
        found = None
        for cls in type(error).__mro__:
            if cls in self.by_class:
                found = self.by_class[cls]
                break
        if found is None:
            found = self.by_status.get(status)
        self._cache[key] = found
        return found
