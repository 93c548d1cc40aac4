"""Loading a project's settings: the module, .env, the environment, and errors with a place."""

from __future__ import annotations

from pathlib import Path

import pytest

from trestle import Settings
from trestle.conf import SettingsError
from trestle.conf.loading import (
    check_project_settings,
    exception_summary,
    load_settings,
    project_dir,
    settings_module_name,
)

from .conftest import WriteFiles

SETTINGS = """\
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEBUG = True
SECRET_KEY = "from-the-file"
ALLOWED_HOSTS = ["example.com"]
SHOP_CURRENCY = "EUR"
"""


def message(**kwargs: object) -> str:
    with pytest.raises(SettingsError) as raised:
        load_settings(**kwargs)  # type: ignore[arg-type]
    return str(raised.value)


def test_loads_the_module_named_by_the_variable(tree: WriteFiles) -> None:
    root = tree({"mysite/__init__.py": "", "mysite/settings.py": SETTINGS})
    settings = load_settings(environ={"TRESTLE_SETTINGS_MODULE": "mysite.settings"})
    assert settings.DEBUG is True
    assert settings.ALLOWED_HOSTS == ["example.com"]
    assert settings.SHOP_CURRENCY == "EUR"
    assert Path(settings.BASE_DIR) == root.resolve()


def test_the_argument_wins_over_the_variable(tree: WriteFiles) -> None:
    tree({"one.py": "DEBUG = True\n", "two.py": "DEBUG = False\n"})
    settings = load_settings("two", environ={"TRESTLE_SETTINGS_MODULE": "one"})
    assert settings.DEBUG is False


def test_missing_variable_names_it(tree: WriteFiles) -> None:
    text = message(environ={})
    assert text.startswith("no settings module: set the TRESTLE_SETTINGS_MODULE environment")
    assert "mysite.settings" in text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("mysite.setings", "cannot find the settings module 'mysite.setings' named by "),
        ("nowhere.settings", "cannot find the settings module 'nowhere.settings'"),
        ("my-site.settings", "TRESTLE_SETTINGS_MODULE='my-site.settings' is not a module name"),
    ],
)
def test_missing_module_is_a_clear_error(tree: WriteFiles, name: str, expected: str) -> None:
    tree({"mysite/__init__.py": "", "mysite/settings.py": SETTINGS})
    text = message(environ={"TRESTLE_SETTINGS_MODULE": name})
    assert text.startswith(expected)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("DEBUG = True\nSECRET_KEY = 'x\n", "SyntaxError: unterminated string literal"),
        ("DEBUG = True\nALLOWED_HOSTS = [HOST]\n", "NameError: name 'HOST' is not defined"),
        ("import nosuchthing\n", "ModuleNotFoundError: No module named 'nosuchthing'"),
        ("import sys\nsys.exit(2)\n", "SystemExit: 2"),
    ],
    ids=["syntax", "name", "import", "exit"],
)
def test_broken_settings_file_gives_file_and_line(
    tree: WriteFiles, source: str, expected: str
) -> None:
    tree({"mysite/__init__.py": "", "mysite/settings.py": source})
    text = message(environ={"TRESTLE_SETTINGS_MODULE": "mysite.settings"})
    assert text.startswith("the settings module 'mysite.settings' has an error: ")
    assert expected in text
    line = source.count("\n")
    assert text.endswith(f"(mysite/settings.py, line {line})")


def test_broken_package_of_the_settings(tree: WriteFiles) -> None:
    tree({"mysite/__init__.py": "1 / 0\n", "mysite/settings.py": SETTINGS})
    text = message(environ={"TRESTLE_SETTINGS_MODULE": "mysite.settings"})
    assert text == (
        "cannot load the settings module 'mysite.settings': ZeroDivisionError: division by "
        "zero (mysite/__init__.py, line 1)"
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("ALLOWED_HOST = ['x']", "unknown setting ALLOWED_HOST: did you mean ALLOWED_HOSTS?"),
        ("DEBUG = 'yes'", "setting DEBUG must be a bool, got 'yes'"),
        (
            "REQUEST_MAX_BODY_SIZE = -5",
            "setting REQUEST_MAX_BODY_SIZE must be a non-negative int, got -5",
        ),
        ("BASE_DIR = 3", "setting BASE_DIR must be a str or Path, got 3"),
        ("DATABASES = ['sqlite://']", "setting DATABASES must be a dict, got ['sqlite://']"),
    ],
)
def test_wrong_settings_point_at_their_line(tree: WriteFiles, line: str, expected: str) -> None:
    tree({"mysite/__init__.py": "", "mysite/settings.py": f"{SETTINGS}\n# a comment\n{line}\n"})
    text = message(environ={"TRESTLE_SETTINGS_MODULE": "mysite.settings"})
    assert text == f"mysite/settings.py, line 10: {expected}"


def test_paths_are_accepted_for_folders(tree: WriteFiles) -> None:
    tree({"site_settings.py": "from pathlib import Path\nSTATIC_ROOT = Path('/srv/static')\n"})
    settings = load_settings("site_settings", environ={})
    root = settings.STATIC_ROOT
    assert isinstance(root, Path) and str(root) == "/srv/static"


def test_dotenv_next_to_the_project(tree: WriteFiles) -> None:
    tree(
        {
            "mysite/__init__.py": "",
            "mysite/settings.py": SETTINGS,
            ".env": (
                "# local\nSECRET_KEY=from-dotenv\nTRESTLE_DEBUG=0\n"
                "export TRESTLE_ALLOWED_HOSTS=a.example,b.example\n"
            ),
        }
    )
    settings = load_settings("mysite.settings", environ={})
    assert settings.SECRET_KEY == "from-dotenv"
    assert settings.DEBUG is False
    assert settings.ALLOWED_HOSTS == ["a.example", "b.example"]


def test_the_environment_wins_over_dotenv(tree: WriteFiles) -> None:
    tree({"mysite/__init__.py": "", "mysite/settings.py": SETTINGS, ".env": "SECRET_KEY=dotenv\n"})
    settings = load_settings("mysite.settings", environ={"SECRET_KEY": "real"})
    assert settings.SECRET_KEY == "real"
    assert load_settings("mysite.settings", environ={}, dotenv=False).SECRET_KEY == "from-the-file"


def test_dotenv_does_not_touch_the_process_environment(
    tree: WriteFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    monkeypatch.delenv("SHOP_TOKEN", raising=False)
    tree({"mysite/__init__.py": "", "mysite/settings.py": SETTINGS, ".env": "SHOP_TOKEN=abc\n"})
    load_settings("mysite.settings", environ={})
    assert "SHOP_TOKEN" not in os.environ


def test_a_bad_value_in_dotenv_points_at_its_line(tree: WriteFiles) -> None:
    tree(
        {
            "mysite/__init__.py": "",
            "mysite/settings.py": SETTINGS,
            ".env": "SECRET_KEY=abc\n\nTRESTLE_DEBUG=perhaps\n",
        }
    )
    text = message(module="mysite.settings", environ={})
    assert text == (
        ".env, line 3: environment: TRESTLE_DEBUG='perhaps' is not a boolean (use 1/0, true/false)"
    )


def test_a_bad_value_in_the_environment_says_so(tree: WriteFiles) -> None:
    tree({"mysite/__init__.py": "", "mysite/settings.py": SETTINGS})
    text = message(module="mysite.settings", environ={"TRESTLE_DEBUG": "perhaps"})
    assert text.startswith("environment: TRESTLE_DEBUG='perhaps' is not a boolean")


def test_project_dir_is_the_folder_of_manage_py(tree: WriteFiles) -> None:
    import importlib

    root = tree(
        {
            "mysite/__init__.py": "",
            "mysite/conf/__init__.py": "",
            "mysite/conf/production.py": "DEBUG = False\n",
        }
    )
    module = importlib.import_module("mysite.conf.production")
    assert project_dir(module) == root.resolve()


def test_settings_module_name() -> None:
    assert settings_module_name({"TRESTLE_SETTINGS_MODULE": "a.b"}) == "a.b"
    assert settings_module_name({"TRESTLE_SETTINGS_MODULE": ""}) is None
    assert settings_module_name({}) is None


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"DEBUG": True}, None),
        ({"DEBUG": False, "SECRET_KEY": "a-real-secret"}, None),
        ({"DEBUG": False}, "SECRET_KEY is empty and DEBUG is off: set the SECRET_KEY"),
        (
            {"DEBUG": False, "SECRET_KEY": "trestle-insecure-abc"},
            "SECRET_KEY is the development key from settings.py and DEBUG is off",
        ),
    ],
)
def test_no_secret_key_without_debug(values: dict[str, object], expected: str | None) -> None:
    settings = Settings(values, environ={})
    if expected is None:
        check_project_settings(settings)
        return
    with pytest.raises(SettingsError, match=expected):
        check_project_settings(settings)


def test_exception_summary_prefers_the_project_line(tree: WriteFiles) -> None:
    import importlib

    tree({"shop.py": "import json\n\njson.loads('{')\n"})
    with pytest.raises(ValueError) as raised:
        importlib.import_module("shop")
    summary = exception_summary(raised.value)
    assert summary.startswith("JSONDecodeError: Expecting property name")
    assert summary.endswith("(shop.py, line 3)")


def test_exception_summary_without_traceback() -> None:
    assert exception_summary(KeyError("x")) == "KeyError: 'x'"
