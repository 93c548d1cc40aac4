"""Two workers (two app instances) sharing a database and a session store: a login made on
one is valid on the other, and the throttle counts failures made on both."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from trestle import App, Request

from .conftest import PASSWORD, auth_settings, create_user, make_auth_app, submit


def worker(settings: dict[str, Any]) -> App:
    app = make_auth_app(settings, security=True)

    @app.get("/")
    def home(request: Request) -> str:
        return request.user.get_username() or "nobody"

    return app


@pytest.fixture(params=["cookie", "redis"])
def session_settings(request: pytest.FixtureRequest) -> dict[str, Any]:
    if request.param == "cookie":
        return {"SESSION_ENGINE": "cookie"}
    url = request.getfixturevalue("redis_url")
    return {
        "SESSION_ENGINE": "redis",
        "SESSION_REDIS_URL": url,
        "SESSION_REDIS_PREFIX": f"test:auth-workers:{uuid.uuid4().hex}:",
        "LOGIN_THROTTLE_STORE": "redis",
        "LOGIN_THROTTLE_REDIS_URL": url,
        "LOGIN_THROTTLE_REDIS_PREFIX": f"test:auth-workers-throttle:{uuid.uuid4().hex}:",
    }


def test_a_login_on_one_worker_holds_on_another(
    make_client: Callable[..., Any], tmp_path: Path, session_settings: dict[str, Any]
) -> None:
    settings = auth_settings(tmp_path, **{"LOGIN_THROTTLE_STORE": "database", **session_settings})
    first, second = worker(settings), worker(settings)
    create_user(first, "ada")
    try:
        one, two = make_client(first), make_client(second)
        assert (
            submit(one, "/accounts/login/", {"username": "ada", "password": PASSWORD}).status_code
            == 303
        )
        two.cookies.update(one.cookies)
        assert two.get("/").text == "ada"
        # Failures on both workers add up to one lock.
        for client in (one, two, one, two, one):
            submit(client, "/accounts/login/", {"username": "ada", "password": "wrong"})
        locked = submit(two, "/accounts/login/", {"username": "ada", "password": PASSWORD})
        assert locked.status_code == 429
    finally:
        for app in (first, second):
            app.extensions["db"].dispose()
            store = app.extensions["auth"].throttle.store
            client = getattr(store, "client", None)
            if client is not None:
                for key in client.scan_iter(store.prefix + "*"):
                    client.delete(key)
                client.close()
        if "SESSION_REDIS_URL" in session_settings:
            import redis

            sessions = redis.Redis.from_url(session_settings["SESSION_REDIS_URL"])
            for key in sessions.scan_iter(session_settings["SESSION_REDIS_PREFIX"] + "*"):
                sessions.delete(key)
            sessions.close()
