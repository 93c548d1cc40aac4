"""Apps with sessions, a database and trestle.auth, and users in them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from trestle import App
from trestle.auth import Auth
from trestle.auth.models import User

#: Fast argon2 parameters: these tests check behaviour, not hashing strength.
FAST_HASHING = {
    "PASSWORD_ARGON2_TIME_COST": 1,
    "PASSWORD_ARGON2_MEMORY_COST": 64,
    "PASSWORD_ARGON2_PARALLELISM": 1,
}

PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "violet-kettle-marmalade-7"


def auth_settings(tmp_path: Path, **overrides: Any) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "SECRET_KEY": "test-secret-key-" + "x" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'auth.sqlite3'}",
        "LOGIN_THROTTLE_STORE": "memory",
        "ALLOWED_HOSTS": ["testserver"],
        "EMAIL_BACKEND": "memory",
        **FAST_HASHING,
    }
    settings.update(overrides)
    return settings


def make_auth_app(settings: dict[str, Any], *, security: bool = False) -> App:
    """An app with the database, sessions and auth (and, if asked, CSRF and hosts checks)."""
    import trestle.messages
    import trestle.security
    import trestle.sessions
    from trestle.db import Database
    from trestle.templating import Templates

    app = App(settings)
    Templates.for_project(app)
    database = Database.install(app)
    trestle.sessions.install(app)
    if security:
        trestle.security.install(app)
        trestle.messages.install(app)
    Auth.install(app)
    database.create_all()
    return app


def create_user(app: App, username: str = "ada", password: str = PASSWORD, **fields: Any) -> User:
    auth = Auth.of(app)
    fields.setdefault("email", f"{username}@example.com")
    with auth.database.session() as session:
        user = User(username=username, password=auth.hasher.hash(password), **fields)
        session.add(user)
        session.commit()
        session.refresh(user)
        session.expunge(user)
    return user


def reload_user(app: App, username: str) -> Any:
    from sqlalchemy import select

    with Auth.of(app).database.session() as session:
        user = session.execute(select(User).where(User.username == username)).scalar_one()
        session.expunge(user)
        return user


_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(page: Any) -> str:
    """The CSRF token of the (first) form on a page."""
    match = _TOKEN.search(page.text)
    assert match, f"no CSRF field on the page:\n{page.text[:2000]}"
    return match.group(1)


def submit(client: Any, url: str, data: dict[str, str], *, page: str | None = None) -> Any:
    """Post a form the way a browser does: get its page first, send the CSRF token back."""
    form_page = client.get(page or url)
    return client.post(url, data={"csrf_token": csrf_token(form_page), **data})


@pytest.fixture
def auth_app(tmp_path: Path) -> Iterator[Callable[..., App]]:
    """``auth_app(security=False, **settings)``: a fresh app (SQLite in tmp_path) with auth."""
    made: list[App] = []

    def make(*, security: bool = False, **overrides: Any) -> App:
        app = make_auth_app(auth_settings(tmp_path, **overrides), security=security)
        made.append(app)
        return app

    yield make
    for app in made:
        app.extensions["db"].dispose()


class Clock:
    """A clock the tests move forward by hand."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now
