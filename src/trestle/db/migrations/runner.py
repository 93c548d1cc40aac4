"""``migrate`` and ``showmigrations``: apply, undo and list the apps' migrations.

::

    migrate(db, apps)                      # every app to its latest migration
    migrate(db, apps, "blog")              # one app (and what it depends on)
    migrate(db, apps, "blog", "0001")      # up or down to blog's 0001
    migrate(db, apps, "blog", "zero")      # undo every blog migration
    print(migrate(db, apps, sql=True))     # the SQL, without running it
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trestle.db.config import DEFAULT
from trestle.db.migrations.environment import MigrationRun
from trestle.db.migrations.ownership import Ownership
from trestle.db.migrations.project import AppConfigLike, AppsLike
from trestle.db.migrations.scripts import (
    TEMPLATES,
    VERSION_TABLE,
    MigrationError,
    app_of_script,
    app_revisions,
    load_scripts,
    resolve_target,
    script_directory,
)

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import Script, ScriptDirectory

    from trestle.db.database import Database

Echo = Callable[[str], None]


def installed(apps: AppsLike) -> list[AppConfigLike]:
    """The installed apps, as a list."""
    return list(apps.get_app_configs())


def find_app(configs: Sequence[AppConfigLike], label: str) -> AppConfigLike:
    """The installed app labelled ``label``; a MigrationError listing the labels otherwise."""
    for config in configs:
        if config.label == label:
            return config
    known = ", ".join(config.label for config in configs) or "none"
    raise MigrationError(f"no installed app labelled {label!r} (installed: {known})")


def alembic_config(run: MigrationRun, configs: Sequence[AppConfigLike], **options: Any) -> Config:
    """An Alembic Config made in code: our env.py, every app's migrations folder."""
    # Alembic's own chatter ("Generating ...") goes nowhere: the commands say what happened.
    from argparse import Namespace

    from alembic.config import Config

    options.setdefault("stdout", io.StringIO())
    options.setdefault("cmd_opts", Namespace(quiet=True))
    config = Config(**options)
    config.set_main_option("script_location", _escaped(str(TEMPLATES)))
    config.set_main_option("path_separator", "os")
    locations = os.pathsep.join(str(app.migrations_dir) for app in configs)
    config.set_main_option("version_locations", _escaped(locations))
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    config.attributes["trestle"] = run
    return config


def _escaped(value: str) -> str:
    return value.replace("%", "%%")


def new_run(
    database: Database,
    configs: Sequence[AppConfigLike],
    *,
    database_name: str = DEFAULT,
    labels: Sequence[str] | None = None,
    **fields: Any,
) -> MigrationRun:
    """A MigrationRun on ``database_name`` for the given apps."""
    ownership = Ownership(configs)
    return MigrationRun(
        engine=database.engine(database_name),
        metadata=ownership.metadata,
        ownership=ownership,
        labels=set(labels if labels is not None else (config.label for config in configs)),
        **fields,
    )


def current_heads(database: Database, database_name: str = DEFAULT) -> tuple[str, ...]:
    """The revisions the database is at (one per app branch); empty when never migrated."""
    from alembic.runtime.migration import MigrationContext

    with database.engine(database_name).connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        return tuple(context.get_current_heads())


def applied_revisions(directory: ScriptDirectory, heads: Sequence[str]) -> set[str]:
    """Every revision at or below the heads, following down revisions and dependencies."""
    applied: set[str] = set()
    pending = list(heads)
    while pending:
        rev = pending.pop()
        if rev in applied:
            continue
        script = _revision(directory, rev)
        applied.add(script.revision)
        for parent in _as_tuple(script.down_revision) + _as_tuple(script.dependencies):
            pending.append(_revision(directory, parent).revision)
    return applied


def _revision(directory: ScriptDirectory, rev: str) -> Script:
    from alembic.script.revision import RevisionError
    from alembic.util import CommandError

    try:
        return directory.get_revision(rev)
    except (CommandError, RevisionError):
        raise MigrationError(
            f"the database has migration {rev!r} applied, but no migration file has it; "
            "was a migration file deleted or renamed?"
        ) from None


def _as_tuple(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def migrate(
    database: Database,
    apps: AppsLike,
    app_label: str | None = None,
    target: str | None = None,
    *,
    sql: bool = False,
    database_name: str = DEFAULT,
    echo: Echo | None = None,
) -> str:
    """Bring the database to the target; with ``sql=True`` return the SQL instead."""
    from alembic import command
    from alembic.script.revision import RevisionError
    from alembic.util import CommandError

    configs = installed(apps)
    directory = script_directory(configs)
    load_scripts(directory)  # report broken files before touching the database
    heads = current_heads(database, database_name)
    steps: list[str] = []

    def applied_step(*, step: Any, **kwargs: Any) -> None:
        script = directory.get_revision(step.up_revision_id)
        owner = app_of_script(script, configs) if script is not None else None
        label = owner.label if owner is not None else "?"
        name = Path(script.path).stem if script is not None else step.up_revision_id
        line = f"  {'Applied' if step.is_upgrade else 'Unapplied'} {label}.{name}"
        steps.append(line)
        if echo is not None:
            echo(line)

    run = new_run(
        database,
        configs,
        database_name=database_name,
        starting_heads=heads,
        on_version_apply=applied_step,
    )
    upgrade, destination = _plan(directory, configs, heads, app_label, target)
    if destination is None:
        if echo is not None:
            echo("  No migrations to apply.")
        if not sql:
            _after_migrate(database, apps, database_name)
        return ""
    buffer = io.StringIO()
    config = alembic_config(run, configs, output_buffer=buffer)
    offline = sql
    if sql and run.engine.dialect.name == "sqlite":
        # Batch mode needs the live tables: rehearse in a transaction, then roll back.
        run.rehearse, offline = True, False
        run.on_version_apply = None
    try:
        if upgrade:
            command.upgrade(config, destination, sql=offline)
        else:
            start = heads[0] if heads else None
            target = f"{start}:{destination}" if start and offline else destination
            command.downgrade(config, target, sql=offline)
    except (CommandError, RevisionError) as error:
        raise MigrationError(str(error)) from None
    if run.rehearse:
        return "\n\n".join(run.statements) + "\n"
    if not sql and not steps and echo is not None:
        echo("  No migrations to apply.")
    if not sql:
        _after_migrate(database, apps, database_name)
    return buffer.getvalue()


def _after_migrate(database: Database, apps: AppsLike, database_name: str) -> None:
    """Run each app's ``post_migrate(apps, database, database_name)`` hook, in app order.

    Apps use it for rows that follow from the models (auth's per-model permissions), so
    they exist after every ``migrate``, as a project's code expects.
    """
    for config in apps.get_app_configs():
        hook = getattr(config, "post_migrate", None)
        if callable(hook):
            hook(apps, database, database_name)


def _plan(
    directory: ScriptDirectory,
    configs: Sequence[AppConfigLike],
    heads: Sequence[str],
    app_label: str | None,
    target: str | None,
) -> tuple[bool, str | None]:
    """(upgrade?, Alembic destination), or (True, None) when there is nothing to do."""
    if app_label is None:
        if target is not None:
            raise MigrationError("a target migration needs an app: migrate APP TARGET")
        return True, "heads"
    config = find_app(configs, app_label)
    revisions = app_revisions(directory, config)
    if not revisions:
        raise MigrationError(
            f"the app {app_label!r} has no migrations; make them with "
            f"`trestle makemigrations {app_label}`"
        )
    applied = applied_revisions(directory, heads)
    if target is None:
        return True, f"{revisions[-1][1]}"
    wanted = resolve_target(directory, config, target)
    own = [rev for _, rev, _ in revisions]
    if wanted is None:
        if not applied.intersection(own):
            return True, None
        return False, f"{app_label}@base"
    if wanted not in applied:
        return True, wanted
    later = own[own.index(wanted) + 1 :]
    if not applied.intersection(later):
        return True, None
    return False, wanted


@dataclass
class MigrationState:
    """One migration of one app, and whether the database has it."""

    app: str
    name: str
    revision: str
    applied: bool


def show_migrations(
    database: Database,
    apps: AppsLike,
    app_label: str | None = None,
    *,
    database_name: str = DEFAULT,
) -> list[MigrationState]:
    """Every migration of every app (or of one), in order, with whether it is applied."""
    configs = installed(apps)
    chosen = [find_app(configs, app_label)] if app_label is not None else configs
    directory = script_directory(configs)
    applied = applied_revisions(directory, current_heads(database, database_name))
    states = []
    for config in chosen:
        for _, rev, path in app_revisions(directory, config):
            states.append(MigrationState(config.label, path.stem, rev, rev in applied))
    return states


def format_states(states: Sequence[MigrationState], labels: Sequence[str]) -> str:
    """The ``showmigrations`` listing: each app, then ``[X]`` or ``[ ]`` per migration."""
    lines = []
    for label in labels:
        lines.append(label)
        own = [state for state in states if state.app == label]
        if not own:
            lines.append("  (no migrations)")
        for state in own:
            lines.append(f"  [{'X' if state.applied else ' '}] {state.name}")
    return "\n".join(lines)
