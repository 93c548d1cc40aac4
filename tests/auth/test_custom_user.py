"""A user model of one's own (AUTH_USER_MODEL), and the settings errors around it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, mapped_column

from trestle import App, Request
from trestle.auth import Auth, authenticate, get_user_model, login
from trestle.auth.models import AbstractUser
from trestle.conf.settings import SettingsError

from .conftest import PASSWORD


class Member(AbstractUser):
    """A project's user model with a field of its own."""

    __app_label__ = "authtest_accounts"

    nickname: Mapped[str] = mapped_column(String(50), default="")


def test_custom_user_model(make_client: Callable[..., Any], auth_app: Callable[..., App]) -> None:
    app = auth_app(AUTH_USER_MODEL="authtest_accounts.Member")
    auth = Auth.of(app)
    assert auth.user_model is Member
    assert get_user_model(app) is Member
    assert Member.__tablename__ == "authtest_accounts_member"
    assert Member.groups.property.secondary.name == "authtest_accounts_member_groups"

    with auth.database.session() as session:
        session.add(
            Member(username="ada", nickname="Countess", password=auth.hasher.hash(PASSWORD))
        )
        session.commit()

    @app.post("/login")
    def do_login(request: Request) -> str:
        user = authenticate(request, request.form.get("username"), request.form.get("password"))
        if user is None:
            return "no"
        login(request, user)
        return "yes"

    @app.get("/me")
    def me(request: Request) -> str:
        assert get_user_model(request) is Member
        return getattr(request.user, "nickname", "anonymous")

    client = make_client(app)
    assert client.post("/login", data={"username": "ada", "password": "nope"}).text == "no"
    assert client.post("/login", data={"username": "ada", "password": PASSWORD}).text == "yes"
    assert client.get("/me").text == "Countess"
    with auth.database.session() as session:
        member = session.execute(select(Member)).scalar_one()
        assert member.last_login is not None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("User", "must be 'app_label.ModelName'"),
        ("a.b.c", "must be 'app_label.ModelName'"),
        ("nowhere.Person", "no model Person of the app 'nowhere' is loaded"),
        ("auth.Group", "must derive from trestle.auth.models.AbstractUser"),
    ],
)
def test_bad_user_model_setting(auth_app: Callable[..., App], value: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        auth_app(AUTH_USER_MODEL=value)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"LOGIN_THROTTLE_STORE": "carrier-pigeon"}, "LOGIN_THROTTLE_STORE must be"),
        ({"LOGIN_THROTTLE_STORE": "nowhere:Store"}, "LOGIN_THROTTLE_STORE 'nowhere:Store'"),
        ({"LOGIN_THROTTLE_STORE": "redis"}, "set LOGIN_THROTTLE_REDIS_URL"),
        ({"AUTH_PASSWORD_VALIDATORS": [{"NAME": "Nope"}]}, "unknown password validator"),
        ({"LOGIN_THROTTLE_LOCKOUT": 0}, "a throttle needs"),
    ],
)
def test_bad_settings(auth_app: Callable[..., App], settings: dict[str, Any], message: str) -> None:
    with pytest.raises((SettingsError, ValueError), match=message):
        auth_app(**settings)


def test_auth_needs_a_secret_key() -> None:
    with pytest.raises(SettingsError, match=r"trestle\.auth needs SECRET_KEY"):
        Auth.install(App({"SECRET_KEY": ""}))


def test_auth_needs_sessions(tmp_path: Any) -> None:
    app = App({"SECRET_KEY": "k" * 50, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})
    with pytest.raises(SettingsError, match=r"put 'trestle\.sessions' before 'trestle\.auth'"):
        Auth.install(app)


def test_install_twice_gives_the_same(auth_app: Callable[..., App]) -> None:
    app = auth_app()
    assert Auth.install(app) is Auth.of(app)
    with pytest.raises(RuntimeError, match="already has authentication"):
        Auth(app)
    with pytest.raises(RuntimeError, match="authentication is not installed"):
        Auth.of(App())
    assert "user_model=User" in repr(Auth.of(app))


def test_redis_throttle_store_from_settings(auth_app: Callable[..., App], redis_url: str) -> None:
    from trestle.auth.throttling import RedisThrottleStore

    app = auth_app(LOGIN_THROTTLE_STORE="redis", LOGIN_THROTTLE_REDIS_URL=redis_url)
    store = Auth.of(app).throttle.store
    assert isinstance(store, RedisThrottleStore)
    assert store.prefix == "trestle:auth:throttle:"
    store.client.close()


def test_throttle_store_class_from_settings(auth_app: Callable[..., App]) -> None:
    app = auth_app(LOGIN_THROTTLE_STORE="trestle.auth.throttle_db:DatabaseThrottleStore")
    from trestle.auth.throttle_db import DatabaseThrottleStore

    assert isinstance(Auth.of(app).throttle.store, DatabaseThrottleStore)


def test_in_memory_sqlite_keeps_throttle_counters_in_memory(auth_app: Callable[..., App]) -> None:
    """In-memory SQLite has one connection for the whole process: the counters stay in memory."""
    from trestle.auth.throttling import MemoryThrottleStore

    app = auth_app(DATABASE_URL="sqlite://", LOGIN_THROTTLE_STORE="database")
    assert isinstance(Auth.of(app).throttle.store, MemoryThrottleStore)
