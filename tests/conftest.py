"""Shared fixtures. ``protocol`` runs a test once under WSGI and once under ASGI."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from trestle import App
from trestle.testing import TestClient


@pytest.fixture(params=["wsgi", "asgi"])
def protocol(request: pytest.FixtureRequest) -> str:
    """The protocol a pipeline test runs under; every such test runs under both."""
    return str(request.param)


@pytest.fixture
def make_client(protocol: str) -> Iterator[Callable[..., TestClient]]:
    """``make_client(app, **options)``: a test client for ``app`` under the current protocol."""
    clients: list[TestClient] = []

    def make(app: App, **options: object) -> TestClient:
        client = app.test_client(asgi=protocol == "asgi", **options)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


# -- services: PostgreSQL, MariaDB, Redis, Chromium ----------------------------------------
# scripts/services.sh (run by scripts/test.sh) starts them and sets these variables. Without
# one a test that needs it skips, saying how to enable it; with CI=true it fails instead.

_SERVICES = {
    "TRESTLE_TEST_POSTGRES_URL": "PostgreSQL (e.g. postgresql://postgres@127.0.0.1:5432/test)",
    "TRESTLE_TEST_MYSQL_URL": "MariaDB/MySQL (e.g. mysql://root@127.0.0.1:3306/test)",
    "TRESTLE_TEST_REDIS_URL": "Redis (e.g. redis://127.0.0.1:6379/0)",
    "TRESTLE_TEST_CHROMIUM": "Debian's chromium (apt-get install -y chromium; /usr/bin/chromium)",
}

#: The flags every browser test starts Chromium with: no sandbox (root in CI), no network
#: beyond loopback (this machine has none), no GPU.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def service(variable: str) -> str:
    """The value of a service variable; skip (or fail with CI=true) when it is not set."""
    import os

    value = os.environ.get(variable)
    if value:
        return value
    message = f"needs {_SERVICES[variable]}: set {variable} or run scripts/test.sh, which starts it"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true and a service is missing: {message}")
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The PostgreSQL test database's URL."""
    return service("TRESTLE_TEST_POSTGRES_URL")


@pytest.fixture(scope="session")
def mysql_url() -> str:
    """The MariaDB/MySQL test database's URL."""
    return service("TRESTLE_TEST_MYSQL_URL")


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The Redis test server's URL."""
    return service("TRESTLE_TEST_REDIS_URL")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """A headless Debian Chromium driven by Playwright (a ``playwright.sync_api.Browser``).

    Keep browser tests in modules of their own (``test_browser.py``), serving the app on a
    real socket from another thread: while Playwright runs, its event loop is this thread's
    running loop, so nothing else in the module may run an event loop here (the WSGI test
    client does, for async views). Module scope ends Playwright with the module.
    """
    executable = service("TRESTLE_TEST_CHROMIUM")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


# -- scratch packages (the project and settings tests) --------------------------------------


@pytest.fixture
def tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[dict[str, str]], Path]]:
    """``tree({"blog/__init__.py": "", ...})``: files under an importable scratch folder.

    The folder is the working directory and on sys.path; modules imported from it are
    forgotten when the test ends, so each test gets fresh ones.
    """
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    for key in ("TRESTLE_SETTINGS_MODULE", "TRESTLE_DEBUG", "SECRET_KEY", "DATABASE_URL"):
        monkeypatch.delenv(key, raising=False)

    def write(files: dict[str, str]) -> Path:
        for name, text in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text))
        return tmp_path

    yield write
    for name, module in list(sys.modules.items()):
        if str(getattr(module, "__file__", None) or "").startswith(str(tmp_path)):
            del sys.modules[name]
