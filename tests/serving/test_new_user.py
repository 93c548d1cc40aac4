"""A new user's first hour, as commands in a terminal: from ``trestle startproject`` to a
project of apps with a database, served by ``runserver`` and by ``trestle serve``.

The steps share one project (a module-scoped fixture) and run in the order a tutorial gives
them; each test is one step a user takes. Every command runs in a subprocess, the way a user
types it, and every page is fetched over HTTP from a real server.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import Server, free_port, trestle_command

pytestmark = pytest.mark.serving

PYTHON = sys.executable
PASSWORD = "correct-horse-battery-staple-42"


def user_env(**extra: str) -> dict[str, str]:
    """The user's shell: no Trestle settings from the test runner's environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("TRESTLE_") or key.startswith("TRESTLE_TEST_")
    }
    env.pop("SECRET_KEY", None)
    env.pop("DATABASE_URL", None)
    env["PYTHONUNBUFFERED"] = "1"
    return {**env, **extra}


def run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run one command to completion; fail the test with its output if it fails."""
    result = subprocess.run(
        command, cwd=cwd, env=user_env(**env), capture_output=True, text=True, timeout=120
    )
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(command)} exited with {result.returncode}:\n{result.stdout}{result.stderr}"
        )
    return result


def manage(root: Path, *arguments: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run([PYTHON, "manage.py", *arguments], root, **env)


def start(command: list[str], root: Path, log: Path, **env: str) -> Server:
    """Start a server as the user would, from the project's folder."""
    server = Server.__new__(Server)
    port = int(command[command.index("--port") + 1])
    server.command, server.port, server.log_path = command, port, log
    server.base_url = f"http://127.0.0.1:{port}"
    with log.open("wb") as output:
        server.process = subprocess.Popen(
            command,
            cwd=root,
            env=user_env(**env),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return server


# -- the steps ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``trestle startproject mysite``, ``migrate``, then ``startapp blog``, wired in."""
    home = tmp_path_factory.mktemp("user")
    created = run([*trestle_command(), "startproject", "mysite"], home)
    assert "python manage.py runserver" in created.stdout
    root = home / "mysite"
    # What startproject said to do next: the batteries' tables (users...) are made.
    manage(root, "migrate")
    started = manage(root, "startapp", "blog")
    assert 'add "blog" to INSTALLED_APPS in mysite/settings.py' in started.stdout

    # What startapp said to do, done as a user would in an editor.
    settings = root / "mysite/settings.py"
    settings.write_text(
        settings.read_text().replace("INSTALLED_APPS = [\n", 'INSTALLED_APPS = [\n    "blog",\n')
    )
    urls = root / "mysite/urls.py"
    urls.write_text(
        urls.read_text().replace(
            "urlpatterns = [\n", 'urlpatterns = [\n    path("blog/", include("blog.urls")),\n'
        )
    )
    # A model, a view that lists it and a template, as the tutorial has them.
    (root / "blog/models.py").write_text(
        textwrap.dedent(
            """\
            from sqlalchemy.orm import Mapped

            from trestle.db import Model


            class Post(Model):
                title: Mapped[str]
            """
        )
    )
    (root / "blog/views.py").write_text(
        textwrap.dedent(
            """\
            from sqlalchemy import select

            from trestle import Request
            from trestle.templating import render

            from .models import Post


            def index(request: Request):
                posts = request.db.scalars(select(Post).order_by(Post.id)).all()
                return render(request, "blog/index.html", {"title": "Blog", "posts": posts})
            """
        )
    )
    (root / "blog/templates/blog/index.html").write_text(
        textwrap.dedent(
            """\
            {% extends "trestle/base.html" %}
            {% block content %}
            <h1>{{ title }}</h1>
            <ul>{% for post in posts %}<li class="post">{{ post.title }}</li>{% endfor %}</ul>
            {% endblock %}
            """
        )
    )
    (root / "blog/static/blog/blog.css").write_text("h1 { color: teal; }\n")
    return root


@pytest.fixture(scope="module")
def migrated(project: Path) -> Path:
    """``makemigrations`` for the new model, then ``migrate``."""
    made = manage(project, "makemigrations", "blog")
    assert "create table blog_post" in made.stdout
    assert list((project / "blog/migrations").glob("*initial*.py"))
    manage(project, "migrate")
    shown = manage(project, "showmigrations", "blog")
    assert "[X]" in shown.stdout
    # A first post, through the shell with the project loaded.
    manage(
        project,
        "shell",
        "-c",
        "with db.session() as s:\n    s.add(Post(title='Hello, world'))\n    s.commit()",
    )
    return project


@pytest.fixture(scope="module")
def superuser(migrated: Path) -> str:
    """``createsuperuser --noinput``, the password from the environment."""
    manage(
        migrated,
        "createsuperuser",
        "--noinput",
        "--username",
        "admin",
        "--email",
        "admin@example.com",
        TRESTLE_SUPERUSER_PASSWORD=PASSWORD,
    )
    return "admin"


def test_the_new_projects_own_checks_and_tests_pass(migrated: Path) -> None:
    assert "No problems found" in manage(migrated, "check").stdout
    result = run([PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider"], migrated)
    assert "3 passed" in result.stdout


def test_createsuperuser(superuser: str, migrated: Path) -> None:
    code = (
        "from sqlalchemy import select\n"
        "with db.session() as s:\n"
        "    print(s.scalar(select(User.is_superuser).where(User.username == 'admin')))"
    )
    assert manage(migrated, "shell", "-c", code).stdout.strip() == "True"


@pytest.fixture(scope="module")
def runserver(
    migrated: Path, superuser: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """``python manage.py runserver`` on a free port, as the tutorial starts it."""
    port = free_port()
    server = start(
        [PYTHON, "manage.py", "runserver", "--port", str(port)],
        migrated,
        tmp_path_factory.mktemp("runserver") / "runserver.log",
    )
    try:
        server.wait_until_ready("/healthz")
        yield server
    finally:
        server.stop()


def test_the_welcome_page_in_a_browser(runserver: Server, browser: Any) -> None:
    page = browser.new_page()
    try:
        page.goto(runserver.base_url + "/")
        assert page.title() == "Welcome to mysite"
        assert page.locator("h1").inner_text() == "mysite is running"
        docs = page.locator("a#docs")
        assert docs.is_visible()
        assert docs.get_attribute("href") == "https://trestle.dev/docs/"
        assert page.locator("ol li").count() == 3  # the next steps
    finally:
        page.close()


def test_runserver_serves_the_pages(runserver: Server, superuser: str) -> None:
    output = runserver.output()
    assert f"Trestle development server at http://127.0.0.1:{runserver.port}/" in output
    with httpx.Client(base_url=runserver.base_url, timeout=10) as client:
        welcome = client.get("/")
        assert welcome.status_code == 200
        assert "mysite is running" in welcome.text
        assert 'id="docs"' in welcome.text

        blog = client.get("/blog/")
        assert blog.status_code == 200, blog.text
        assert re.findall(r'<li class="post">(.*?)</li>', blog.text) == ["Hello, world"]

        assert client.get("/static/blog/blog.css").text == "h1 { color: teal; }\n"
        health = client.get("/healthz")
        assert health.json()["checks"]["database:default"]["ok"] is True

        # The superuser logs in through the auth battery's page, CSRF token and all.
        login = client.get("/accounts/login/")
        assert login.status_code == 200
        token = re.search(r'name="csrf_token" value="([^"]+)"', login.text)
        assert token is not None
        done = client.post(
            "/accounts/login/",
            data={"username": superuser, "password": PASSWORD, "csrf_token": token.group(1)},
        )
        assert done.status_code in (302, 303), done.text
        refused = client.post(
            "/accounts/login/",
            data={"username": superuser, "password": "wrong", "csrf_token": token.group(1)},
        )
        assert refused.status_code not in (302, 303)
    # Each request is logged as one line: method, path, status, duration, request id.
    runserver.wait_for_output("GET /blog/ 200 ")
    assert re.search(r"GET /blog/ 200 \d+\.\d ms [0-9a-f]{32}", runserver.output())


def test_serve_with_two_workers(migrated: Path, tmp_path: Path) -> None:
    # Production: DEBUG off and a real key, from a .env file next to manage.py.
    (migrated / ".env").write_text(
        "TRESTLE_DEBUG=0\nSECRET_KEY=e2e-" + "k7" * 30 + "\nTRESTLE_ALLOWED_HOSTS=127.0.0.1\n"
    )
    try:
        manage(migrated, "collectstatic")
        port = free_port()
        command = [
            *trestle_command(),
            "--settings",
            "mysite.settings",
            "serve",
            "--workers",
            "2",
            "--port",
            str(port),
        ]
        server = start(command, migrated, tmp_path / "serve.log")
        try:
            server.wait_until_ready("/healthz")
            server.wait_for_output("worker-2")
            with httpx.Client(base_url=server.base_url, timeout=10) as client:
                for _ in range(6):
                    blog = client.get("/blog/")
                    assert blog.status_code == 200
                    assert "Hello, world" in blog.text
                missing = client.get("/no-such-page")
                assert missing.status_code == 404
                assert "Traceback" not in missing.text
                assert client.get("/healthz").status_code == 200
            assert "(WSGI, 2 workers)" in server.output()
            assert "DEBUG is on" not in server.output()
        finally:
            # SIGTERM: the workers finish what they are doing and the server exits cleanly.
            server.process.terminate()
            # granian gives its workers --graceful-timeout (30 s) before it kills them, and
            # then exits; in a long test run that wait has been seen to run out, so allow
            # for it, and show the server's output if even that is not enough.
            try:
                returncode = server.process.wait(45)
            except subprocess.TimeoutExpired:
                server.process.kill()
                pytest.fail(f"serve did not stop 45 s after SIGTERM:\n{server.output()}")
            assert returncode == 0, server.output()
            server.stop()
    finally:
        (migrated / ".env").unlink()
