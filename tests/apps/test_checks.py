"""The check framework and Trestle's own checks (``trestle check``, ``check --deploy``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest

from trestle import App, Settings
from trestle.apps import build_app
from trestle.apps.checks import CheckMessage, Error, Warning, run_checks

from .conftest import WriteFiles

STRONG_KEY = "k3Y-" + "".join(chr(65 + (i * 7) % 26) for i in range(60))

PRODUCTION = {
    "DEBUG": False,
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": ["example.com"],
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_SSL_REDIRECT": True,
}


def ids(messages: Iterable[CheckMessage]) -> list[str]:
    return [message.id for message in messages]


def test_messages() -> None:
    error = Error("x.E001", "broken", "fix it")
    assert error.is_error and error.level == "error"
    assert str(error) == "x.E001: broken\n    hint: fix it"
    assert str(Warning("x.W001", "odd")) == "x.W001: odd"
    assert not Warning("x.W001", "odd").is_error
    assert error == Error("x.E001", "broken", "fix it") != Warning("x.E001", "broken", "fix it")
    assert error != "x.E001"
    assert len({error, Error("x.E001", "broken", "fix it")}) == 1
    assert repr(error) == "<CheckMessage error x.E001: broken>"


def test_a_sound_app_has_no_problems() -> None:
    assert run_checks(App({"DEBUG": True})) == []
    assert run_checks(App(PRODUCTION), deploy=True) == []


def test_development_settings_pass_check_but_not_deploy() -> None:
    app = App({"DEBUG": True, "SECRET_KEY": "trestle-insecure-abc"})
    assert run_checks(app) == []
    assert ids(run_checks(app, deploy=True)) == [
        "security.E001",
        "security.E003",
        "security.E004",
        "security.W003",
        "security.W004",
        "security.W005",
        "security.W006",
    ]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"DEBUG": True}, ["security.E001"]),
        ({"SECRET_KEY": ""}, ["security.E002"]),
        ({"SECRET_KEY": "trestle-insecure-" + STRONG_KEY}, ["security.E003"]),
        ({"SECRET_KEY": "short"}, ["security.W001"]),
        ({"SECRET_KEY": "ab" * 40}, ["security.W001"]),
        ({"ALLOWED_HOSTS": []}, ["security.E004"]),
        ({"ALLOWED_HOSTS": ["*"]}, ["security.W002"]),
        ({"ALLOWED_HOSTS": ["localhost", "127.0.0.1", "[::1]"]}, ["security.W007"]),
        ({"ALLOWED_HOSTS": ["LOCALHOST"]}, ["security.W007"]),
        ({"ALLOWED_HOSTS": ["localhost", "shop.example.com"]}, []),
        ({"SESSION_COOKIE_SECURE": False}, ["security.W003"]),
        ({"CSRF_COOKIE_SECURE": False}, ["security.W004"]),
        ({"SECURE_HSTS_SECONDS": 0}, ["security.W005"]),
        ({"SECURE_SSL_REDIRECT": False}, ["security.W006"]),
    ],
)
def test_deploy_checks(changes: dict[str, Any], expected: list[str]) -> None:
    app = App(Settings({**PRODUCTION, **changes}, environ={}))
    messages = run_checks(app, deploy=True)
    assert ids(messages) == expected
    assert all(message.hint for message in messages)


def test_an_app_that_does_not_build_is_an_error() -> None:
    app = App({"DEBUG": True})

    @app.get("/<int:id>")
    def show() -> None: ...

    (message,) = run_checks(app)
    assert message.id == "core.E001"
    assert message.message.startswith("the app does not build: ")


def test_missing_template_folder(tmp_path: Any) -> None:
    app = App(
        Settings({"BASE_DIR": str(tmp_path), "TEMPLATES": {"DIRS": ["templates"]}}, environ={})
    )
    (message,) = run_checks(app)
    assert (message.id, message.level) == ("core.W001", "warning")
    (tmp_path / "templates").mkdir()
    assert run_checks(app) == []


APP_WITH_CHECKS = """\
from trestle.apps import AppConfig
from trestle.apps.checks import Error, Warning


class ShopConfig(AppConfig):
    def checks(self, app, *, deploy):
        if not app.settings.get("SHOP_CURRENCY"):
            yield Error("shop.E001", "SHOP_CURRENCY is not set", "set it to EUR, USD...")
        if deploy:
            yield Warning("shop.W001", "payments are in test mode")
"""


def test_apps_add_their_checks(tree: WriteFiles) -> None:
    tree({"shop/__init__.py": "", "shop/apps.py": APP_WITH_CHECKS})
    app = build_app(Settings({"DEBUG": True, "INSTALLED_APPS": ["shop"]}, environ={}))
    assert ids(run_checks(app)) == ["shop.E001"]
    assert "shop.W001" in ids(run_checks(app, deploy=True))


def test_a_crashing_check_is_reported(tree: WriteFiles) -> None:
    tree(
        {
            "shop/__init__.py": "",
            "shop/apps.py": (
                "from trestle.apps import AppConfig\n"
                "class ShopConfig(AppConfig):\n"
                "    def checks(self, app, *, deploy):\n"
                "        return [1 / 0]\n"
            ),
        }
    )
    app = build_app(Settings({"DEBUG": True, "INSTALLED_APPS": ["shop"]}, environ={}))
    (message,) = run_checks(app)
    assert message.id == "checks.E001"
    assert message.message == (
        "the check shop app's checks() failed: ZeroDivisionError: division by zero "
        "(shop/apps.py, line 4)"
    )
