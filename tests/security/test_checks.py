"""The security battery's checks, run through ``trestle check`` (run_checks) on real apps."""

from __future__ import annotations

from typing import Any

from trestle import App
from trestle.apps import build_app
from trestle.apps.checks import run_checks
from trestle.conf import Settings
from trestle.security import CSRFMiddleware, SecurityMiddleware
from trestle.security.checks import checks
from trestle.sessions import SessionMiddleware

KEY = "checks-test-key-" + "k" * 40


def project(installed: list[str], **settings: Any) -> App:
    values = {"SECRET_KEY": KEY, "ALLOWED_HOSTS": ["example.com"], **settings}
    return build_app(Settings({"INSTALLED_APPS": installed, **values}))


def ids(app: App, *, deploy: bool) -> set[str]:
    return {message.id for message in run_checks(app, deploy=deploy)}


def test_a_project_with_the_batteries_has_its_middleware_in_order() -> None:
    app = project(["trestle.sessions", "trestle.security"])
    found = ids(app, deploy=True)
    assert not found & {"security.W010", "security.W014", "security.W018"}
    names = [type(layer.source).__name__ for layer in app.build().layers]
    ours = [name for name in names if name.endswith(("SessionMiddleware", "CSRFMiddleware"))]
    assert ours == ["SessionMiddleware", "CSRFMiddleware"]
    assert "SecurityMiddleware" in names


def test_csrf_before_sessions_is_reported_even_without_deploy() -> None:
    app = project(["trestle.security", "trestle.sessions"])
    assert "security.W018" in ids(app, deploy=False)


def test_deploy_findings_for_weakened_settings() -> None:
    app = project(
        ["trestle.sessions", "trestle.security"],
        SECURE_CONTENT_TYPE_NOSNIFF=False,
        X_FRAME_OPTIONS="SAMEORIGIN",
        SECURE_REFERRER_POLICY="",
        SECURE_CSP={},
        SECURE_HSTS_SECONDS=3600,
        SESSION_COOKIE_HTTPONLY=False,
    )
    found = ids(app, deploy=True)
    expected = {f"security.W0{n}" for n in (11, 12, 13, 15, 16, 17)}
    assert expected <= found
    assert not expected & ids(app, deploy=False)


def test_missing_middleware_is_reported_for_a_one_file_app() -> None:
    app = App({"SECRET_KEY": KEY})
    found = {finding.id for finding in checks(app, deploy=True)}
    assert {"security.W010", "security.W014"} <= found
    complete = App({"SECRET_KEY": KEY})
    complete.add_middleware(SecurityMiddleware)
    complete.add_middleware(SessionMiddleware)
    complete.add_middleware(CSRFMiddleware)
    assert checks(complete, deploy=True) == []
    every = checks(app, deploy=True)
    assert all(f.hint and f.message and f.level in ("warning", "info") for f in every)


def test_the_deploy_defaults_are_clean() -> None:
    app = project(["trestle.sessions", "trestle.security"])
    security_ids = {i for i in ids(app, deploy=True) if i.startswith("security.W01")}
    assert security_ids == set()
