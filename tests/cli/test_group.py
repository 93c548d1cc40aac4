"""The command group: lazy commands, the batteries' and the apps' commands, the project."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from trestle.cli import Project, main
from trestle.cli.group import BATTERY_COMMANDS, CORE_COMMANDS, Entry

from .conftest import SMALL_PROJECT

WriteFiles = Callable[[dict[str, str]], Path]


def invoke(*arguments: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(arguments), prog_name="trestle", env=env, input=input)


@pytest.mark.parametrize("name", sorted(CORE_COMMANDS))
def test_the_table_matches_each_command(name: str) -> None:
    entry = CORE_COMMANDS[name]
    command = getattr(__import__(entry.module, fromlist=["_"]), entry.attribute)
    assert command.name == name
    assert command.help.split("\n")[0] == entry.help
    assert invoke(name, "--help").exit_code == 0


def test_help_lists_every_command_in_sections(clean_env: None) -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for name in [*CORE_COMMANDS, *BATTERY_COMMANDS]:
        assert f"\n  {name} " in result.output
    sections = [line for line in result.output.splitlines() if line.endswith(":")]
    assert sections == [
        "Options:",
        "Create:",
        "Run:",
        "Inspect:",
        "Database:",
        "Static files:",
        "Users:",
        "Sessions:",
    ]


def test_help_imports_no_command_and_no_project() -> None:
    code = (
        "import sys\n"
        "from trestle.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = [m for m in sys.modules if m.startswith(('trestle.cli', 'trestle.apps', "
        "'trestle.conf.loading', 'trestle.db', 'trestle.auth')) or m in "
        "('granian', 'jinja2', 'sqlalchemy', 'pydantic', 'dotenv', 'asyncio')]\n"
        "print(sorted(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
        env={"PATH": "/usr/bin:/bin"},
    )
    loaded = result.stdout.splitlines()[-1]
    assert loaded == "['trestle.cli', 'trestle.cli.group', 'trestle.cli.project']"


def test_a_missing_battery_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        BATTERY_COMMANDS,
        "frobnicate",
        Entry("trestle.nosuchbattery.commands", "", "Frobnicate.", "Database", "trestle.nosuch"),
    )
    result = invoke("frobnicate", "--some-option", "x")
    assert result.exit_code == 1
    assert result.output == (
        "Error: `frobnicate` comes with trestle.nosuch, which this installation of Trestle "
        "does not include yet\n"
    )


def test_a_battery_without_the_command_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, write_files: WriteFiles
) -> None:
    write_files({"fakebattery.py": "import click\ncommands = []\n"})
    monkeypatch.setitem(
        BATTERY_COMMANDS, "frobnicate", Entry("fakebattery", "", "F.", "Database", "fakebattery")
    )
    assert "comes with fakebattery, which" in invoke("frobnicate").output


def test_a_broken_battery_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, write_files: WriteFiles
) -> None:
    write_files({"brokenbattery.py": "import click\n\nraise RuntimeError('half-written')\n"})
    monkeypatch.setitem(
        BATTERY_COMMANDS,
        "frobnicate",
        Entry("brokenbattery", "", "F.", "Database", "brokenbattery"),
    )
    result = invoke("frobnicate")
    assert result.exit_code == 1
    assert result.output == (
        "Error: loading the commands of brokenbattery failed: RuntimeError: half-written "
        "(brokenbattery.py, line 3)\n"
    )


def test_a_battery_command_is_found(
    monkeypatch: pytest.MonkeyPatch, write_files: WriteFiles
) -> None:
    write_files(
        {
            "goodbattery.py": """\
                import click

                @click.command("frobnicate")
                @click.option("--times", type=int, default=1)
                def frobnicate(times):
                    \"\"\"Frobnicate.\"\"\"
                    click.echo("frob " * times)

                commands = [frobnicate]
            """
        }
    )
    monkeypatch.setitem(
        BATTERY_COMMANDS, "frobnicate", Entry("goodbattery", "", "F.", "Database", "goodbattery")
    )
    assert invoke("frobnicate", "--times", "2").output == "frob frob \n"


def test_dbshell_falls_back_to_trestles_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        BATTERY_COMMANDS,
        "dbshell",
        BATTERY_COMMANDS["dbshell"]._replace(module="trestle.nosuchbattery.commands"),
    )
    result = invoke("dbshell", "--help")
    assert result.exit_code == 0
    assert "sqlite3 for SQLite, psql for PostgreSQL" in result.output


def test_apps_add_commands(write_files: WriteFiles) -> None:
    write_files(SMALL_PROJECT)
    result = invoke("--settings", "mysite.settings", "publish", "hello")
    assert (result.exit_code, result.output) == (0, "published hello in mysite.settings\n")
    listed = invoke("--settings", "mysite.settings", "--help").output
    assert "blog (app):\n  publish " in listed
    assert "Publish a post now." in listed


def test_app_commands_through_the_environment(write_files: WriteFiles) -> None:
    write_files(SMALL_PROJECT)
    result = invoke("publish", "x", env={"TRESTLE_SETTINGS_MODULE": "mysite.settings"})
    assert result.output == "published x in mysite.settings\n"


def test_unknown_command_in_a_project(write_files: WriteFiles) -> None:
    write_files(SMALL_PROJECT)
    result = invoke("--settings", "mysite.settings", "publsh")
    assert result.exit_code == 2
    assert "No such command 'publsh'" in result.output


def test_help_still_works_with_a_broken_project(write_files: WriteFiles) -> None:
    write_files({**SMALL_PROJECT, "mysite/settings.py": "DEBUG = True\nINSTALLED_APPS = [\n"})
    result = invoke("--settings", "mysite.settings", "--help")
    assert result.exit_code == 0
    assert "runserver" in result.output


def test_a_broken_app_command_module_is_a_clear_error(write_files: WriteFiles) -> None:
    write_files({**SMALL_PROJECT, "blog/commands.py": "import click\n\ncommands = [undefined]\n"})
    result = invoke("--settings", "mysite.settings", "publish", "x")
    assert result.exit_code == 1
    assert result.output == (
        "Error: importing blog.commands failed: NameError: name 'undefined' is not defined "
        "(blog/commands.py, line 3)\n"
    )


def test_a_missing_app_is_a_clear_error_for_its_commands(write_files: WriteFiles) -> None:
    write_files(
        {**SMALL_PROJECT, "mysite/settings.py": "DEBUG = True\nINSTALLED_APPS = ['nope']\n"}
    )
    result = invoke("--settings", "mysite.settings", "publish", "x")
    assert result.exit_code == 1
    assert "INSTALLED_APPS names 'nope', but there is no such module" in result.output


def test_commands_see_the_project(write_files: WriteFiles) -> None:
    write_files(SMALL_PROJECT)
    seen: list[Project] = []

    @click.command("inspect-project")
    def inspect_project() -> None:
        seen.append(click.get_current_context().obj)

    main.add_command(inspect_project)
    try:
        assert invoke("--settings", "mysite.settings", "inspect-project").exit_code == 0
    finally:
        del main.commands["inspect-project"]
    (project,) = seen
    assert project.is_project and project.settings_module == "mysite.settings"
    assert project.settings.INSTALLED_APPS == ["blog"]
    assert [config.label for config in project.apps.get_app_configs()] == ["blog"]
    assert project.app.extensions["apps"] is project.apps
    assert project.describe() == "the project mysite.settings"


def test_a_one_file_app_is_a_project_too(write_files: WriteFiles) -> None:
    write_files({"hello.py": "from trestle import App\napp = App({'DEBUG': True})\n"})
    project = Project(app_target="hello:app")
    assert not project.is_project and project.found
    assert project.settings.DEBUG is True
    assert len(project.apps) == 0
    assert project.describe() == "the app hello:app"


def test_no_project_is_a_clear_error(clean_env: None) -> None:
    result = invoke("routes")
    assert result.exit_code == 1
    assert result.output.startswith("Error: no project found: run it from your project's folder")
    assert "TRESTLE_SETTINGS_MODULE" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", sorted(BATTERY_COMMANDS))
def test_the_battery_table_matches_the_batteries(name: str) -> None:
    import importlib

    entry = BATTERY_COMMANDS[name]
    try:
        module = importlib.import_module(entry.module)
    except ModuleNotFoundError:
        pytest.skip(f"{entry.provider} is not in this installation")
    found = {command.name: command for command in module.commands}
    if name not in found:
        assert name == "dbshell", f"{entry.module} does not ship {name}"
        return  # Trestle's own stands in (test_dbshell_falls_back_to_trestles_own)
    assert (found[name].help or "").split("\n")[0] == entry.help


def test_list_commands_for_completion(write_files: WriteFiles) -> None:
    write_files(SMALL_PROJECT)
    with main.make_context("trestle", ["--settings", "mysite.settings"]) as ctx:
        names = main.list_commands(ctx)
    assert {"publish", "runserver", "migrate", "startapp"} <= set(names)
    assert names == sorted(names)


def test_commands_added_in_code_are_listed(clean_env: None) -> None:
    @click.command("hello-world")
    def hello_world() -> None:
        """Say hello."""

    main.add_command(hello_world)
    try:
        result = invoke("--help")
    finally:
        del main.commands["hello-world"]
    assert "Other:\n  hello-world " in result.output
    assert "Say hello." in result.output


def test_an_app_that_fails_to_import_is_a_clear_error(write_files: WriteFiles) -> None:
    write_files({**SMALL_PROJECT, "blog/__init__.py": "raise RuntimeError('half-written')\n"})
    result = invoke("--settings", "mysite.settings", "publish", "x")
    assert result.exit_code == 1
    assert result.output == (
        "Error: importing the app 'blog' failed: RuntimeError: half-written "
        "(blog/__init__.py, line 1)\n"
    )
