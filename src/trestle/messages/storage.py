"""Where flash messages wait for the next page: the session, or a signed cookie of their own.

A :class:`MessageStore` holds the messages one request brought in plus those it adds.
Iterating it shows them: they are then gone, except those added after the iteration, which
wait for the next request. With a session (``request.session``, from the sessions battery)
the store writes the session as it changes, so the session's own middleware saves it; without
one, :class:`~trestle.messages.middleware.MessagesMiddleware` writes a signed cookie (salt
``trestle.messages``) in ``after_request``. Stored messages are ``[[level, text], ...]``:
anything else found there (an old format, a hand-edited session) is dropped, never raised.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from trestle.messages.levels import Message

if TYPE_CHECKING:
    from trestle.http.request import Request
    from trestle.http.response import Response

#: The session key (and the cookie payload) holding ``[[level, text], ...]``.
SESSION_KEY = "_messages"
#: The salt that signs the messages cookie: a token signed for another purpose never verifies.
COOKIE_SALT = "trestle.messages"
# Browsers drop cookies over 4096 bytes (name, value and attributes together).
_MAX_COOKIE_VALUE = 3800


class MessagesError(RuntimeError):
    """Messages cannot be kept: no store was set up, or the cookie store has no SECRET_KEY."""


class MessageStore:
    """The flash messages of one request; see the module docstring."""

    __slots__ = ("_changed", "_loaded", "_pending", "_shown", "min_level")

    def __init__(self, min_level: int) -> None:
        #: Messages below this level are dropped when added.
        self.min_level = min_level
        self._loaded = False
        self._pending: list[Message] = []  # waiting to be shown
        self._shown: list[Message] = []  # shown by this request (iterated)
        self._changed = False

    # -- what subclasses provide -------------------------------------------------------------

    def _load(self) -> list[Message]:
        return []

    def _write(self) -> None:
        """Called after each change; the session store writes through here."""

    # -- the API ------------------------------------------------------------------------------

    def _ensure_loaded(self) -> None:
        if not self._loaded:
            self._loaded = True
            self._pending = self._load() + self._pending

    def add(self, level: int, text: str) -> None:
        """Queue a message (dropped when below :attr:`min_level`)."""
        if level < self.min_level:
            return
        self._ensure_loaded()
        self._pending.append(Message(level, str(text)))
        self._changed = True
        self._write()

    def __iter__(self) -> Iterator[Message]:
        """Show the messages: they will not be shown again (later additions will be)."""
        self._ensure_loaded()
        if self._pending:
            self._shown.extend(self._pending)
            self._pending = []
            self._changed = True
            self._write()
        return iter(list(self._shown))

    def __len__(self) -> int:
        self._ensure_loaded()
        return len(self._pending) + len(self._shown)

    def __bool__(self) -> bool:
        return len(self) > 0

    def peek(self) -> list[Message]:
        """The messages waiting to be shown, without showing them (for tests and logic)."""
        self._ensure_loaded()
        return list(self._pending)

    def __repr__(self) -> str:
        state = "not loaded" if not self._loaded else f"{len(self._pending)} pending"
        return f"<{type(self).__name__} {state}>"


def _decode(data: Any) -> list[Message]:
    """``[[level, text], ...]`` from storage; anything malformed is dropped, never raised."""
    if not isinstance(data, list):
        return []
    found = []
    for item in data:
        if (
            isinstance(item, list)
            and len(item) == 2
            and isinstance(item[0], int)
            and not isinstance(item[0], bool)
            and isinstance(item[1], str)
        ):
            found.append(Message(item[0], item[1]))
    return found


def _encode(messages: list[Message]) -> list[list[Any]]:
    return [[message.level, message.text] for message in messages]


class RequestMessageStore(MessageStore):
    """The messages of one request, in its session when it has one, else in a signed cookie.

    Which one is decided at first use, inside the view: by then every middleware has run
    its ``before_request``, so the order of the sessions and messages middleware does not
    matter. The session is written through as the messages change (the sessions
    middleware saves it); the cookie is written by :meth:`save`, from ``after_request``.
    """

    __slots__ = ("_config", "_incoming", "_request", "_session")

    def __init__(self, request: Request, config: MessagesConfig) -> None:
        super().__init__(config.min_level)
        self._request = request
        self._config = config
        self._session: Any = None
        self._incoming: str | None = None

    def _load(self) -> list[Message]:
        request = self._request
        if request.is_attached("session"):
            self._session = request.session
            return _decode(self._session.get(SESSION_KEY))
        self._incoming = request.cookies.get(self._config.cookie_name)
        if not self._incoming:
            return []
        from trestle.signing import BadSignature, loads

        try:
            data = loads(
                self._incoming,
                key=self._config.key(),
                salt=COOKIE_SALT,
                fallback_keys=self._config.fallback_keys,
            )
        except BadSignature:
            # Forged, or signed with a key since retired: drop it, and the cookie with it.
            self._changed = True
            return []
        return _decode(data)

    def _write(self) -> None:
        session = self._session
        if session is None:
            return
        if self._pending:
            session[SESSION_KEY] = _encode(self._pending)
        elif SESSION_KEY in session:
            del session[SESSION_KEY]

    def save(self, response: Response) -> None:
        """Set (or delete) the messages cookie when the messages changed during this request."""
        if not self._changed or self._session is not None:
            return
        name = self._config.cookie_name
        if not self._pending:
            if self._incoming is not None:
                response.delete_cookie(name)
            return
        from trestle.signing import dumps

        pending = list(self._pending)
        while True:
            value = dumps(
                _encode(pending),
                key=self._config.key(),
                salt=COOKIE_SALT,
                fallback_keys=self._config.fallback_keys,
            )
            if len(value) <= _MAX_COOKIE_VALUE or len(pending) == 1:
                break
            pending.pop(0)  # the oldest give way: a cookie too large is dropped entirely
        if len(value) > _MAX_COOKIE_VALUE:
            import logging

            logging.getLogger("trestle.messages").warning(
                "A flash message is too long for the messages cookie and was dropped"
            )
            if self._incoming is not None:
                response.delete_cookie(name)
            return
        response.set_cookie(name, value)


class MessagesConfig:
    """What the stores need from the settings, read once per app."""

    __slots__ = ("_key", "cookie_name", "fallback_keys", "min_level")

    def __init__(
        self, key: str, fallback_keys: tuple[str, ...], cookie_name: str, min_level: int
    ) -> None:
        self._key = key
        self.fallback_keys = fallback_keys
        self.cookie_name = cookie_name
        self.min_level = min_level

    @classmethod
    def of(cls, app: Any) -> MessagesConfig:
        """The app's config, checked and made once (kept in ``app.extensions``)."""
        config = app.extensions.get("messages.config")
        if config is None:
            from trestle.conf.settings import SettingsError
            from trestle.messages.levels import level_setting

            settings = app.settings
            name = settings.get("MESSAGES_COOKIE_NAME", "messages")
            if not isinstance(name, str) or not name:
                raise SettingsError(
                    "MESSAGES_COOKIE_NAME must be a non-empty cookie name",
                    setting="MESSAGES_COOKIE_NAME",
                )
            config = app.extensions["messages.config"] = cls(
                settings.SECRET_KEY,
                tuple(settings.SECRET_KEY_FALLBACKS),
                name,
                level_setting(settings.get("MESSAGES_LEVEL", "info")),
            )
        return config  # type: ignore[no-any-return]

    def key(self) -> str:
        """SECRET_KEY; a clear error when it is not set."""
        if not self._key:
            raise MessagesError(
                "flash messages are kept in a signed cookie, which needs SECRET_KEY: set it in "
                "the settings (or the SECRET_KEY environment variable), or install the "
                "sessions battery to keep them in the session"
            )
        return self._key


def attached_store(request: Request) -> MessageStore | None:
    """The request's store: the one attached, else one over its session, else None."""
    if request.is_attached("messages"):
        return request.attached("messages")  # type: ignore[no-any-return]
    if request.is_attached("session"):
        # Sessions without the messages middleware: the session alone can keep them.
        store = RequestMessageStore(request, MessagesConfig.of(request.app))
        request.attach("messages", store)
        return store
    return None


def messages_for(request: Request | None) -> MessageStore | tuple[()]:
    """What a template shows as ``messages``: the store, or nothing when there is none."""
    if request is None:
        return ()
    store = attached_store(request)
    return () if store is None else store
