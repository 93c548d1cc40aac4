"""The ``trestle`` command group: every command is imported only when it runs.

Three kinds of commands, found in this order:

- Trestle's own (startproject, runserver, check...), in ``trestle.cli``;
- the batteries', in ``trestle/<battery>/commands.py``: a module-level list
  ``commands: list[click.Command]``;
- the installed apps' own, in ``<app>/commands.py``, the same way.

``trestle --help`` lists the first two from the tables below, without importing anything,
and the apps' commands when a project is named.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import NamedTuple

import click

from trestle.cli.project import Project


class Entry(NamedTuple):
    """Where a command lives and what ``--help`` says of it before it is imported."""

    module: str
    attribute: str  # "" for a battery module's `commands` list
    help: str
    section: str
    provider: str = ""  # the battery that ships it, for the error when it is missing


#: Trestle's own commands. The help texts equal the commands' first docstring line
#: (tests/cli/test_group.py checks it).
CORE_COMMANDS: dict[str, Entry] = {
    "startproject": Entry(
        "trestle.cli.scaffold", "startproject_command", "Create a new project.", "Create"
    ),
    "startapp": Entry(
        "trestle.cli.scaffold", "startapp_command", "Create an app in the project.", "Create"
    ),
    "runserver": Entry(
        "trestle.cli.runserver",
        "runserver_command",
        "Run the development server (it reloads when the code changes).",
        "Run",
    ),
    "serve": Entry(
        "trestle.cli.serve", "serve_command", "Serve the project in production (granian).", "Run"
    ),
    "shell": Entry(
        "trestle.cli.shell",
        "shell_command",
        "Open a Python shell with the project's app, settings and models.",
        "Run",
    ),
    "check": Entry(
        "trestle.cli.check", "check_command", "Check the project for problems.", "Inspect"
    ),
    "routes": Entry(
        "trestle.cli.routes",
        "routes_command",
        "List the routes: method, path, name, view.",
        "Inspect",
    ),
    "version": Entry(
        "trestle.cli.version",
        "version_command",
        "Show the versions of Trestle and Python.",
        "Inspect",
    ),
}

#: The batteries' commands, in ``trestle/<battery>/commands.py``. The help texts equal the
#: commands' first docstring line (tests/cli/test_group.py checks those that are installed).
BATTERY_COMMANDS: dict[str, Entry] = {
    "makemigrations": Entry(
        "trestle.db.commands",
        "",
        "Write migrations for the changes to the models (of every app, or of APPS).",
        "Database",
        "trestle.db",
    ),
    "migrate": Entry(
        "trestle.db.commands",
        "",
        "Apply migrations; with APP TARGET, go up or down to TARGET (a number, or zero).",
        "Database",
        "trestle.db",
    ),
    "showmigrations": Entry(
        "trestle.db.commands",
        "",
        "List each app's migrations, [X] when applied.",
        "Database",
        "trestle.db",
    ),
    "dbshell": Entry(
        "trestle.db.commands",
        "",
        "Open the database's own command-line client.",
        "Database",
        "trestle.db",
    ),
    "dumpdata": Entry(
        "trestle.db.commands",
        "",
        "Write rows as JSON: every model, or the apps (blog) and models (blog.post) named.",
        "Database",
        "trestle.db",
    ),
    "loaddata": Entry(
        "trestle.db.commands",
        "",
        "Load JSON fixtures (from dumpdata) into the database, all or nothing.",
        "Database",
        "trestle.db",
    ),
    "collectstatic": Entry(
        "trestle.staticfiles.commands",
        "",
        "Copy static files to STATIC_ROOT with content-hashed names, for production.",
        "Static files",
        "trestle.staticfiles",
    ),
    "createsuperuser": Entry(
        "trestle.auth.commands", "", "Create a user who can do everything.", "Users", "trestle.auth"
    ),
    "changepassword": Entry(
        "trestle.auth.commands", "", "Change a user's password.", "Users", "trestle.auth"
    ),
    "clearsessions": Entry(
        "trestle.sessions.commands",
        "",
        "Delete the expired sessions.",
        "Sessions",
        "trestle.sessions",
    ),
}

#: When a battery does not ship one of these, Trestle's own stands in.
FALLBACK_COMMANDS: dict[str, Entry] = {
    "dbshell": Entry(
        "trestle.cli.dbshell", "dbshell_command", BATTERY_COMMANDS["dbshell"].help, "Database"
    ),
}

_BATTERY_MODULES = {entry.module for entry in BATTERY_COMMANDS.values()}

SECTIONS = ("Create", "Run", "Inspect", "Database", "Static files", "Users", "Sessions")


class TrestleGroup(click.Group):
    """A click group that finds its commands lazily (see the module docstring)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = set(CORE_COMMANDS) | set(BATTERY_COMMANDS) | set(self.commands)
        names |= set(_app_commands(ctx, quiet=True))
        return sorted(names)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = self.commands.get(cmd_name)
        if command is not None:
            return command
        entry = CORE_COMMANDS.get(cmd_name)
        if entry is not None:
            return _import_attribute(entry)
        entry = BATTERY_COMMANDS.get(cmd_name)
        if entry is not None:
            return _battery_command(cmd_name, entry)
        return _app_commands(ctx, quiet=False).get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        sections: dict[str, list[tuple[str, str]]] = {name: [] for name in SECTIONS}
        for table in (CORE_COMMANDS, BATTERY_COMMANDS):
            for name, entry in table.items():
                sections[entry.section].append((name, entry.help))
        for name, command in self.commands.items():
            sections.setdefault("Other", []).append((name, command.get_short_help_str(80)))
        for label, commands in _app_commands_by_app(ctx).items():
            sections[f"{label} (app)"] = commands
        width = max(len(name) for rows in sections.values() for name, _ in rows)
        for section, rows in sections.items():
            if not rows:
                continue
            with formatter.section(section):
                # Pad the names to one width, so every section lines up with the others.
                formatter.write_dl([(name.ljust(width), text) for name, text in sorted(rows)])


def _import_attribute(entry: Entry) -> click.Command:
    module = importlib.import_module(entry.module)
    command: click.Command = getattr(module, entry.attribute)
    return command


def _battery_command(name: str, entry: Entry) -> click.Command:
    """The battery's command; or Trestle's fallback; or one that explains it is missing."""
    try:
        module = importlib.import_module(entry.module)
    except ModuleNotFoundError as error:
        if error.name and entry.module.startswith(error.name):
            return _fallback_or_missing(name, entry)
        return _broken(name, entry, error)
    except Exception as error:
        return _broken(name, entry, error)
    for command in getattr(module, "commands", ()):
        if isinstance(command, click.Command) and command.name == name:
            return command
    return _fallback_or_missing(name, entry)


def _fallback_or_missing(name: str, entry: Entry) -> click.Command:
    fallback = FALLBACK_COMMANDS.get(name)
    if fallback is not None:
        return _import_attribute(fallback)
    return _failing(
        name,
        entry.help,
        f"`{name}` comes with {entry.provider}, which this installation of Trestle does "
        "not include yet",
    )


def _broken(name: str, entry: Entry, error: BaseException) -> click.Command:
    from trestle.conf.loading import exception_summary

    return _failing(
        name,
        entry.help,
        f"loading the commands of {entry.provider} failed: {exception_summary(error)}",
    )


def _failing(name: str, help: str, message: str) -> click.Command:
    """A command that only says why it cannot run (no traceback)."""

    def explain() -> None:
        raise click.ClickException(message)

    return click.Command(
        name,
        callback=explain,
        help=help,
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    )


# -- the installed apps' commands -----------------------------------------------------------


def _project_of(ctx: click.Context) -> Project | None:
    project = ctx.find_object(Project)
    if project is None:
        params = ctx.params
        project = Project.from_environment(params.get("settings"), params.get("app"))
    return project if project.is_project else None


def _app_commands_by_app(ctx: click.Context) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for name, (label, command) in _discover(ctx, quiet=True).items():
        found.setdefault(label, []).append((name, command.get_short_help_str(80)))
    return found


def _app_commands(ctx: click.Context, *, quiet: bool) -> dict[str, click.Command]:
    return {name: command for name, (_, command) in _discover(ctx, quiet=quiet).items()}


def _discover(ctx: click.Context, *, quiet: bool) -> dict[str, tuple[str, click.Command]]:
    """The commands of the installed apps, by name: ``{name: (app label, command)}``.

    Loading the project may fail (a broken settings file); with ``quiet`` (for the help
    listing) the apps' commands are then left out; otherwise the error ends the command.
    """
    project = _project_of(ctx)
    if project is None:
        return {}
    try:
        return _load_app_commands(project, skip_batteries=quiet)
    except click.ClickException:
        if quiet:
            return {}
        raise


def _load_app_commands(
    project: Project, *, skip_batteries: bool
) -> dict[str, tuple[str, click.Command]]:
    """Import each installed app's ``commands`` module and collect its commands.

    ``skip_batteries``: leave out the batteries whose commands the tables already list (so
    ``--help`` does not import them).
    """
    from trestle.apps.config import AppConfigError, find_app_module
    from trestle.conf.loading import exception_summary

    found: dict[str, tuple[str, click.Command]] = {}
    for app_name in project.settings.INSTALLED_APPS:
        try:
            # Only the app's package and its commands module: building the whole project
            # (models, ready(), URLs) is the command's business, if it needs it.
            module = find_app_module(app_name)
        except AppConfigError as error:
            raise click.ClickException(str(error)) from None
        except Exception as error:
            raise click.ClickException(
                f"importing the app {app_name!r} failed: {exception_summary(error)}"
            ) from None
        if skip_batteries and f"{app_name}.commands" in _BATTERY_MODULES:
            continue
        folder = _folder_of(module)
        if folder is None or not (
            (folder / "commands.py").is_file() or (folder / "commands" / "__init__.py").is_file()
        ):
            continue
        try:
            commands_module = importlib.import_module(f"{app_name}.commands")
        except Exception as error:
            raise click.ClickException(
                f"importing {app_name}.commands failed: {exception_summary(error)}"
            ) from None
        label = app_name.rpartition(".")[2]
        for command in getattr(commands_module, "commands", ()):
            known = command.name in CORE_COMMANDS or command.name in BATTERY_COMMANDS
            if isinstance(command, click.Command) and command.name and not known:
                found.setdefault(command.name, (label, command))
    return found


def _folder_of(module: object) -> Path | None:
    paths = list(getattr(module, "__path__", None) or ())
    return Path(paths[0]) if paths else None
