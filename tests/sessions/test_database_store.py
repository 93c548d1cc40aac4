"""The database store on SQLite, PostgreSQL and MariaDB: a table made by migrations, two
workers, hashed keys, fixation, expiry, ``trestle clearsessions`` and a database that is down."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner

from trestle import App, Request
from trestle.apps import build_app
from trestle.conf import Settings
from trestle.sessions import SessionRecord
from trestle.sessions.commands import clearsessions
from trestle.sessions.redis_store import hashed

KEY = "database-store-key-" + "d" * 40


def project_settings(url: str, **extra: Any) -> Settings:
    return Settings(
        {
            "SECRET_KEY": KEY,
            "INSTALLED_APPS": ["trestle.sessions"],
            "SESSION_ENGINE": "database",
            "DATABASE_URL": url,
            **extra,
        }
    )


_made: list[App] = []


@pytest.fixture(autouse=True)
def _dispose_databases() -> Iterator[None]:
    """Close every pool the test's apps opened (whether or not a client shut them down)."""
    yield
    while _made:
        _made.pop().extensions["db"].dispose()


def make_project(url: str, **extra: Any) -> App:
    app = build_app(project_settings(url, **extra))
    _made.append(app)

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


@pytest.fixture
def migrated(session_database_url: str) -> Iterator[str]:
    """The database with the sessions app's migrations applied (the table comes from there)."""
    from trestle.db.migrations import migrate

    app = make_project(session_database_url)
    migrate(app.extensions["db"], app.extensions["apps"])
    app.extensions["db"].dispose()
    yield session_database_url


def rows(app: App) -> list[tuple[str, int]]:
    from sqlalchemy import text

    with app.extensions["db"].engine().connect() as connection:
        return [
            (row[0], row[1])
            for row in connection.execute(text("SELECT key_hash, expires_at FROM sessions_session"))
        ]


def test_sessions_round_trip_and_rows_hold_only_hashes(migrated: str, protocol: str) -> None:
    app = make_project(migrated, SESSION_IDLE_TIMEOUT=900)
    with app.test_client(asgi=protocol == "asgi") as client:
        assert client.get("/put?user=ada").json() == {"user": "ada"}
        assert client.get("/read").json() == {"user": "ada"}
        assert client.get("/read-async").json() == {"user": "ada"}
        key = client.cookies["session"]
        ((stored, expires),) = rows(app)
        assert stored == hashed(key) and key not in stored
        assert 890 <= expires - time.time() <= 900


def test_a_session_made_by_one_worker_is_read_by_another(migrated: str, protocol: str) -> None:
    asgi = protocol == "asgi"
    first, second = make_project(migrated), make_project(migrated)
    with first.test_client(asgi=asgi) as one, second.test_client(asgi=asgi) as two:
        one.get("/put?user=ada")
        two.cookies.set("session", one.cookies["session"])
        assert two.get("/read").json() == {"user": "ada"}


def test_login_changes_the_key_and_logout_deletes_the_row(migrated: str, protocol: str) -> None:
    app = make_project(migrated)
    with app.test_client(asgi=protocol == "asgi") as client:
        client.get("/put?cart=2")
        planted = client.cookies["session"]
        client.get("/login")
        assert client.cookies["session"] != planted
        assert [stored for stored, _ in rows(app)] == [hashed(client.cookies["session"])]
        with make_project(migrated).test_client(asgi=protocol == "asgi") as attacker:
            attacker.cookies.set("session", planted)
            assert attacker.get("/read").json() == {}
        client.get("/logout")
        assert rows(app) == []


def test_clearsessions_deletes_expired_rows_only(migrated: str) -> None:
    app = make_project(migrated)
    store = app.extensions["sessions"].fixed_config.store
    now = int(time.time())
    alive = store.save(SessionRecord({"a": 1}, now, now), None, 600)
    store.save(SessionRecord({"b": 2}, now, now), None, 600)
    from sqlalchemy import text

    with app.extensions["db"].engine().begin() as connection:
        connection.execute(
            text("UPDATE sessions_session SET expires_at = :t WHERE key_hash <> :k"),
            {"t": now - 1, "k": hashed(alive)},
        )
    assert store.load(alive) is not None
    project = SimpleNamespace(settings=app.settings, app=app)
    result = CliRunner().invoke(clearsessions, [], obj=project)
    assert result.exit_code == 0, result.output
    assert result.output == "Deleted 1 expired session.\n"
    assert [stored for stored, _ in rows(app)] == [hashed(alive)]
    again = CliRunner().invoke(clearsessions, [], obj=project)
    assert again.output == "Deleted 0 expired sessions.\n"


def test_clearsessions_for_other_engines_and_bad_settings(redis_url: str) -> None:
    cookie = SimpleNamespace(settings=Settings(SECRET_KEY=KEY), app=App({"SECRET_KEY": KEY}))
    assert CliRunner().invoke(clearsessions, [], obj=cookie).output == (
        "Deleted 0 expired sessions.\n"
    )
    redis_settings = Settings(SECRET_KEY=KEY, SESSION_ENGINE="redis", SESSION_REDIS_URL=redis_url)
    redis = SimpleNamespace(settings=redis_settings, app=App(redis_settings))
    assert "Redis removes expired sessions itself" in (
        CliRunner().invoke(clearsessions, [], obj=redis).output
    )
    bad = Settings(SECRET_KEY="", SESSION_ENGINE="cookie")
    result = CliRunner().invoke(clearsessions, [], obj=SimpleNamespace(settings=bad, app=App(bad)))
    assert result.exit_code == 1
    assert "SECRET_KEY" in result.output


def test_a_database_that_is_down_is_a_503(protocol: str) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql://postgres@127.0.0.1:{port}/nothing"
    app = make_project(url)
    with app.test_client(asgi=protocol == "asgi") as client:
        response = client.get("/put?x=1", headers={"Accept": "application/json"})
        assert response.status_code == 503
        assert "session store does not answer" in response.json()["detail"]
        client.cookies.set("session", "k" * 43)
        assert client.get("/read").status_code == 503


def test_clearsessions_without_the_apps_database_and_with_a_database_that_is_down(
    migrated: str,
) -> None:
    # Sessions added without settings: the command makes a store (and a Database) of its own.
    settings = project_settings(migrated)
    own = SimpleNamespace(settings=settings, app=App(settings))
    assert CliRunner().invoke(clearsessions, [], obj=own).output == "Deleted 0 expired sessions.\n"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    down_settings = project_settings(f"postgresql://postgres@127.0.0.1:{port}/nothing")
    down = SimpleNamespace(settings=down_settings, app=App(down_settings))
    result = CliRunner().invoke(clearsessions, [], obj=down)
    assert result.exit_code == 1
    assert "the session store does not answer" in result.output


def test_an_unknown_session_database_is_a_settings_error(migrated: str) -> None:
    from trestle.conf.settings import SettingsError

    with pytest.raises(SettingsError, match="SESSION_DATABASE: no database named 'sessions'"):
        make_project(migrated, SESSION_DATABASE="sessions")


def test_a_row_that_is_not_a_record_gives_a_fresh_session(migrated: str) -> None:
    from sqlalchemy import text

    app = make_project(migrated)
    with app.test_client() as client:
        client.get("/put?user=ada")
        key = client.cookies["session"]
        for junk in ("not json", "[1, 2]"):
            with app.extensions["db"].engine().begin() as connection:
                connection.execute(
                    text("UPDATE sessions_session SET data = :d WHERE key_hash = :k"),
                    {"d": junk, "k": hashed(key)},
                )
            assert client.get("/read").json() == {}
