"""The health view: each backend checked for real; 200 when all answer, 503 when one does not."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from trestle import App, Settings, path
from trestle.health import health, health_view
from trestle.testing import TestClient

MakeClient = Callable[..., TestClient]


def closed_port() -> int:
    """A port of 127.0.0.1 nothing listens on: connections to it are refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def app_with(values: dict[str, object], *, database: bool = True) -> App:
    app = App(Settings(values, environ={}), urlpatterns=[path("healthz", health)])
    if database:
        from trestle.db import Database

        Database.install(app)
    return app


def test_no_backends_is_healthy(make_client: MakeClient) -> None:
    response = make_client(app_with({}, database=False)).get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {}}
    assert response.headers["cache-control"] == "no-store"


def test_sqlite(make_client: MakeClient, tmp_path: Path) -> None:
    app = app_with({"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    body = make_client(app).get("/healthz").json()
    assert body["status"] == "ok"
    assert body["checks"]["database:default"]["ok"] is True
    assert body["checks"]["database:default"]["ms"] >= 0


def test_postgres_and_redis_up(make_client: MakeClient, postgres_url: str, redis_url: str) -> None:
    app = app_with({"DATABASE_URL": postgres_url, "SESSION_REDIS_URL": redis_url})
    response = make_client(app).get("/healthz")
    assert response.status_code == 200, response.text
    assert set(response.json()["checks"]) == {"database:default", "redis:SESSION_REDIS_URL"}


def test_a_database_that_is_down(make_client: MakeClient, tmp_path: Path) -> None:
    port = closed_port()
    url = f"postgresql://user:hunter2@127.0.0.1:{port}/shop"
    app = app_with(
        {
            "DATABASES": {
                "default": {"URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
                "orders": {"URL": url, "TIMEOUT": 2},
            }
        }
    )
    response = make_client(app).get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database:default"]["ok"] is True
    orders = body["checks"]["database:orders"]
    assert orders["ok"] is False and orders["error"] == "DatabaseUnavailable"
    assert "hunter2" not in response.text and str(port) not in response.text


def test_redis_that_is_down(make_client: MakeClient) -> None:
    port = closed_port()
    app = app_with(
        {
            "SESSION_REDIS_URL": f"redis://127.0.0.1:{port}/0",
            "LOGIN_THROTTLE_REDIS_URL": f"redis://127.0.0.1:{port}/0",  # the same server: once
        },
        database=False,
    )
    response = make_client(app).get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "redis:LOGIN_THROTTLE_REDIS_URL": {
            "ok": False,
            "error": "ConnectionError",
            "ms": response.json()["checks"]["redis:LOGIN_THROTTLE_REDIS_URL"]["ms"],
        }
    }


def test_checks_of_ones_own(make_client: MakeClient, caplog: pytest.LogCaptureFixture) -> None:
    def payments() -> None:
        raise TimeoutError("gateway slow")

    app = App(urlpatterns=[path("health", health_view({"payments": payments, "ok": lambda: None}))])
    response = make_client(app).get("/health")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert (checks["payments"]["error"], checks["ok"]["ok"]) == ("TimeoutError", True)
    assert "gateway slow" not in response.text
    (record,) = [r for r in caplog.records if r.name == "trestle.health"]
    assert record.getMessage() == "health check payments failed: TimeoutError('gateway slow')"


def test_the_view_is_named_for_listings() -> None:
    assert health.__qualname__ == "health" and health.__module__ == "trestle.health"


@pytest.mark.parametrize("method", ["post", "delete"])
def test_only_get(make_client: MakeClient, method: str) -> None:
    app = app_with({}, database=False)
    assert getattr(make_client(app), method)("/healthz").status_code == 405
