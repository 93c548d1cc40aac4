"""Logging in and out: ``authenticate``, ``login``, ``logout``, and who ``request.user`` is.

::

    user = authenticate(request, username, password)   # None, or raises LoginThrottled
    if user is not None:
        login(request, user)          # new session key, new CSRF token, last_login saved

The session keeps the user's key and an HMAC of their password hash: change the password
and every other session of that user ends. ``login`` commits ``request.db`` (it saves
``last_login``), so commit or roll back your own work before calling it.

In ``async def`` views, await the twins (``aauthenticate``, ``alogin``, ``alogout``,
``auser``): password hashing is slow on purpose, and they run it in the thread pool.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from trestle.auth.models import AnonymousUser, utcnow
from trestle.auth.service import Auth
from trestle.auth.throttling import describe_wait
from trestle.concurrency import run_in_threadpool
from trestle.http.exceptions import HTTPException

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from trestle.http.request import Request

__all__ = [
    "SESSION_HASH_KEY",
    "SESSION_USER_KEY",
    "LoginThrottled",
    "aauthenticate",
    "alogin",
    "alogout",
    "auser",
    "authenticate",
    "client_address",
    "find_user",
    "get_user",
    "login",
    "logout",
    "update_session_auth_hash",
]

#: Where the session keeps the logged-in user's primary key (as text).
SESSION_USER_KEY = "_auth_user_id"
#: Where the session keeps the HMAC of the user's password hash.
SESSION_HASH_KEY = "_auth_user_hash"

#: Usernames longer than this are not looked up at all (no column holds them).
_MAX_USERNAME = 1024


class LoginThrottled(HTTPException):
    """429: too many failed logins for this account or address; ``wait_seconds`` says how long."""

    def __init__(self, wait_seconds: float) -> None:
        self.wait_seconds = wait_seconds
        self.wait_text = describe_wait(wait_seconds)
        super().__init__(
            429,
            f"Too many failed login attempts. Try again in {self.wait_text}.",
            {"Retry-After": str(max(1, math.ceil(wait_seconds)))},
        )


def client_address(request: Request) -> str | None:
    """The client's IP address, as the throttle counts it (proxies: see TRUSTED_PROXIES)."""
    client = request.client
    return client[0] if client else None


def request_sync_db(request: Request) -> Session | None:
    """``request.db`` when it is a sync Session (a ``def`` view's); None otherwise."""
    endpoint = request.endpoint
    if endpoint is None or endpoint.is_async or not request.is_attached("db"):
        # An async view's request.db is an AsyncSession: opening it needs the event loop,
        # and these helpers may run in the thread pool.
        return None
    return request.db  # type: ignore[no-any-return]


@contextmanager
def sync_session(request: Request) -> Iterator[Session]:
    """A sync database session: ``request.db`` in a ``def`` view, else a short-lived one."""
    db = request_sync_db(request)
    if db is not None:
        yield db
        return
    owned: Session = Auth.of(request.app).database.session()
    try:
        yield owned
    finally:
        owned.close()


def find_user(session: Session, model: type[Any], username: object) -> Any:
    """The user whose login name is ``username``, or None (whatever ``username`` holds)."""
    if not isinstance(username, str) or not username or len(username) > _MAX_USERNAME:
        return None
    if "\x00" in username or not _encodable(username):
        # PostgreSQL refuses NUL in text, and lone surrogates cannot be sent at all: no
        # user can have such a name, so do not ask the database.
        return None
    column = getattr(model, model.USERNAME_FIELD)
    return session.execute(select(model).where(column == username)).scalar_one_or_none()


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def authenticate(request: Request, username: object, password: object) -> Any:
    """The active user with this username and password, or None.

    Raises :class:`LoginThrottled` (a 429) while the account or the client's address is
    locked after too many failures. An unknown username costs as much time as a wrong
    password, so the answer's timing does not tell whether an account exists. A password
    hashed with older parameters is rehashed with the current ones.
    """
    auth = Auth.of(request.app)
    name = username if isinstance(username, str) else ""
    address = client_address(request)
    wait = auth.throttle.wait_seconds(name, address)
    if wait > 0:
        raise LoginThrottled(wait)
    secret = password if isinstance(password, str) else ""
    with sync_session(request) as session:
        user = find_user(session, auth.user_model, username)
        if user is None:
            auth.hasher.dummy_verify(secret)
            matches = False
        else:
            matches, new_hash = auth.hasher.verify_and_update(user.password, secret)
            if matches and new_hash is not None:
                model = type(user)
                session.execute(
                    update(model).where(_pk(model) == user.pk).values(password=new_hash)
                )
                session.commit()
                _set_loaded(user, "password", new_hash)
        if not matches or not user.is_active or not isinstance(password, str):
            auth.throttle.failed(name, address)
            return None
        return user


def _pk(model: type[Any]) -> Any:
    from trestle.auth.models import primary_key_attribute

    return getattr(model, primary_key_attribute(model))


def _set_loaded(user: Any, attribute: str, value: Any) -> None:
    """Set an attribute to what the database now holds, without marking the object dirty."""
    from sqlalchemy.orm.attributes import set_committed_value

    set_committed_value(user, attribute, value)


def _rotate_csrf_token(request: Request) -> None:
    if request.is_attached("csrf"):  # the app checks CSRF (trestle.security)
        from trestle.security import rotate_csrf_token

        rotate_csrf_token(request)


def login(request: Request, user: Any) -> None:
    """Log ``user`` in: a new session key (no fixation), a new CSRF token, ``last_login``."""
    auth = Auth.of(request.app)
    session = request.session
    if session.get(SESSION_USER_KEY) not in (None, str(user.pk)):
        session.flush()  # another user's data must not carry over
    else:
        session.cycle_key()
    for key in [key for key in session if key.startswith("_auth_")]:
        del session[key]
    session[SESSION_USER_KEY] = str(user.pk)
    session[SESSION_HASH_KEY] = auth.session_hash(user)
    _rotate_csrf_token(request)
    now = utcnow()
    with sync_session(request) as db:
        model = type(user)
        db.execute(update(model).where(_pk(model) == user.pk).values(last_login=now))
        db.commit()
    _set_loaded(user, "last_login", now)
    auth.throttle.succeeded(user.get_username())
    request.user = user
    for hook in auth.login_hooks:
        hook(request, user)


def logout(request: Request) -> None:
    """Log out: the session's data and key are thrown away."""
    request.session.flush()
    _rotate_csrf_token(request)
    request.user = AnonymousUser()


def update_session_auth_hash(request: Request, user: Any) -> None:
    """Keep this session logged in after ``user`` changed their password (others end)."""
    session = request.session
    session.cycle_key()
    session[SESSION_HASH_KEY] = Auth.of(request.app).session_hash(user)


def load_user(request: Request, session: Session) -> Any:
    """The user the request's session names, or an AnonymousUser (no other checks)."""
    auth = Auth.of(request.app)
    data = request.session
    pk = auth.user_pk(data.get(SESSION_USER_KEY))
    if pk is None:
        return AnonymousUser()
    user = session.get(auth.user_model, pk)
    if (
        user is None
        or not user.is_active
        or not auth.session_hash_matches(user, data.get(SESSION_HASH_KEY))
    ):
        # Deleted, deactivated, or the password changed since this session logged in.
        data.flush()
        return AnonymousUser()
    return user


def get_user(request: Request) -> Any:
    """Who ``request.user`` is: the logged-in user, or an AnonymousUser."""
    return request.user


async def auser(request: Request) -> Any:
    """``request.user`` for ``async def`` views: loaded in the thread pool."""
    return await run_in_threadpool(get_user, request)


async def aauthenticate(request: Request, username: object, password: object) -> Any:
    """:func:`authenticate` for ``async def`` views (hashing runs in the thread pool)."""
    return await run_in_threadpool(authenticate, request, username, password)


async def alogin(request: Request, user: Any) -> None:
    """:func:`login` for ``async def`` views."""
    await run_in_threadpool(login, request, user)


async def alogout(request: Request) -> None:
    """:func:`logout` for ``async def`` views."""
    logout(request)
