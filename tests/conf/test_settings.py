"""Settings: defaults, given values, the environment, and clear errors for mistakes."""

from __future__ import annotations

import types

import pytest

from trestle import App, Settings
from trestle.conf import SettingsError


def test_defaults_are_safe() -> None:
    settings = Settings(environ={})
    assert settings.DEBUG is False
    assert settings.TRUSTED_PROXIES == []
    assert settings.REQUEST_MAX_BODY_SIZE == 10 * 1024 * 1024


def test_given_values_and_environment_overrides() -> None:
    settings = Settings(
        {"DEBUG": False, "MY_OWN_SETTING": 3},
        environ={
            "TRESTLE_DEBUG": "true",
            "TRESTLE_TRUSTED_PROXIES": "10.0.0.1, 10.0.0.2",
            "SECRET_KEY": "from-env",
            "TRESTLE_REQUEST_MAX_BODY_SIZE": "100",
        },
    )
    assert settings.DEBUG is True
    assert settings.TRUSTED_PROXIES == ["10.0.0.1", "10.0.0.2"]
    assert settings.SECRET_KEY == "from-env"
    assert settings.REQUEST_MAX_BODY_SIZE == 100
    assert settings.MY_OWN_SETTING == 3


def test_json_lists_in_the_environment() -> None:
    settings = Settings(environ={"TRESTLE_TRUSTED_PROXIES": '["10.0.0.0/8"]'})
    assert settings.TRUSTED_PROXIES == ["10.0.0.0/8"]


def test_json_objects_in_the_environment() -> None:
    settings = Settings(environ={"TRESTLE_LOGGING": '{"version": 1}'})
    assert settings.LOGGING == {"version": 1}


def test_database_url_without_the_prefix() -> None:
    assert Settings(environ={"DATABASE_URL": "sqlite:///x.db"}).DATABASE_URL == "sqlite:///x.db"


def test_folders_may_be_paths() -> None:
    from pathlib import Path

    base = Settings({"BASE_DIR": Path("/srv")}, environ={}).BASE_DIR
    assert isinstance(base, Path) and str(base) == "/srv"
    with pytest.raises(SettingsError, match="BASE_DIR must be a str or Path, got 3"):
        Settings({"BASE_DIR": 3}, environ={})
    with pytest.raises(SettingsError, match="SECRET_KEY must be a str"):
        Settings({"SECRET_KEY": Path("/srv")}, environ={})


@pytest.mark.parametrize(
    ("values", "environ", "message"),
    [
        ({"ALLOWED_PROXIES": []}, {}, None),  # not close to anything: a project's own setting
        ({"TRUSTED_PROXIE": []}, {}, "did you mean TRUSTED_PROXIES"),
        ({"DEBUG": "yes"}, {}, "DEBUG must be a bool"),
        ({"REQUEST_MAX_BODY_SIZE": -1}, {}, "non-negative int"),
        ({"REQUEST_MAX_BODY_SIZE": True}, {}, "non-negative int"),
        ({"debug": True}, {}, "upper-case"),
        ({}, {"TRESTLE_DEBUG": "maybe"}, "not a boolean"),
        ({}, {"TRESTLE_REQUEST_MAX_BODY_SIZE": "10MB"}, "not an integer"),
        ({}, {"TRESTLE_TRUSTED_PROXIES": "[not json"}, "not a JSON list"),
        ({}, {"TRESTLE_LOGGING": "{not json"}, "TRESTLE_LOGGING is not a JSON object"),
        ({}, {"TRESTLE_LOGGING": "[1]"}, "TRESTLE_LOGGING must be a JSON object"),
        ({"INSTALLED_APPS": "blog"}, {}, "INSTALLED_APPS must be a list, got 'blog'"),
        ({"TEMPLATES": []}, {}, "TEMPLATES must be a dict, got \\[\\]"),
        (
            {"SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https")},
            {},
            "SECURE_PROXY_SSL_HEADER is not a Trestle setting: .* TRUSTED_PROXIES",
        ),
    ],
)
def test_mistakes_are_clear_errors(values, environ, message) -> None:
    if message is None:
        Settings(values, environ=environ)
        return
    with pytest.raises(SettingsError, match=message):
        Settings(values, environ=environ)


def test_unknown_attribute_suggests_the_close_name() -> None:
    with pytest.raises(AttributeError, match="did you mean DEBUG"):
        Settings(environ={}).DEBGU  # noqa: B018


def test_from_module() -> None:
    module = types.ModuleType("mysite_settings")
    module.DEBUG = True  # type: ignore[attr-defined]
    module.lowercase_ignored = 1  # type: ignore[attr-defined]
    settings = Settings.from_module(module, environ={})
    assert settings.DEBUG is True
    assert settings.get("lowercase_ignored") is None


def test_two_apps_with_different_settings_side_by_side(make_client) -> None:
    small = App({"REQUEST_MAX_BODY_SIZE": 10})
    large = App({"REQUEST_MAX_BODY_SIZE": 1000})
    for app in (small, large):
        app.add_route("/", lambda request: str(len(request.body)), methods=["POST"])
    assert make_client(small).post("/", content=b"x" * 100).status_code == 413
    assert make_client(large).post("/", content=b"x" * 100).text == "100"


def test_a_bad_trusted_proxy_is_reported_at_build() -> None:
    app = App({"TRUSTED_PROXIES": ["not-an-ip"]})
    with pytest.raises(ValueError, match="not-an-ip"):
        app.build()
