"""What every session store does: load, save and delete one session's record.

A store keeps :class:`SessionRecord` objects: the session's data with the times the
session was created and last active. The :class:`~trestle.sessions.session.Session` decides
expiry from those times, the same way for every store; a store only keeps records and,
for server-side stores, lets them expire on its own clock.

Errors::

    SessionStoreUnavailable   503: the store (Redis, the database) did not answer
    SessionTooLarge           the session does not fit in a cookie (a programming error)
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar

from trestle.http.exceptions import ServiceUnavailable


class SessionStoreUnavailable(ServiceUnavailable):
    """503: the session store did not answer; the request cannot go on without its session."""

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(
            detail
            or "Sessions are unavailable right now: the session store does not answer. "
            "Try again in a moment.",
            {"Retry-After": "5"},
        )


class SessionTooLarge(RuntimeError):
    """A session that does not fit in a cookie; store less in it, or use a server-side store."""


class SessionRecord:
    """One session as a store keeps it: the data and its times (seconds since the epoch)."""

    __slots__ = ("active", "created", "data")

    def __init__(self, data: dict[str, Any], created: int, active: int) -> None:
        self.data = data
        self.created = created
        self.active = active

    def to_json(self) -> dict[str, Any]:
        """The record as the JSON object stores write."""
        return {"d": self.data, "c": self.created, "a": self.active}

    @classmethod
    def from_json(cls, value: Any) -> SessionRecord | None:
        """The record a store read back; None when it is not one (an old or foreign format)."""
        if not isinstance(value, dict):
            return None
        data, created, active = value.get("d"), value.get("c"), value.get("a")
        if not isinstance(data, dict) or type(created) is not int or type(active) is not int:
            return None
        return cls(data, created, active)


class SessionStore(ABC):
    """Where sessions live between requests; one instance per app, shared by its threads."""

    #: True when load and save wait on the network (Redis, a database). The middleware then
    #: keeps that work off the event loop under ASGI (see docs/sessions.md).
    does_io: ClassVar[bool] = True

    @abstractmethod
    def load(self, cookie_value: str) -> SessionRecord | None:
        """The record the cookie points to (or holds); None when there is none or it is forged."""

    @abstractmethod
    def save(self, record: SessionRecord, cookie_value: str | None, lifetime: int) -> str:
        """Write ``record``; return the cookie value that finds it again.

        ``cookie_value`` is the session's current cookie (None for a new session or a new
        key). ``lifetime`` is how many seconds the record may be kept unused.
        """

    @abstractmethod
    def delete(self, cookie_value: str) -> None:
        """Forget the session the cookie points to (nothing for a cookie store)."""

    def clear_expired(self) -> int:
        """Delete the expired sessions that do not go away on their own; how many."""
        return 0

    def close(self) -> None:  # noqa: B027 - most stores hold nothing to release
        """Release connections (at shutdown)."""
