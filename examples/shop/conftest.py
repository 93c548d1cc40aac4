"""Test fixtures for the whole shop (pytest finds this file by itself).

Every test gets its own database: a SQLite file migrated once per run and copied, so tests
are fast and never see each other's rows. Mail is kept in memory (``outbox``). Tests that
need PostgreSQL or Chromium read where they are from the environment (scripts/test.sh sets
it); without it they skip and say how to enable them, and with CI=true they fail instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

os.environ.setdefault("TRESTLE_SETTINGS_MODULE", "shop.settings")

PROJECT = Path(__file__).resolve().parent
#: The password of every user the fixtures make.
PASSWORD = "a long and unusual passphrase 91"

_SERVICES = {
    "TRESTLE_TEST_POSTGRES_URL": "PostgreSQL (e.g. postgresql://postgres@127.0.0.1:5432/test)",
    "TRESTLE_TEST_CHROMIUM": "Debian's chromium (apt-get install -y chromium; /usr/bin/chromium)",
}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(page: Any) -> str:
    """The CSRF token of the first form on ``page`` (a response)."""
    found = _CSRF_FIELD.search(page.text)
    assert found is not None, f"no form with a CSRF token on the page:\n{page.text[:2000]}"
    return found.group(1)


def log_in(client: Any, username: str, password: str = PASSWORD, next: str = "") -> Any:
    """Log in through the real login page, as a browser does; fails the test if refused.

    Returns the answer to the form: a redirect (to ``next``, or the two-factor step).
    """
    page = client.get("/accounts/login/")
    form = {"csrf_token": csrf(page), "username": username, "password": password, "next": next}
    response = client.post("/accounts/login/", data=form)
    assert response.status_code in (302, 303), response.text
    return response


def service(variable: str) -> str:
    """The value of a service variable; skip (or fail with CI=true) when it is not set."""
    value = os.environ.get(variable)
    if value:
        return value
    message = f"needs {_SERVICES[variable]}: set {variable} or run scripts/test.sh"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true and a service is missing: {message}")
    pytest.skip(message)


def manage(*arguments: str, database_url: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``python manage.py <arguments>`` on the given database, as a user would run it."""
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT,
        env={**os.environ, "DATABASE_URL": database_url, **env},
        capture_output=True,
        text=True,
        timeout=180,
    )
    if result.returncode != 0:
        pytest.fail(f"manage.py {' '.join(arguments)} failed:\n{result.stdout}{result.stderr}")
    return result


# -- databases ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with every migration applied, made once per run."""
    path = tmp_path_factory.mktemp("template") / "db.sqlite3"
    manage("migrate", database_url=f"sqlite:///{path}")
    return path


@pytest.fixture
def database_url(migrated_sqlite: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """This test's own migrated database (a copy of the template), as DATABASE_URL."""
    path = tmp_path / "db.sqlite3"
    shutil.copyfile(migrated_sqlite, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A new, migrated PostgreSQL database for this run, dropped at the end."""
    import psycopg

    server = service("TRESTLE_TEST_POSTGRES_URL")
    name = f"shop_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = server.rsplit("/", 1)[0] + "/" + name
    try:
        manage("migrate", database_url=url)
        yield url
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# -- the app --------------------------------------------------------------------------------


@pytest.fixture
def app(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The shop's web app on this test's database, with mail kept in memory."""
    monkeypatch.setenv("TRESTLE_EMAIL_BACKEND", "memory")
    from trestle.apps import build_app

    app = build_app()
    yield app
    app.extensions["db"].dispose()


@pytest.fixture
def client(app: Any) -> Iterator[Any]:
    """A test client for the app (an httpx.Client), on a host that ALLOWED_HOSTS lists."""
    with app.test_client(base_url="http://localhost") as client:
        yield client


@pytest.fixture
def outbox(app: Any) -> list[Any]:
    """The messages the app has sent, newest last."""
    from trestle.mail import outbox

    return outbox(app)


@pytest.fixture
def db(app: Any) -> Iterator[Any]:
    """A SQLAlchemy session on the test's database, to arrange and inspect rows."""
    with app.extensions["db"].session() as session:
        yield session


@pytest.fixture
def make_user(app: Any) -> Callable[..., Any]:
    """``make_user("ada", is_staff=True)``: a user with PASSWORD, committed."""
    from trestle.auth import Auth
    from trestle.auth.models import User

    def make(username: str = "ada", **fields: Any) -> Any:
        auth = Auth.of(app)
        fields.setdefault("email", f"{username}@example.com")
        with auth.database.session() as session:
            user = User(username=username, **fields)
            auth.set_password(user, PASSWORD)
            session.add(user)
            session.commit()
            session.refresh(user)
            session.expunge(user)
        return user

    return make


@pytest.fixture
def seeded(app: Any) -> Any:
    """The demo catalogue and users, as ``python manage.py seed`` makes them."""
    from catalog.seed import seed

    with app.extensions["db"].session() as session:
        result = seed(app, session)
        session.commit()
    return result


# -- the browser ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright (serve the app from another thread)."""
    executable = service("TRESTLE_TEST_CHROMIUM")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # A browser opens several connections at once for a page's pictures: socketserver's
    # backlog of 5 is too short for that on a busy machine.
    request_queue_size = 128


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """The app logs each request already."""


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Serve ``app`` on a free port of 127.0.0.1 from a thread; yields its base URL.

    A thread, not a process: Playwright's event loop is this thread's, and the app (with
    its in-memory outbox) stays inspectable by the test.
    """
    server = make_server(
        "127.0.0.1", 0, app, server_class=_ThreadingServer, handler_class=_QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def live_server(app: Any) -> Iterator[str]:
    """The shop on a real socket, for Chromium: its base URL."""
    with serve(app) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser tab with cookies of its own."""
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
