"""``Auth``: the authentication of one App, built once from its settings.

::

    from trestle.auth import Auth
    auth = Auth.install(app)        # what the trestle.auth app does for a project

Installing resolves the user model (``AUTH_USER_MODEL``), makes the password hasher, the
validators, the reset tokens and the login throttle, adds the middleware that gives each
request a lazy ``request.user``, puts ``user`` and ``perms`` in every template, and mounts
the login, logout, password and two-factor pages under ``AUTH_URL_PREFIX``. Everything
that reads a setting does so here, once; the request path only uses what was built.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trestle.auth.hashers import PasswordHasher
from trestle.auth.throttling import LoginThrottle, ThrottlePolicy, ThrottleStore
from trestle.auth.tokens import PasswordResetTokens
from trestle.auth.validators import PasswordValidator, load_validators, validate_password
from trestle.conf.settings import SettingsError

if TYPE_CHECKING:
    from trestle.app import App
    from trestle.conf.settings import Settings

__all__ = ["Auth", "get_user_model"]


class Auth:
    """The authentication services of one App (``app.extensions["auth"]``)."""

    def __init__(self, app: App) -> None:
        if "auth" in app.extensions:
            raise RuntimeError(
                "this app already has authentication (app.extensions['auth']); use "
                "Auth.install(app) to get it"
            )
        settings = app.settings
        if not settings.SECRET_KEY:
            raise SettingsError(
                "trestle.auth needs SECRET_KEY (it signs password-reset links and binds "
                "sessions to passwords): set it in the settings or the environment"
            )
        self.app = app
        #: The user model class (``AUTH_USER_MODEL``).
        self.user_model: type[Any] = resolve_user_model(settings.AUTH_USER_MODEL)
        self._pk_type: type = _primary_key_type(self.user_model)
        self.hasher = PasswordHasher.from_settings(settings)
        self.validators: list[PasswordValidator] = load_validators(
            settings.AUTH_PASSWORD_VALIDATORS
        )
        self.reset_tokens = PasswordResetTokens(
            settings.SECRET_KEY,
            max_age=settings.PASSWORD_RESET_TIMEOUT,
            fallback_keys=settings.SECRET_KEY_FALLBACKS,
        )
        self._session_keys = _session_hash_keys(settings)
        self.login_url: str = settings.LOGIN_URL
        self.login_redirect_url: str = settings.LOGIN_REDIRECT_URL
        self.logout_redirect_url: str = settings.LOGOUT_REDIRECT_URL
        self.url_prefix: str = settings.AUTH_URL_PREFIX
        self.two_factor_issuer: str = settings.TWO_FACTOR_ISSUER
        self.two_factor_window: int = settings.TWO_FACTOR_WINDOW
        self.two_factor_timeout: int = settings.TWO_FACTOR_LOGIN_TIMEOUT
        self.recovery_code_count: int = settings.TWO_FACTOR_RECOVERY_CODES
        self.password_reset_timeout: int = settings.PASSWORD_RESET_TIMEOUT
        from trestle.db import Database

        Database.install(app)
        self.throttle = LoginThrottle(
            make_throttle_store(app),
            account_policy=ThrottlePolicy(
                limit=settings.LOGIN_THROTTLE_ACCOUNT_LIMIT,
                lockout=settings.LOGIN_THROTTLE_LOCKOUT,
                max_lockout=settings.LOGIN_THROTTLE_MAX_LOCKOUT,
                window=settings.LOGIN_THROTTLE_WINDOW,
            ),
            address_policy=ThrottlePolicy(
                limit=settings.LOGIN_THROTTLE_ADDRESS_LIMIT,
                lockout=settings.LOGIN_THROTTLE_LOCKOUT,
                max_lockout=settings.LOGIN_THROTTLE_MAX_LOCKOUT,
                window=settings.LOGIN_THROTTLE_WINDOW,
            ),
        )
        #: Called as ``hook(request, user)`` after each login (:meth:`on_login`).
        self.login_hooks: list[Callable[[Any, Any], None]] = []
        app.extensions["auth"] = self
        self._wire(app)

    @classmethod
    def install(cls, app: App) -> Auth:
        """The app's Auth: the one installed already, or a new one made from its settings."""
        existing = app.extensions.get("auth")
        if existing is not None:
            if not isinstance(existing, Auth):
                raise TypeError(f"app.extensions['auth'] is {existing!r}, not an Auth")
            return existing
        return cls(app)

    @staticmethod
    def of(app: Any) -> Auth:
        """The Auth installed on ``app`` (a clear error when there is none)."""
        auth = app.extensions.get("auth") if app is not None else None
        if auth is None:
            raise RuntimeError(
                "authentication is not installed on this app: add 'trestle.auth' to "
                "INSTALLED_APPS, or call trestle.auth.Auth.install(app)"
            )
        return auth  # type: ignore[no-any-return]

    def on_login(self, hook: Callable[[Any, Any], None]) -> Callable[[Any, Any], None]:
        """Call ``hook(request, user)`` after every login (a cart merged into the account...).

        Hooks run in order once the session is the new user's, inside the request; an
        exception in a hook fails that login's request. Usable as a decorator.
        """
        self.login_hooks.append(hook)
        return hook

    def _wire(self, app: App) -> None:
        from trestle.auth.middleware import AuthMiddleware
        from trestle.templating import Templates

        if "sessions" not in app.extensions:
            raise SettingsError(
                "trestle.auth keeps logins in the session: put 'trestle.sessions' before "
                "'trestle.auth' in INSTALLED_APPS (or call trestle.sessions.install(app) "
                "before Auth.install(app))"
            )
        app.add_middleware(AuthMiddleware(self))
        # The auth pages need templates: the app's own, or made now from the settings.
        self.install_templates(Templates.for_project(app))
        if self.url_prefix:
            from trestle.auth.urls import urlpatterns

            app.include(urlpatterns, prefix=self.url_prefix, namespace="auth")

    def install_templates(self, templates: Any) -> None:
        """Put ``user`` and ``perms`` in every template's context; find the auth pages."""
        from trestle.auth.context import auth_context

        templates.add_context_processor(auth_context)
        add_template_folder(templates, TEMPLATES)

    # -- passwords ----------------------------------------------------------------------

    def validate_password(self, password: str, user: Any = None) -> None:
        """Run AUTH_PASSWORD_VALIDATORS; a PasswordValidationError lists every problem."""
        validate_password(password, self.validators, user)

    def set_password(self, user: Any, password: str) -> None:
        """Store an argon2id hash of ``password`` on ``user`` (the caller commits)."""
        user.password = self.hasher.hash(password)

    # -- the database ---------------------------------------------------------------------

    @property
    def database(self) -> Any:
        """The app's :class:`trestle.db.Database`."""
        return self.app.extensions["db"]

    def user_pk(self, value: object) -> Any:
        """A user's primary key read back from a session; None when it cannot be one."""
        if isinstance(value, bool) or value is None:
            return None
        try:
            return self._pk_type(value)
        except (TypeError, ValueError):
            return None

    # -- binding sessions to passwords ----------------------------------------------------

    def session_hash(self, user: Any) -> str:
        """An HMAC of the user's password hash, kept in the session at login.

        When the password changes (a reset, or a change on another device), the sessions
        made with the old one stop matching and end.
        """
        return _hmac(self._session_keys[0], user.password or "")

    def session_hash_matches(self, user: Any, value: object) -> bool:
        """Whether ``value`` (from a session) is :meth:`session_hash` of ``user``."""
        if not isinstance(value, str):
            return False
        password = user.password or ""
        return any(hmac.compare_digest(value, _hmac(key, password)) for key in self._session_keys)

    def __repr__(self) -> str:
        return f"<Auth user_model={self.user_model.__qualname__}>"


#: The auth pages' templates (``auth/login.html``...): a project's own ``auth/`` ones win.
TEMPLATES = Path(__file__).resolve().parent / "templates"


def add_template_folder(templates: Any, folder: Path) -> None:
    """Search ``folder`` after the project's and apps' templates, before Trestle's own.

    In a project the app registry already lists it (trestle.auth is an installed app); a
    one-file app has no registry, so it is added here.
    """
    templates.add_folder(folder)


def _hmac(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def _session_hash_keys(settings: Settings) -> tuple[bytes, ...]:
    keys = (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)
    return tuple(
        hmac.new(key.encode(), b"trestle.auth.session-hash", hashlib.sha256).digest()
        for key in keys
        if key
    )


def resolve_user_model(name: object) -> type[Any]:
    """The model ``AUTH_USER_MODEL`` names (``"auth.User"``, ``"accounts.Member"``)."""
    if not isinstance(name, str) or name.count(".") != 1:
        raise SettingsError(
            f"AUTH_USER_MODEL must be 'app_label.ModelName' (like 'auth.User'), got {name!r}"
        )
    label, class_name = name.split(".")
    if (label, class_name) == ("auth", "User"):
        from trestle.auth.models import User

        return User
    import trestle.auth.models  # noqa: F401 - the base classes a custom model derives from
    from trestle.db.model import Model

    for mapper in Model.registry.mappers:
        model = mapper.class_
        if model.__name__ == class_name and getattr(model, "__app_label__", "") == label:
            from trestle.auth.models import AbstractBaseUser

            if not issubclass(model, AbstractBaseUser):
                raise SettingsError(
                    f"AUTH_USER_MODEL: {name} must derive from trestle.auth.models."
                    "AbstractUser (or AbstractBaseUser)"
                )
            return model
    raise SettingsError(
        f"AUTH_USER_MODEL names {name!r}, but no model {class_name} of the app {label!r} "
        "is loaded: is the app in INSTALLED_APPS, and the model in its models.py?"
    )


def _primary_key_type(model: type[Any]) -> type:
    from sqlalchemy import inspect

    columns = inspect(model).primary_key
    if len(columns) != 1:
        raise SettingsError(f"the user model {model.__qualname__} needs a single-column key")
    try:
        python_type: type = columns[0].type.python_type
    except NotImplementedError:
        return str
    return python_type


def get_user_model(app: Any) -> type[Any]:
    """The user model of ``app`` (or of ``request.app``)."""
    target = getattr(app, "app", None) if not hasattr(app, "extensions") else app
    return Auth.of(target).user_model


def make_throttle_store(app: App) -> ThrottleStore:
    """The store ``LOGIN_THROTTLE_STORE`` names: database, redis, memory or a class path."""
    settings = app.settings
    kind = settings.LOGIN_THROTTLE_STORE
    if kind == "database":
        from trestle.auth.throttle_db import DatabaseThrottleStore
        from trestle.db.urls import is_memory_sqlite

        name = settings.LOGIN_THROTTLE_DATABASE
        if is_memory_sqlite(app.extensions["db"].config(name).url):
            # One connection shared by the whole process: the throttle's own transactions
            # would collide with the request's. Such a database never outlives the process,
            # so counters in memory are just as durable.
            from trestle.auth.throttling import MemoryThrottleStore

            return MemoryThrottleStore()
        return DatabaseThrottleStore(app, name)
    if kind == "redis":
        url = settings.LOGIN_THROTTLE_REDIS_URL or settings.get("SESSION_REDIS_URL", "")
        if not url:
            raise SettingsError(
                "LOGIN_THROTTLE_STORE is 'redis': set LOGIN_THROTTLE_REDIS_URL "
                "(redis://host:6379/0)"
            )
        from trestle.auth.throttling import RedisThrottleStore

        return RedisThrottleStore.from_url(url, prefix=settings.LOGIN_THROTTLE_REDIS_PREFIX)
    if kind == "memory":
        from trestle.auth.throttling import MemoryThrottleStore

        return MemoryThrottleStore()
    if isinstance(kind, str) and ":" in kind:
        import importlib

        module_name, _, attribute = kind.partition(":")
        try:
            store_class = getattr(importlib.import_module(module_name), attribute)
        except (ImportError, AttributeError) as error:
            raise SettingsError(f"LOGIN_THROTTLE_STORE {kind!r}: {error}") from None
        return store_class(app)  # type: ignore[no-any-return]
    raise SettingsError(
        f"LOGIN_THROTTLE_STORE must be 'database', 'redis', 'memory' or "
        f"'package.module:StoreClass', got {kind!r}"
    )
