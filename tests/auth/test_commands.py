"""``trestle createsuperuser`` and ``trestle changepassword`` on a real project (migrated)."""

from __future__ import annotations

import sys
import textwrap
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from trestle.cli import main

from .conftest import NEW_PASSWORD, PASSWORD

Run = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    """``run(*arguments, input=..., env=...)``: the trestle CLI on a migrated project."""
    package = f"authsite_{uuid.uuid4().hex[:8]}"
    (tmp_path / package).mkdir()
    (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / package / "settings.py").write_text(
        textwrap.dedent(
            f"""\
            SECRET_KEY = "commands-test-" + "k" * 40
            INSTALLED_APPS = ["trestle.sessions", "trestle.auth"]
            DATABASE_URL = "sqlite:///{tmp_path / "db.sqlite3"}"
            PASSWORD_ARGON2_TIME_COST = 1
            PASSWORD_ARGON2_MEMORY_COST = 64
            """
        )
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    for key in ("TRESTLE_SETTINGS_MODULE", "TRESTLE_APP", "SECRET_KEY", "DATABASE_URL"):
        monkeypatch.delenv(key, raising=False)

    def invoke(
        *arguments: str, input: str | None = None, env: dict[str, str] | None = None
    ) -> Result:
        return CliRunner().invoke(
            main, ["--settings", f"{package}.settings", *arguments], input=input, env=env
        )

    migrated = invoke("migrate")
    assert migrated.exit_code == 0, migrated.output
    yield invoke
    for name in [name for name in sys.modules if name.startswith(package)]:
        del sys.modules[name]


def users(tmp_path: Path) -> list[tuple[Any, ...]]:
    import sqlite3

    with sqlite3.connect(tmp_path / "db.sqlite3") as connection:
        return connection.execute(
            "SELECT username, email, is_staff, is_superuser, password FROM auth_user ORDER BY id"
        ).fetchall()


def test_createsuperuser_interactive(run: Run, tmp_path: Path) -> None:
    answers = "\n".join(["root", "root@example.com", PASSWORD, PASSWORD]) + "\n"
    result = run("createsuperuser", input=answers)
    assert result.exit_code == 0, result.output
    assert "Superuser 'root' created." in result.output
    [(username, email, staff, superuser, password)] = users(tmp_path)
    assert (username, email, staff, superuser) == ("root", "root@example.com", 1, 1)
    assert password.startswith("$argon2id$")


def test_createsuperuser_asks_again(run: Run, tmp_path: Path) -> None:
    run("createsuperuser", "--noinput", "--username", "taken")
    answers = [
        "",  # empty username
        "taken",  # exists
        "root",
        "not-an-email",
        "root@example.com",
        "short",
        "short",  # too short
        PASSWORD,
        PASSWORD + "x",  # differ
        PASSWORD,
        PASSWORD,
    ]
    result = run("createsuperuser", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "the username 'taken' is taken" in result.output
    assert "'not-an-email' is not an email address" in result.output
    assert "at least 12 characters" in result.output
    assert "the two passwords differ" in result.output
    assert [row[0] for row in users(tmp_path)] == ["taken", "root"]


def test_createsuperuser_gives_up_after_three_bad_passwords(run: Run, tmp_path: Path) -> None:
    answers = ["root", "", "123", "123", "password", "password", "1", "1"]
    result = run("createsuperuser", input="\n".join(answers) + "\n")
    assert result.exit_code == 1
    assert "Error: no acceptable password after 3 attempts" in result.output
    assert users(tmp_path) == []


def test_createsuperuser_noinput_from_the_environment(run: Run, tmp_path: Path) -> None:
    env = {
        "TRESTLE_SUPERUSER_USERNAME": "admin",
        "TRESTLE_SUPERUSER_EMAIL": "admin@example.com",
        "TRESTLE_SUPERUSER_PASSWORD": PASSWORD,
    }
    result = run("createsuperuser", "--noinput", env=env)
    assert result.exit_code == 0, result.output
    [(username, email, _, superuser, password)] = users(tmp_path)
    assert (username, email, superuser) == ("admin", "admin@example.com", 1)
    from trestle.auth.hashers import PasswordHasher

    assert PasswordHasher().verify(password, PASSWORD)


def test_createsuperuser_noinput_without_a_password(run: Run, tmp_path: Path) -> None:
    result = run("createsuperuser", "--no-input", "--username", "ops", "--email", "")
    assert result.exit_code == 0, result.output
    assert "trestle changepassword ops" in result.output
    [(_, _, _, _, password)] = users(tmp_path)
    assert password.startswith("!")


@pytest.mark.parametrize(
    ("arguments", "env", "message"),
    [
        (["--noinput"], {}, "--noinput needs a username"),
        (["--noinput", "--username", " x"], {}, "may not be empty or start or end with spaces"),
        (["--noinput", "--username", "a" * 151], {}, "at most 150 characters"),
        (["--noinput", "--username", "a\tb"], {}, "control characters"),
        (["--noinput", "--username", "x", "--email", "nope"], {}, "is not an email address"),
        (
            ["--noinput", "--username", "x"],
            {"TRESTLE_SUPERUSER_PASSWORD": "123"},
            "TRESTLE_SUPERUSER_PASSWORD: This password is too short",
        ),
        (["--username", "x", "--email", "bad"], {}, "is not an email address"),
    ],
)
def test_createsuperuser_refusals(
    run: Run, tmp_path: Path, arguments: list[str], env: dict[str, str], message: str
) -> None:
    result = run("createsuperuser", *arguments, env=env)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert users(tmp_path) == []


def test_createsuperuser_taken_username(run: Run) -> None:
    run("createsuperuser", "--noinput", "--username", "root")
    again = run("createsuperuser", "--noinput", "--username", "root")
    assert again.exit_code == 1
    assert "the username 'root' is taken" in again.output


def test_changepassword(run: Run, tmp_path: Path) -> None:
    run("createsuperuser", "--noinput", "--username", "ops")
    result = run("changepassword", "ops", input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "The password of 'ops' is changed." in result.output
    from trestle.auth.hashers import PasswordHasher

    assert PasswordHasher().verify(users(tmp_path)[0][4], NEW_PASSWORD)


def test_changepassword_defaults_to_the_system_user(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "ops")
    run("createsuperuser", "--noinput", "--username", "ops")
    result = run("changepassword", input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert result.exit_code == 0, result.output


def test_changepassword_refusals(run: Run) -> None:
    missing = run("changepassword", "ghost")
    assert missing.exit_code == 1
    assert "there is no user 'ghost'" in missing.output
    run("createsuperuser", "--noinput", "--username", "ops")
    bad = run("changepassword", "ops", input="1\n1\n2\n3\npassword\npassword\n")
    assert bad.exit_code == 1
    assert "no acceptable password after 3 attempts" in bad.output


def test_commands_before_migrate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = f"authsite_{uuid.uuid4().hex[:8]}"
    (tmp_path / package).mkdir()
    (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / package / "settings.py").write_text(
        f'SECRET_KEY = "k" * 50\nINSTALLED_APPS = ["trestle.sessions", "trestle.auth"]\n'
        f'DATABASE_URL = "sqlite:///{tmp_path / "fresh.sqlite3"}"\n'
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        result = CliRunner().invoke(
            main,
            [
                "--settings",
                f"{package}.settings",
                "createsuperuser",
                "--noinput",
                "--username",
                "x",
            ],
        )
        assert result.exit_code == 1
        assert "run `trestle migrate` first" in result.output
    finally:
        for name in [name for name in sys.modules if name.startswith(package)]:
            del sys.modules[name]


def test_createsuperuser_logs_in_through_the_site(run: Run, tmp_path: Path) -> None:
    """The account the command makes logs in on the project's login page."""
    run(
        "createsuperuser",
        "--noinput",
        env={"TRESTLE_SUPERUSER_USERNAME": "root", "TRESTLE_SUPERUSER_PASSWORD": PASSWORD},
    )
    from trestle.apps import build_app

    package = next(name for name in sys.modules if name.startswith("authsite_") and "." not in name)
    app = build_app(f"{package}.settings")
    with app.test_client() as client:
        response = client.post("/accounts/login/", data={"username": "root", "password": PASSWORD})
        assert response.status_code == 303
