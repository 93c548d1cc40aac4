"""Start-up and shutdown hooks: ASGI lifespan, and once-before-the-first-request under WSGI."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from trestle import App


def make_app(log: list[str]) -> App:
    app = App()

    @app.on_startup
    def open_pool() -> None:
        log.append("sync start")

    @app.on_startup
    async def warm_cache() -> None:
        await asyncio.sleep(0)
        log.append("async start")

    @app.on_shutdown
    def close_pool() -> None:
        log.append("sync stop")

    @app.on_shutdown
    async def flush() -> None:
        log.append("async stop")

    @app.get("/")
    def view() -> str:
        return ",".join(log)

    return app


def test_asgi_lifespan_runs_hooks_in_order() -> None:
    log: list[str] = []
    app = make_app(log)
    with app.test_client(asgi=True) as client:
        assert log == ["sync start", "async start"]
        assert client.get("/").text == "sync start,async start"
    assert log == ["sync start", "async start", "async stop", "sync stop"]


def test_wsgi_runs_startup_once_before_the_first_request() -> None:
    log: list[str] = []
    app = make_app(log)
    client = app.test_client()
    assert log == []
    assert client.get("/").text == "sync start,async start"
    client.get("/")
    assert log == ["sync start", "async start"]
    app.build().stop_sync()  # what atexit does when the worker exits
    assert log[-2:] == ["async stop", "sync stop"]


def test_asgi_without_lifespan_starts_on_the_first_request() -> None:
    log: list[str] = []
    app = make_app(log)
    client = app.test_client(asgi=True)  # not a context manager: no lifespan events
    assert client.get("/").text == "sync start,async start"
    client.close()


def test_failing_startup_is_reported_to_the_server() -> None:
    app = App()

    @app.on_startup
    def broken() -> None:
        raise RuntimeError("database unreachable")

    messages: list[dict[str, Any]] = []
    inbox = [{"type": "lifespan.startup"}]

    async def receive() -> dict[str, Any]:
        return inbox.pop(0)

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    asyncio.run(app({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send))
    assert messages == [{"type": "lifespan.startup.failed", "message": "database unreachable"}]


def test_failing_shutdown_is_reported_to_the_server() -> None:
    app = App()

    @app.on_shutdown
    async def broken() -> None:
        raise RuntimeError("flush failed")

    messages: list[dict[str, Any]] = []
    inbox = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]

    async def receive() -> dict[str, Any]:
        return inbox.pop(0)

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    asyncio.run(app({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send))
    assert messages == [
        {"type": "lifespan.startup.complete"},
        {"type": "lifespan.shutdown.failed", "message": "flush failed"},
    ]


def test_websocket_handshakes_are_refused_cleanly() -> None:
    app = App()
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "websocket.connect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app({"type": "websocket", "path": "/", "headers": []}, receive, send))
    assert sent == [{"type": "websocket.close", "code": 1008}]


def test_the_wsgi_client_runs_shutdown_hooks_when_its_block_ends() -> None:
    log: list[str] = []
    app = make_app(log)
    with app.test_client() as client:
        assert client.get("/").text == "sync start,async start"
        assert log == ["sync start", "async start"]
    assert log[-2:] == ["async stop", "sync stop"]


def test_hooks_keep_their_resources_on_app_state(make_client) -> None:
    app = App()

    @app.on_startup
    def connect() -> None:
        app.state.pool = ["connection"]

    @app.get("/")
    def view() -> dict[str, object]:
        return {"pool": app.state.pool}

    assert make_client(app).get("/").json() == {"pool": ["connection"]}


def test_a_failed_startup_hook_is_retried_without_rerunning_the_ones_before() -> None:
    calls: list[str] = []
    app = App()

    @app.on_startup
    def first() -> None:
        calls.append("first")

    @app.on_startup
    def flaky() -> None:
        calls.append("flaky")
        if calls.count("flaky") == 1:
            raise RuntimeError("not yet")

    app.add_route("/", lambda: "up")
    client = app.test_client()
    with pytest.raises(RuntimeError, match="not yet"):
        client.get("/")  # WSGI: the failure reaches the server, as it would reach gunicorn
    assert client.get("/").text == "up"
    assert calls == ["first", "flaky", "flaky"]
