"""``request.session``: a dict of JSON values kept between requests, loaded on first use.

Nothing is read until the session is used: a view that never touches ``request.session``
costs no cookie parsing and no store round trip. Values must be JSON (str, int, float,
bool, None, lists and dicts with str keys): they are checked when set, so a mistake shows
up on the line that made it, and a session never holds pickles.

Expiry is decided here, the same way for every store: a session idle for longer than
``SESSION_IDLE_TIMEOUT`` or older than ``SESSION_ABSOLUTE_TIMEOUT`` is dropped and the
request gets a fresh, empty one.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

from trestle.sessions.store import SessionRecord

if TYPE_CHECKING:
    from trestle.http.request import Request
    from trestle.http.response import Response
    from trestle.sessions.config import SessionConfig

_MISSING: Any = object()


def _refuse(value: Any) -> Any:
    raise TypeError(f"a {type(value).__name__} is not JSON")


def check_json(key: Any, value: Any) -> None:
    """Refuse a key that is not a str or a value that is not plain JSON, saying which."""
    if type(key) is not str:
        raise TypeError(f"session keys are str, not {type(key).__name__}: {key!r}")
    import orjson

    try:
        # Datetimes and dataclasses pass through to _refuse: they would come back as str/dict.
        orjson.dumps(
            value,
            default=_refuse,
            option=orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS,
        )
    except TypeError as error:
        raise TypeError(
            f"session[{key!r}]: only JSON values can be stored in a session "
            f"(str, int, float, bool, None, lists, dicts with str keys): {error}"
        ) from None


class Session(MutableMapping[str, Any]):
    """One request's session; see the module docstring."""

    __slots__ = (
        "_config",
        "_cookie",
        "_created",
        "_data",
        "_new_key",
        "_request",
        "_stale",
        "accessed",
        "modified",
    )

    def __init__(self, config: SessionConfig, request: Request) -> None:
        self._config = config
        self._request: Request | None = request
        self._data: dict[str, Any] | None = None
        #: The cookie this session came from (None when new).
        self._cookie: str | None = None
        self._created = 0
        #: True when the record's activity time is old enough to be written again.
        self._stale = False
        #: True when the next save must use a new key (cycle_key, flush).
        self._new_key = False
        #: True once the data was read or written in this request.
        self.accessed = False
        #: True when the data changed (set it yourself after changing a nested value).
        self.modified = False

    # -- loading ---------------------------------------------------------------------------

    @property
    def _loaded(self) -> dict[str, Any]:
        data = self._data
        if data is None:
            data = self._load()
        self.accessed = True
        return data

    def _load(self) -> dict[str, Any]:
        """Read the cookie and the store once; anything wrong gives a fresh, empty session."""
        config = self._config
        request = self._request
        self._request = None
        value = request.cookies.get(config.cookie_name) if request is not None else None
        record = config.store.load(value) if value else None
        now = int(time.time())
        if value and record is None:
            self._cookie = value  # unknown or forged: the save replaces the cookie
            self._new_key = True
        elif record is not None:
            self._cookie = value
            if config.has_expired(record, now):
                self._new_key = True
                record = None
            else:
                self._created = record.created
                self._stale = config.needs_refresh(record, now)
        if record is None:
            self._created = now
            self._data = {}
        else:
            self._data = record.data
        return self._data

    async def load(self) -> None:
        """Read the session now, off the event loop for stores that wait on the network."""
        if self._data is None:
            if self._config.store.does_io:
                from trestle.concurrency import run_in_threadpool

                await run_in_threadpool(self._load)
            else:
                self._load()

    # -- the mapping -----------------------------------------------------------------------

    def __getitem__(self, key: str) -> Any:
        return self._loaded[key]

    def __setitem__(self, key: str, value: Any) -> None:
        check_json(key, value)
        self._loaded[key] = value
        self.modified = True

    def __delitem__(self, key: str) -> None:
        del self._loaded[key]
        self.modified = True

    def __contains__(self, key: object) -> bool:
        return key in self._loaded

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._loaded))

    def __len__(self) -> int:
        return len(self._loaded)

    def get(self, key: str, default: Any = None) -> Any:
        """The value of ``key``, or ``default``."""
        return self._loaded.get(key, default)

    def pop(self, key: str, default: Any = _MISSING) -> Any:
        """Remove ``key`` and return its value (``default`` if absent; KeyError without one)."""
        data = self._loaded
        if key in data:
            self.modified = True
            return data.pop(key)
        if default is _MISSING:
            raise KeyError(key)
        return default

    def clear(self) -> None:
        """Remove every value (the session key stays; see :meth:`flush`)."""
        data = self._loaded
        if data:
            data.clear()
            self.modified = True

    def __repr__(self) -> str:
        state = "not loaded" if self._data is None else repr(self._data)
        return f"<Session {state}>"

    # -- keys and lifetime -----------------------------------------------------------------

    @property
    def is_empty(self) -> bool:
        """True when the session holds nothing."""
        return not self._loaded

    def cycle_key(self) -> None:
        """Keep the data under a new key (call it at login: the old key stops working)."""
        self._loaded  # noqa: B018 - the old record must be known to be deleted
        self._new_key = True
        self.modified = True

    def flush(self) -> None:
        """Delete the data and the key (call it at logout); the next save starts afresh."""
        data = self._loaded
        data.clear()
        self._created = int(time.time())
        self._new_key = True
        self.modified = True

    # -- saving ----------------------------------------------------------------------------

    @property
    def needs_save(self) -> bool:
        """True when the response must carry this session's cookie (or its deletion)."""
        return self._data is not None and (self.modified or self._stale or self._new_key)

    def save(self, response: Response) -> None:
        """Write the session to its store and set (or delete) its cookie on ``response``."""
        config = self._config
        data = self._data
        if data is None:
            return
        old = self._cookie
        if self._new_key and old is not None:
            config.store.delete(old)
            old = None
        if not data:
            # An empty session keeps nothing: no record, no cookie.
            if self._cookie is not None:
                config.delete_cookie(response)
            return
        for key, value in data.items():  # nested values may have changed since they were set
            check_json(key, value)
        now = int(time.time())
        record = SessionRecord(data, self._created, now)
        cookie = config.store.save(record, old, config.lifetime(record, now))
        config.set_cookie(response, cookie)
