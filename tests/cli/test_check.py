"""``trestle check``: problems with ids and hints, exit status 1 on errors, ``--deploy``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result

from trestle.cli import main

from .conftest import SMALL_PROJECT

WriteFiles = Callable[[dict[str, str]], Path]


def invoke(*arguments: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(arguments), prog_name="trestle", env=env)


def test_a_sound_project(write_files: WriteFiles) -> None:
    write_files(SMALL_PROJECT)
    result = invoke("--settings", "mysite.settings", "check")
    assert (result.exit_code, result.output) == (
        0,
        "No problems found in the project mysite.settings.\n",
    )


def test_deploy_reports_each_problem_with_a_hint(write_files: WriteFiles) -> None:
    write_files(SMALL_PROJECT)
    result = invoke("--settings", "mysite.settings", "check", "--deploy")
    assert result.exit_code == 1
    assert "ERROR security.E001: DEBUG is on" in result.output
    assert "    hint: set TRESTLE_DEBUG=0 in the production environment" in result.output
    assert "ERROR security.E002: SECRET_KEY is empty" in result.output
    assert "WARNING security.W005: SECURE_HSTS_SECONDS is 0" in result.output
    assert result.output.endswith("3 errors, 4 warnings.\n")
    assert "\x1b[" not in result.output  # no colour when the output is not a terminal


def test_deploy_with_the_development_key_reports_it(write_files: WriteFiles) -> None:
    # The key refused at start-up is one problem among others here, not a crash.
    write_files(SMALL_PROJECT)
    env = {"TRESTLE_DEBUG": "0", "SECRET_KEY": "trestle-insecure-abc"}
    result = invoke("--settings", "mysite.settings", "check", "--deploy", env=env)
    assert result.exit_code == 1
    assert "ERROR security.E003: SECRET_KEY is the development key" in result.output
    assert "security.E001" not in result.output


def test_warnings_fail_only_when_asked(write_files: WriteFiles) -> None:
    write_files(SMALL_PROJECT)
    env = {
        "TRESTLE_DEBUG": "0",
        "SECRET_KEY": "x" * 10 + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH",
        "TRESTLE_ALLOWED_HOSTS": "example.com",
    }
    passing = invoke("--settings", "mysite.settings", "check", "--deploy", env=env)
    assert passing.exit_code == 0
    assert passing.output.endswith("0 errors, 4 warnings.\n")
    failing = invoke(
        "--settings", "mysite.settings", "check", "--deploy", "--fail-level", "warning", env=env
    )
    assert failing.exit_code == 1


def test_a_project_that_does_not_build(write_files: WriteFiles) -> None:
    urls = (
        "from trestle import path\n\ndef show():\n    pass\n\n"
        "urlpatterns = [path('<int:id>', show)]\n"
    )
    write_files({**SMALL_PROJECT, "blog/urls.py": urls})
    result = invoke("--settings", "mysite.settings", "check")
    assert result.exit_code == 1
    assert result.output.startswith(
        "ERROR core.E001: the app does not build: ViewError: view blog.urls.show does not take "
        "the path parameter(s) id"
    )
    assert "Traceback" not in result.output


def test_a_one_file_app_that_does_not_build(write_files: WriteFiles) -> None:
    write_files(
        {
            "broken.py": (
                "from trestle import App\napp = App()\n\n@app.get('/<int:id>')\ndef f(): ...\n"
            )
        }
    )
    result = invoke("--app", "broken:app", "check")
    assert result.exit_code == 1
    assert result.output.startswith("Error: the app broken:app has an error: ViewError")


def test_a_broken_settings_file_gives_file_and_line(write_files: WriteFiles) -> None:
    write_files({**SMALL_PROJECT, "mysite/settings.py": "DEBUG = True\nALLOWED_HOSTS = [HOST]\n"})
    result = invoke("check", env={"TRESTLE_SETTINGS_MODULE": "mysite.settings"})
    assert result.exit_code == 1
    assert result.output == (
        "Error: the settings module 'mysite.settings' has an error: NameError: name 'HOST' is "
        "not defined (mysite/settings.py, line 2)\n"
    )


def test_a_typo_in_settings_is_pointed_at(write_files: WriteFiles) -> None:
    write_files({**SMALL_PROJECT, "mysite/settings.py": "DEBUG = True\n\nINSTALED_APPS = []\n"})
    result = invoke("--settings", "mysite.settings", "check")
    assert result.output == (
        "Error: mysite/settings.py, line 3: unknown setting INSTALED_APPS: did you mean "
        "INSTALLED_APPS?\n"
    )


def test_a_missing_settings_module(write_files: WriteFiles) -> None:
    result = invoke("--settings", "mysite.setings", "check")
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: cannot find the settings module 'mysite.setings' named by TRESTLE_SETTINGS_MODULE"
    )
