"""``trestle check`` for trestle.auth (through the project's check runner)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from trestle.apps import build_app
from trestle.apps.checks import run_checks
from trestle.conf.settings import Settings


def auth_ids(tmp_path: Path, *, deploy: bool, **settings: Any) -> list[str]:
    values = {
        "SECRET_KEY": "k" * 50,
        "INSTALLED_APPS": ["trestle.sessions", "trestle.auth"],
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **settings,
    }
    app = build_app(Settings(values))
    try:
        return [m.id for m in run_checks(app, deploy=deploy) if m.id.startswith("auth.")]
    finally:
        app.extensions["db"].dispose()


def test_defaults_pass_outside_deploy(tmp_path: Path) -> None:
    assert auth_ids(tmp_path, deploy=False) == []


def test_deploy_without_a_host_check(tmp_path: Path) -> None:
    assert auth_ids(tmp_path, deploy=True) == ["auth.W004"]


def test_deploy_with_security(tmp_path: Path) -> None:
    installed = ["trestle.sessions", "trestle.security", "trestle.auth"]
    assert auth_ids(tmp_path, deploy=True, INSTALLED_APPS=installed) == []


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"PASSWORD_ARGON2_MEMORY_COST": 1024}, "auth.W001"),
        ({"PASSWORD_ARGON2_TIME_COST": 1}, "auth.W001"),
        ({"AUTH_PASSWORD_VALIDATORS": []}, "auth.W002"),
        ({"LOGIN_THROTTLE_STORE": "memory"}, "auth.W003"),
    ],
)
def test_weak_settings(tmp_path: Path, settings: dict[str, Any], expected: str) -> None:
    assert expected in auth_ids(tmp_path, deploy=True, **settings)


def test_owasp_alternatives_pass(tmp_path: Path) -> None:
    strong = {"PASSWORD_ARGON2_MEMORY_COST": 7168, "PASSWORD_ARGON2_TIME_COST": 5}
    assert auth_ids(tmp_path, deploy=False, **strong) == []
