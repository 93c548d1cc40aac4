"""The data layer's commands: ``makemigrations``, ``migrate``, ``showmigrations``,
``dumpdata`` and ``loaddata``.

They are click commands that the ``trestle`` CLI (and ``manage.py``) adds; they find the
project in ``click.get_current_context().obj`` (see :class:`ProjectLike`) and do their work
through the plain functions of :mod:`trestle.db.migrations` and :mod:`trestle.db.fixtures`.
Every failure is a one-line message and exit status 1, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from trestle.db.config import DEFAULT
from trestle.db.database import Database
from trestle.db.migrations.project import ProjectLike

F = TypeVar("F", bound=Callable[..., Any])


def _project() -> ProjectLike:
    obj = click.get_current_context().obj
    if obj is None or not hasattr(obj, "apps") or not hasattr(obj, "settings"):
        raise click.ClickException(
            "this command needs a project: run it through `trestle` in a project folder "
            "or through its manage.py"
        )
    project: ProjectLike = obj
    return project


@contextmanager
def _database(project: ProjectLike, name: str) -> Iterator[Database]:
    """The project's Database (the app's own when installed); errors become messages."""
    from sqlalchemy.exc import DBAPIError

    from trestle.conf.settings import SettingsError
    from trestle.db.fixtures import FixtureError
    from trestle.db.migrations import MigrationError

    app = getattr(project, "app", None)
    installed = getattr(app, "extensions", {}).get("db") if app is not None else None
    try:
        database = installed if isinstance(installed, Database) else None
        if database is None:
            database = Database(settings=project.settings)
        if name not in database.configs:
            known = ", ".join(repr(key) for key in database.configs)
            raise click.ClickException(f"no database named {name!r} (known: {known})")
    except SettingsError as error:
        raise click.ClickException(str(error)) from None
    try:
        yield database
    except (MigrationError, FixtureError) as error:
        raise click.ClickException(str(error)) from None
    except DBAPIError as error:
        url = database.config(name).url.render_as_string(hide_password=True)
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise click.ClickException(f"database {name!r} ({url}): {reason}") from None
    finally:
        if installed is None:
            database.dispose()


def _database_option(function: F) -> F:
    return click.option(
        "--database",
        "database_name",
        default=DEFAULT,
        show_default=True,
        help="The database (a name in DATABASES) to work on.",
    )(function)


@click.command("makemigrations")
@click.argument("apps", nargs=-1)
@click.option("-m", "--message", help="Name the migration (default: from its changes).")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if migrations are missing.")
@click.option("--empty", is_flag=True, help="Write an empty migration to fill in by hand.")
@_database_option
def makemigrations(
    apps: tuple[str, ...], message: str | None, check: bool, empty: bool, database_name: str
) -> None:
    """Write migrations for the changes to the models (of every app, or of APPS)."""
    from trestle.db.migrations import make_migrations

    project = _project()
    with _database(project, database_name) as database:
        planned = make_migrations(
            database,
            project.apps,
            apps,
            message=message,
            check=check,
            empty=empty,
            database_name=database_name,
        )
    if not planned:
        click.echo("No changes detected.")
        return
    for plan in planned:
        where = plan.path if plan.path is not None else f"{plan.app}/migrations/{plan.name}.py"
        verb = "Missing" if check else "Wrote"
        click.echo(f"{verb} {plan.app} {plan.name} ({_relative(where)})")
        for change in plan.changes:
            click.echo(f"  - {change}")
        if plan.depends_on:
            click.echo(f"  depends on {', '.join(plan.depends_on)}")
    if check:
        raise click.ClickException(
            "the models have changes that no migration has: run `trestle makemigrations`"
        )


@click.command("migrate")
@click.argument("app", required=False)
@click.argument("target", required=False)
@click.option("--sql", is_flag=True, help="Print the SQL instead of running it.")
@_database_option
def migrate(app: str | None, target: str | None, sql: bool, database_name: str) -> None:
    """Apply migrations; with APP TARGET, go up or down to TARGET (a number, or zero)."""
    from trestle.db.migrations import migrate as run_migrations

    project = _project()
    with _database(project, database_name) as database:
        if not sql:
            click.echo(f"Migrating database {database_name!r}:")
        output = run_migrations(
            database,
            project.apps,
            app,
            target,
            sql=sql,
            database_name=database_name,
            echo=None if sql else click.echo,
        )
    if sql:
        click.echo(output.rstrip("\n") or "-- nothing to apply")


@click.command("showmigrations")
@click.argument("app", required=False)
@_database_option
def showmigrations(app: str | None, database_name: str) -> None:
    """List each app's migrations, [X] when applied."""
    from trestle.db.migrations import format_states, show_migrations

    project = _project()
    with _database(project, database_name) as database:
        states = show_migrations(database, project.apps, app, database_name=database_name)
    labels = [app] if app else [config.label for config in project.apps.get_app_configs()]
    click.echo(format_states(states, labels))


@click.command("dumpdata")
@click.argument("targets", nargs=-1)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to a file.")
@click.option("--indent", type=click.IntRange(0, 8), default=2, show_default=True)
@_database_option
def dumpdata(targets: tuple[str, ...], output: str | None, indent: int, database_name: str) -> None:
    """Write rows as JSON: every model, or the apps (blog) and models (blog.post) named."""
    from trestle.db.fixtures import dump_data, dumps

    project = _project()
    with _database(project, database_name) as database:
        records = dump_data(database, project.apps, targets, database_name=database_name)
    text = dumps(records, indent=indent or None)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error.strerror or error}") from None
    click.echo(f"Wrote {len(records)} records to {output}", err=True)


@click.command("loaddata")
@click.argument("files", nargs=-1, required=True)
@_database_option
def loaddata(files: tuple[str, ...], database_name: str) -> None:
    """Load JSON fixtures (from dumpdata) into the database, all or nothing."""
    from trestle.db.fixtures import load_data

    project = _project()
    with _database(project, database_name) as database:
        count = load_data(database, project.apps, files, database_name=database_name)
    click.echo(f"Loaded {count} records from {len(files)} file(s).")


def _relative(path: Path | str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


#: The commands the CLI adds, in the order ``trestle --help`` lists them.
commands: list[click.Command] = [makemigrations, migrate, showmigrations, dumpdata, loaddata]
