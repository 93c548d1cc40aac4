"""The docs' model examples (auth_custom_user.py, auth_permissions.py), run for real.

Each runs in a fresh interpreter: their models would otherwise stay in the process-wide
model registry for the rest of the test session.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"

PRELUDE = """
import importlib.util, sys
from pathlib import Path

def load(name):
    spec = importlib.util.spec_from_file_location(name, Path({examples!r}) / f"{{name}}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module

import trestle.sessions
from trestle import App
from trestle.auth import Auth
from trestle.db import Database

def make_app(**settings):
    app = App({{"SECRET_KEY": "k" * 50, "DATABASE_URL": "sqlite://",
               "PASSWORD_ARGON2_TIME_COST": 1, "PASSWORD_ARGON2_MEMORY_COST": 64, **settings}})
    database = Database(app)
    trestle.sessions.install(app)
    Auth.install(app)
    database.create_all()
    return app
"""


def run(code: str) -> str:
    script = PRELUDE.format(examples=str(EXAMPLES)) + textwrap.dedent(code)
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_custom_user_example() -> None:
    output = run(
        """
        Member = load("auth_custom_user").Member
        app = make_app(AUTH_USER_MODEL="accounts.Member")
        auth = Auth.of(app)
        assert auth.user_model is Member
        with auth.database.session() as session:
            session.add(Member(username="ada", display_name="Ada L.",
                               password=auth.hasher.hash("correct-horse-battery")))
            session.commit()

        @app.post("/login")
        def do_login(request):
            from trestle.auth import authenticate, login
            user = authenticate(request, "ada", "correct-horse-battery")
            login(request, user)
            return "ok"

        @app.get("/me")
        def me(request):
            return request.user.display_name

        with app.test_client() as client:
            client.post("/login")
            print(client.get("/me").text)
        """
    )
    assert output.strip() == "Ada L."


def test_permissions_example() -> None:
    output = run(
        """
        example = load("auth_permissions")
        from sqlalchemy import select
        from trestle.auth.models import User
        from trestle.auth.permissions import create_permissions

        app = make_app()
        with app.extensions["db"].session() as session:
            print(create_permissions(session, ["blog"]))
            user = User(username="ada", password="!")
            session.add(user)
            session.commit()
            example.make_editor(session, user)
            user._permission_cache = None
            print(sorted(user.get_all_permissions()))
            print(user.has_perm("blog.publish_article"), user.has_perm("blog.delete_article"))
        """
    )
    assert output.splitlines() == [
        "5",
        "['blog.add_article', 'blog.publish_article']",
        "True False",
    ]
