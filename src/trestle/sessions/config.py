"""The sessions' settings, read and checked once per app: the store, the cookie, the timeouts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trestle.conf.settings import SettingsError

if TYPE_CHECKING:
    from trestle.app import App
    from trestle.conf.settings import Settings
    from trestle.http.response import Response
    from trestle.sessions.store import SessionRecord, SessionStore

#: Engine names and the module:class of their stores.
ENGINES = {
    "cookie": "trestle.sessions.cookie_store:CookieStore",
    "redis": "trestle.sessions.redis_store:RedisStore",
    "database": "trestle.sessions.database_store:DatabaseStore",
}
_SAMESITE = ("Lax", "Strict", "None")
#: The longest a session's activity time may lag behind, in seconds (see needs_refresh).
MAX_REFRESH_LAG = 300


class SessionConfig:
    """Everything the session middleware needs, decided once from the settings."""

    def __init__(
        self, settings: Settings, store: SessionStore | None = None, app: App | None = None
    ) -> None:
        self.cookie_name: str = settings.SESSION_COOKIE_NAME
        self.cookie_age: int = settings.SESSION_COOKIE_AGE
        self.idle_timeout: int = settings.SESSION_IDLE_TIMEOUT
        self.absolute_timeout: int = settings.SESSION_ABSOLUTE_TIMEOUT
        if not self.idle_timeout and not self.absolute_timeout:
            raise SettingsError(
                "SESSION_IDLE_TIMEOUT and SESSION_ABSOLUTE_TIMEOUT are both 0: a session "
                "must end some time; set at least one of them (in seconds)"
            )
        # Write the activity time again once it lags by a tenth of the idle timeout (at most
        # MAX_REFRESH_LAG): a session read on every request is not written on every request.
        self.refresh_lag = max(1, min(self.idle_timeout // 10, MAX_REFRESH_LAG))
        samesite: str | None = settings.SESSION_COOKIE_SAMESITE or None
        if samesite is not None and samesite not in _SAMESITE:
            raise SettingsError(
                f"SESSION_COOKIE_SAMESITE must be 'Lax', 'Strict', 'None' or '', not {samesite!r}"
            )
        secure: bool = settings.SESSION_COOKIE_SECURE
        self._cookie_options: dict[str, Any] = {
            "max_age": self.cookie_age or None,
            "path": settings.SESSION_COOKIE_PATH or "/",
            "domain": settings.SESSION_COOKIE_DOMAIN or None,
            # False means "Secure whenever the request came over HTTPS", never "not Secure".
            "secure": True if secure else None,
            "httponly": bool(settings.SESSION_COOKIE_HTTPONLY),
            "samesite": samesite,
        }
        from trestle.http.cookies import render_set_cookie

        try:
            # Checked now, where a bad name, path or domain is a settings error.
            probe = render_set_cookie(
                self.cookie_name, "x", **{**self._cookie_options, "secure": True}
            )
        except ValueError as error:
            raise SettingsError(f"SESSION_COOKIE_*: {error}") from None
        self.store: SessionStore = store or make_store(settings, self.cookie_name, len(probe), app)

    # -- expiry ----------------------------------------------------------------------------

    def has_expired(self, record: SessionRecord, now: int) -> bool:
        """True when the session was idle too long or has lived too long."""
        if self.idle_timeout and now - record.active > self.idle_timeout:
            return True
        return bool(self.absolute_timeout and now - record.created > self.absolute_timeout)

    def needs_refresh(self, record: SessionRecord, now: int) -> bool:
        """True when the activity time should be written again (only with an idle timeout)."""
        return bool(self.idle_timeout) and now - record.active >= self.refresh_lag

    def lifetime(self, record: SessionRecord, now: int) -> int:
        """How long a store may keep ``record`` from now: the nearer of the two timeouts."""
        limits = []
        if self.idle_timeout:
            limits.append(self.idle_timeout)
        if self.absolute_timeout:
            limits.append(record.created + self.absolute_timeout - now)
        return max(1, min(limits))

    # -- the cookie ------------------------------------------------------------------------

    def set_cookie(self, response: Response, value: str) -> None:
        """Set the session cookie on ``response``."""
        response.set_cookie(self.cookie_name, value, **self._cookie_options)

    def delete_cookie(self, response: Response) -> None:
        """Tell the browser to drop the session cookie."""
        options = self._cookie_options
        response.delete_cookie(
            self.cookie_name,
            path=options["path"],
            domain=options["domain"],
            secure=options["secure"],
            httponly=options["httponly"],
            samesite=options["samesite"],
        )


def make_store(
    settings: Settings, cookie_name: str, cookie_size: int, app: App | None = None
) -> SessionStore:
    """The store ``SESSION_ENGINE`` names: an engine name, or ``"package.module:Class"``.

    The database store uses ``app``'s database when there is one (its engines and pools).
    """
    engine: str = settings.SESSION_ENGINE
    target = ENGINES.get(engine, engine)
    if engine == "cookie":
        from trestle.sessions.cookie_store import CookieStore

        try:
            return CookieStore(
                settings.SECRET_KEY,
                settings.SECRET_KEY_FALLBACKS,
                cookie_name=cookie_name,
                attributes_size=cookie_size - len(cookie_name) - 2,
            )
        except ValueError as error:
            raise SettingsError(f"SESSION_ENGINE 'cookie': {error}") from None
    if engine == "database":
        from trestle.sessions.database_store import DatabaseStore

        return DatabaseStore.from_settings(settings, app)
    module_name, _, class_name = target.partition(":")
    if not class_name:
        raise SettingsError(
            f"SESSION_ENGINE {engine!r} is neither one of {', '.join(ENGINES)} nor a "
            "'package.module:StoreClass' path"
        )
    import importlib

    try:
        store_class = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError) as error:
        raise SettingsError(f"SESSION_ENGINE {engine!r} cannot be loaded: {error}") from None
    store: SessionStore = store_class.from_settings(settings)
    return store
