"""The Redis store against a real Redis: two workers, hashed keys, fixation, expiry, outages."""

from __future__ import annotations

import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from trestle import App, Request
from trestle.conf import Settings
from trestle.sessions import SessionMiddleware, SessionRecord
from trestle.sessions.redis_store import RedisStore, hashed
from trestle.testing import TestClient

MakeClient = Callable[..., TestClient]
KEY = "redis-test-key-" + "r" * 40


@pytest.fixture
def prefix(redis_url: str) -> Iterator[str]:
    """A key prefix of this test's own; its keys are deleted afterwards."""
    import redis

    name = f"trestle-test:sessions:{uuid.uuid4().hex}:"
    yield name
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=name + "*"))
    if keys:
        client.delete(*keys)
    client.close()


def settings(redis_url: str, prefix: str, **extra: Any) -> Settings:
    return Settings(
        {
            "SECRET_KEY": KEY,
            "SESSION_ENGINE": "redis",
            "SESSION_REDIS_URL": redis_url,
            "SESSION_REDIS_PREFIX": prefix,
            **extra,
        }
    )


def add_views(app: App) -> App:
    @app.get("/put")
    def put(request: Request) -> dict[str, Any]:
        request.session.update(request.query)
        return dict(request.session)

    @app.get("/read")
    def read(request: Request) -> dict[str, Any]:
        return dict(request.session)

    @app.get("/read-async")
    async def read_async(request: Request) -> dict[str, Any]:
        return dict(request.session)

    @app.post("/put-async")
    async def put_async(request: Request) -> dict[str, Any]:
        request.session["async"] = "yes"
        return dict(request.session)

    @app.get("/login")
    def login(request: Request) -> str:
        request.session.cycle_key()
        request.session["user"] = "ada"
        return "ok"

    @app.get("/logout")
    def logout(request: Request) -> str:
        request.session.flush()
        return "ok"

    return app


def make_app(redis_url: str, prefix: str, **extra: Any) -> App:
    app = App(settings(redis_url, prefix, **extra))
    app.add_middleware(SessionMiddleware(app.settings))
    return add_views(app)


def raw_redis(redis_url: str) -> Any:
    import redis

    return redis.Redis.from_url(redis_url)


def test_sessions_round_trip(make_client: MakeClient, redis_url: str, prefix: str) -> None:
    client = make_client(make_app(redis_url, prefix))
    assert client.get("/put?user=ada").json() == {"user": "ada"}
    assert client.get("/read").json() == {"user": "ada"}
    assert client.get("/read-async").json() == {"user": "ada"}
    assert client.post("/put-async").json() == {"user": "ada", "async": "yes"}
    assert client.get("/read").json() == {"user": "ada", "async": "yes"}


def test_a_session_made_by_one_worker_is_read_by_another(
    protocol: str, redis_url: str, prefix: str
) -> None:
    first, second = make_app(redis_url, prefix), make_app(redis_url, prefix)
    asgi = protocol == "asgi"
    with first.test_client(asgi=asgi) as one, second.test_client(asgi=asgi) as two:
        one.get("/put?user=ada")
        two.cookies.set("session", one.cookies["session"])
        assert two.get("/read").json() == {"user": "ada"}
        two.get("/put?theme=dark")
        assert one.get("/read").json() == {"user": "ada", "theme": "dark"}


def test_redis_keeps_a_hash_of_the_key_with_an_expiry(
    make_client: MakeClient, redis_url: str, prefix: str
) -> None:
    client = make_client(make_app(redis_url, prefix, SESSION_IDLE_TIMEOUT=900))
    client.get("/put?user=ada")
    key = client.cookies["session"]
    redis = raw_redis(redis_url)
    assert redis.get(prefix + key) is None
    assert redis.exists(prefix + hashed(key))
    assert 890 <= redis.ttl(prefix + hashed(key)) <= 900
    redis.close()


def test_login_changes_the_key_and_the_old_one_stops_working(
    make_client: MakeClient, redis_url: str, prefix: str
) -> None:
    client = make_client(make_app(redis_url, prefix))
    client.get("/put?cart=3")
    planted = client.cookies["session"]  # what an attacker fixed in the victim's browser
    client.get("/login")
    after = client.cookies["session"]
    assert after != planted
    assert client.get("/read").json() == {"cart": "3", "user": "ada"}
    attacker = make_client(make_app(redis_url, prefix))
    attacker.cookies.set("session", planted)
    assert attacker.get("/read").json() == {}


def test_logout_deletes_the_record(make_client: MakeClient, redis_url: str, prefix: str) -> None:
    client = make_client(make_app(redis_url, prefix))
    client.get("/put?user=ada")
    key = client.cookies["session"]
    client.get("/logout")
    redis = raw_redis(redis_url)
    assert not redis.exists(prefix + hashed(key))
    redis.close()
    thief = make_client(make_app(redis_url, prefix))
    thief.cookies.set("session", key)
    assert thief.get("/read").json() == {}


@pytest.mark.parametrize("cookie", ["x" * 43, "short", "!" * 43, "a" * 5000, ""])
def test_unknown_or_malformed_keys_give_a_fresh_session(
    make_client: MakeClient, redis_url: str, prefix: str, cookie: str
) -> None:
    client = make_client(make_app(redis_url, prefix))
    client.cookies.set("session", cookie)
    assert client.get("/read").json() == {}


def test_a_record_that_is_not_ours_gives_a_fresh_session(
    make_client: MakeClient, redis_url: str, prefix: str
) -> None:
    client = make_client(make_app(redis_url, prefix))
    client.get("/put?user=ada")
    key = client.cookies["session"]
    redis = raw_redis(redis_url)
    for junk in (b"not json", b"[1, 2]", b'{"d": [], "c": 1, "a": 1}'):
        redis.set(prefix + hashed(key), junk)
        assert client.get("/read").json() == {}
    redis.close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def down_app() -> App:
    # A real connection attempt to a port nothing listens on: refused at once.
    app = App(
        {
            "SECRET_KEY": KEY,
            "SESSION_ENGINE": "redis",
            "SESSION_REDIS_URL": f"redis://127.0.0.1:{closed_port()}/0",
        }
    )
    app.add_middleware(SessionMiddleware(app.settings))
    return add_views(app)


@pytest.mark.parametrize("path", ["/put?user=ada", "/read", "/read-async"])
def test_a_redis_that_is_down_is_a_clear_503(
    make_client: MakeClient, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(down_app())
    client.cookies.set("session", "k" * 43)  # a well-formed key, so it is looked up
    response = client.get(path, headers={"Accept": "application/json"})
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert "session store does not answer" in response.json()["detail"]
    assert "127.0.0.1" not in response.text  # where Redis is goes to the log, not the client
    assert any("Redis at 127.0.0.1" in record.getMessage() for record in caplog.records)
    assert client.post("/put-async").status_code == 503


class RecordingStore(RedisStore):
    """A Redis store that notes which thread did each round trip."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.threads: list[str] = []

    def load(self, cookie_value: str) -> SessionRecord | None:
        self.threads.append(threading.current_thread().name)
        return super().load(cookie_value)

    def save(self, record: SessionRecord, cookie_value: str | None, lifetime: int) -> str:
        self.threads.append(threading.current_thread().name)
        return super().save(record, cookie_value, lifetime)


def test_under_asgi_redis_is_never_waited_for_on_the_event_loop(
    redis_url: str, prefix: str
) -> None:
    store = RecordingStore(redis_url, prefix=prefix)
    app = App(settings(redis_url, prefix))
    app.add_middleware(SessionMiddleware(app.settings, store=store))
    add_views(app)
    with app.test_client(asgi=True) as client:
        client.get("/put?user=ada")  # sync view: loads in its worker thread
        client.get("/read-async")  # async view: loaded before it, in the thread pool
        client.post("/put-async")  # async view that writes: saved in the thread pool
    assert len(store.threads) == 4
    # The test client runs the app's event loop in the thread named below.
    assert "trestle-test-client" not in store.threads
    store.close()


def test_middleware_without_settings_warns_that_redis_would_block_the_loop(
    redis_url: str, prefix: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = App(settings(redis_url, prefix))
    app.add_middleware(SessionMiddleware)
    add_views(app)
    with app.test_client() as client:
        assert client.get("/put?user=ada").json() == {"user": "ada"}
        assert client.get("/read").json() == {"user": "ada"}
    assert "without settings" in caplog.text
