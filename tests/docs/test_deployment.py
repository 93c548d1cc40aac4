"""docs/deployment.md: what it shows is what Trestle does.

The database settings run against PostgreSQL, the Dockerfile is the one ``startproject``
writes, and the ``check --deploy`` output is a new project's, run for real.
"""

from __future__ import annotations

import importlib.util
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from sqlalchemy import text

from trestle import App, Request, Settings
from trestle.db import Database

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "deployment.md"
EXAMPLE = ROOT / "docs" / "examples" / "deployment_database.py"
PROJECT_TEMPLATE = ROOT / "src" / "trestle" / "cli" / "templates" / "project"


def _block(language: str, after: str = "") -> str:
    """The first ``language`` block of the page after the text ``after``."""
    page = PAGE.read_text().partition(after)[2] if after else PAGE.read_text()
    found = re.search(rf"^```{language}\n(.*?)^```", page, re.M | re.S)
    assert found is not None, f"no {language} block after {after!r}"
    return found.group(1)


def _clean_environ() -> dict[str, str]:
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("TRESTLE_") and key not in ("SECRET_KEY", "DATABASE_URL")
    }


def _settings_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_example_deployment_database", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- the database settings -------------------------------------------------------------------


def test_database_url_gives_the_server_and_the_settings_size_the_pool(postgres_url: str) -> None:
    settings = Settings.from_module(
        _settings_module(), environ={"DATABASE_URL": postgres_url, "TRESTLE_DEBUG": "0"}
    )
    app = App(settings)
    database = Database(app)

    @app.get("/now")
    def now(request: Request) -> dict[str, str]:
        return {
            "backend": request.db.bind.dialect.name,
            "one": str(request.db.scalar(text("SELECT 1"))),
        }

    config = database.config()
    assert config.url.get_backend_name() == "postgresql"
    assert config.timeout == 5
    engine = database.engine()
    assert engine.pool.size() == 8
    assert engine.pool._max_overflow == 4  # type: ignore[attr-defined]
    with app.test_client() as client:
        assert client.get("/now").json() == {"backend": "postgresql", "one": "1"}


def test_without_database_url_the_project_uses_its_sqlite_file() -> None:
    settings = Settings.from_module(_settings_module(), environ={})
    config = Database(settings=settings).config()
    assert config.url.get_backend_name() == "sqlite"
    assert str(config.url.database).endswith("db.sqlite3")


# -- the Dockerfile --------------------------------------------------------------------------


def test_the_dockerfile_shown_is_the_one_startproject_writes() -> None:
    written = (PROJECT_TEMPLATE / "Dockerfile-tpl").read_text()
    assert _block("dockerfile") == written.replace("{{ project_name }}", "mysite")


def test_the_dockerfile_runs_collectstatic_and_serve_with_options_that_exist() -> None:
    dockerfile = _block("dockerfile")
    assert "python manage.py collectstatic" in dockerfile
    assert '"serve", "--host", "0.0.0.0", "--port", "8000"' in dockerfile


# -- check --deploy --------------------------------------------------------------------------


def test_check_deploy_prints_what_the_page_shows_for_a_new_project(tmp_path: Path) -> None:
    env = _clean_environ()
    made = subprocess.run(
        [sys.executable, "-m", "trestle.cli", "startproject", "mysite"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert made.returncode == 0, made.stderr
    production = {**env, "TRESTLE_DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50)}
    checked = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=tmp_path / "mysite",
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=60,
        env=production,
    )
    assert checked.returncode == 0, checked.stdout  # warnings only
    shown = _block("console", after="## check --deploy").splitlines()
    assert shown[0] == "$ TRESTLE_DEBUG=0 SECRET_KEY=... python manage.py check --deploy"
    assert checked.stdout.splitlines() == shown[1:]


def test_check_deploy_is_quiet_once_the_page_is_followed(tmp_path: Path) -> None:
    env = _clean_environ()
    subprocess.run(
        [sys.executable, "-m", "trestle.cli", "startproject", "mysite"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=60,
        env=env,
    )
    production = {
        **env,
        "TRESTLE_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "TRESTLE_ALLOWED_HOSTS": "example.com,www.example.com",
        "TRESTLE_TRUSTED_PROXIES": "10.0.0.0/8",
        "TRESTLE_SESSION_COOKIE_SECURE": "1",
        "TRESTLE_CSRF_COOKIE_SECURE": "1",
        "TRESTLE_SECURE_SSL_REDIRECT": "1",
        "TRESTLE_SECURE_HSTS_SECONDS": "31536000",
        "TRESTLE_SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    }
    checked = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "warning"],
        cwd=tmp_path / "mysite",
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=60,
        env=production,
    )
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.startswith("No problems found"), checked.stdout
