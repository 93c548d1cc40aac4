"""Session settings: timeouts (idle, absolute, refresh) and clear errors for bad values."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from trestle import App, Request
from trestle.conf import Settings
from trestle.conf.settings import SettingsError
from trestle.sessions import SessionMiddleware, SessionRecord
from trestle.sessions.config import SessionConfig
from trestle.testing import TestClient

MakeClient = Callable[..., TestClient]
KEY = "config-test-key-" + "q" * 40


def make_app(**settings: Any) -> App:
    app = App({"SECRET_KEY": KEY, **settings})
    app.add_middleware(SessionMiddleware)

    @app.get("/read")
    def read(request: Request) -> dict[str, Any]:
        return dict(request.session)

    return app


def cookie_for(app: App, data: dict[str, Any], *, created_ago: int, active_ago: int) -> str:
    config = SessionConfig(app.settings)
    now = int(time.time())
    record = SessionRecord(data, now - created_ago, now - active_ago)
    return config.store.save(record, None, 60)


def test_a_session_idle_too_long_is_over(make_client: MakeClient) -> None:
    app = make_app(SESSION_IDLE_TIMEOUT=600)
    client = make_client(app)
    client.cookies.set("session", cookie_for(app, {"u": 1}, created_ago=700, active_ago=601))
    assert client.get("/read").json() == {}
    client.cookies.set("session", cookie_for(app, {"u": 1}, created_ago=700, active_ago=500))
    assert client.get("/read").json() == {"u": 1}


def test_a_session_past_its_absolute_timeout_is_over_however_active(
    make_client: MakeClient,
) -> None:
    app = make_app(SESSION_IDLE_TIMEOUT=600, SESSION_ABSOLUTE_TIMEOUT=3600)
    client = make_client(app)
    client.cookies.set("session", cookie_for(app, {"u": 1}, created_ago=3601, active_ago=0))
    response = client.get("/read")
    assert response.json() == {}
    assert "Max-Age=0" in response.headers["set-cookie"]


def test_activity_is_written_again_once_it_lags(make_client: MakeClient) -> None:
    app = make_app(SESSION_IDLE_TIMEOUT=600)  # refreshed after 60 s (a tenth)
    client = make_client(app)
    client.cookies.set("session", cookie_for(app, {"u": 1}, created_ago=100, active_ago=10))
    assert "set-cookie" not in client.get("/read").headers
    client.cookies.set("session", cookie_for(app, {"u": 1}, created_ago=100, active_ago=61))
    refreshed = client.get("/read")
    assert refreshed.json() == {"u": 1}
    assert refreshed.headers["set-cookie"].startswith("session=")
    # The new cookie says "active now", so it stays valid for another idle timeout.
    record = SessionConfig(app.settings).store.load(refreshed.cookies["session"])
    assert record is not None and abs(record.active - time.time()) < 5
    assert record.created == pytest.approx(time.time() - 100, abs=5)


def test_without_an_idle_timeout_nothing_is_refreshed(make_client: MakeClient) -> None:
    app = make_app(SESSION_IDLE_TIMEOUT=0, SESSION_ABSOLUTE_TIMEOUT=3600)
    client = make_client(app)
    client.cookies.set("session", cookie_for(app, {"u": 1}, created_ago=100, active_ago=3000))
    response = client.get("/read")
    assert response.json() == {"u": 1}
    assert "set-cookie" not in response.headers


def test_store_lifetime_is_the_nearer_timeout() -> None:
    config = SessionConfig(
        Settings(SECRET_KEY=KEY, SESSION_IDLE_TIMEOUT=600, SESSION_ABSOLUTE_TIMEOUT=3600)
    )
    now = 10_000
    assert config.lifetime(SessionRecord({}, now, now), now) == 600
    assert config.lifetime(SessionRecord({}, now - 3300, now), now) == 300
    assert config.lifetime(SessionRecord({}, now - 9999, now), now) == 1


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"SESSION_IDLE_TIMEOUT": 0, "SESSION_ABSOLUTE_TIMEOUT": 0}, "must end some time"),
        ({"SESSION_COOKIE_SAMESITE": "lax-ish"}, "SESSION_COOKIE_SAMESITE must be"),
        ({"SESSION_COOKIE_NAME": "bad name"}, "invalid cookie name"),
        ({"SESSION_COOKIE_DOMAIN": "a;b"}, "invalid cookie Domain"),
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SESSION_ENGINE": "memcached"}, "neither one of cookie, redis, database"),
        ({"SESSION_ENGINE": "nowhere.module:Store"}, "cannot be loaded"),
        ({"SESSION_ENGINE": "redis"}, "SESSION_REDIS_URL is empty"),
        ({"SESSION_ENGINE": "redis", "SESSION_REDIS_URL": "http://x"}, "SESSION_REDIS_URL"),
    ],
)
def test_bad_settings_are_clear_errors(settings: dict[str, Any], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        SessionMiddleware(Settings({"SECRET_KEY": KEY, **settings}))


def test_bad_settings_without_settings_up_front_fail_the_request_not_the_process(
    make_client: MakeClient,
) -> None:
    client = make_client(make_app(SESSION_IDLE_TIMEOUT=0, SESSION_ABSOLUTE_TIMEOUT=0))
    assert client.get("/read").status_code == 500


def test_a_store_of_your_own_by_path(make_client: MakeClient) -> None:
    app = make_app(SESSION_ENGINE="tests.sessions.memory_store:MemoryStore")

    @app.get("/put")
    def put(request: Request) -> str:
        request.session["kept"] = "in memory"
        return "ok"

    client = make_client(app)
    client.get("/put")
    assert len(client.cookies["session"]) == 43
    assert client.get("/read").json() == {"kept": "in memory"}
