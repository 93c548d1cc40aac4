"""``makemigrations``: compare the models with the database and write a migration per app.

Alembic's autogenerate compares the models' metadata with the database (which must be
migrated up to date first, as with Alembic) and finds new and removed tables, columns,
types, nullability, server defaults, indexes, unique constraints and foreign keys. Trestle
then splits what it found by the app that owns each table, numbers each app's new file,
and records cross-app dependencies (a foreign key to another app's table makes the
migration depend on that app's latest migration), so ``migrate`` creates tables in an order
every database accepts. With ``check=True`` nothing is written: the result says whether
the models and the migrations differ (for CI).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trestle.db.config import DEFAULT
from trestle.db.migrations.project import AppConfigLike, AppsLike
from trestle.db.migrations.runner import (
    alembic_config,
    current_heads,
    find_app,
    installed,
    new_run,
)
from trestle.db.migrations.scripts import (
    MigrationError,
    app_revisions,
    load_scripts,
    numbered_files,
    revision_id,
    script_directory,
)

if TYPE_CHECKING:
    from alembic.operations.ops import MigrateOperation, MigrationScript

    from trestle.db.database import Database


@dataclass
class PlannedMigration:
    """One app's new migration: its number, file, operations (described) and dependencies."""

    app: str
    number: int
    revision: str
    message: str
    changes: list[str]
    depends_on: list[str]
    path: Path | None = None
    #: Alembic's UpgradeOps and DowngradeOps for the file.
    upgrade: Any = field(default=None, repr=False)
    downgrade: Any = field(default=None, repr=False)

    @property
    def name(self) -> str:
        """``0002_post_slug``."""
        return f"{self.number:04d}_{slugify(self.message)}"


def slugify(message: str) -> str:
    """A file-name-safe, short form of a migration message."""
    words = re.sub(r"\W+", " ", message.lower()).split()
    return "_".join(words)[:40].rstrip("_") or "migration"


def make_migrations(
    database: Database,
    apps: AppsLike,
    app_labels: Sequence[str] = (),
    *,
    message: str | None = None,
    check: bool = False,
    empty: bool = False,
    database_name: str = DEFAULT,
) -> list[PlannedMigration]:
    """Write (or with ``check``, only plan) the migrations that bring the apps up to date.

    Returns the planned migrations, each with its ``path`` once written; an empty list
    when the models and the migrations agree.
    """
    from alembic import command
    from alembic.util import CommandError
    from sqlalchemy.exc import CircularDependencyError, SAWarning

    configs = installed(apps)
    chosen = [find_app(configs, label) for label in app_labels] or configs
    labels = [config.label for config in chosen]
    if empty:
        if not app_labels:
            raise MigrationError("an empty migration needs an app: makemigrations APP --empty")
        return [_write_empty(database, configs, config, message) for config in chosen]
    directory = script_directory(configs)
    load_scripts(directory)
    heads = current_heads(database, database_name)
    planned: list[PlannedMigration] = []

    def split_by_app(context: Any, revision: Any, directives: list[MigrationScript]) -> None:
        script = directives[0]
        upgrade_ops = script.upgrade_ops
        assert upgrade_ops is not None
        planned.extend(_plan(upgrade_ops.ops, run.ownership, configs, labels, heads, message))
        directives[:] = [] if check else [_directive(plan, configs) for plan in planned]

    run = new_run(
        database,
        configs,
        database_name=database_name,
        labels=labels,
        process_revision_directives=split_by_app,
    )
    config = alembic_config(run, configs)
    try:
        with warnings.catch_warnings():
            # SQLAlchemy first warns about the cycle, then fails: make it one clear error.
            warnings.filterwarnings("error", "Cannot correctly sort tables", SAWarning)
            written = command.revision(config, autogenerate=True)
    except (CircularDependencyError, SAWarning):
        raise MigrationError(
            "the new tables refer to each other in a cycle; add one of the foreign keys in "
            "a later migration, or give it ForeignKey(..., use_alter=True)"
        ) from None
    except CommandError as error:
        if "not up to date" in str(error):
            raise MigrationError(
                "the database is not up to date with the migrations: run `trestle migrate` "
                "first (makemigrations compares the models with a migrated database)"
            ) from None
        raise MigrationError(str(error)) from None
    if check:
        return planned
    scripts = written if isinstance(written, list) else [written] if written else []
    for plan, script in zip(planned, scripts, strict=True):
        assert script is not None
        plan.path = _rename(Path(script.path), plan.name)
    return planned


def _plan(
    operations: Sequence[MigrateOperation],
    ownership: Any,
    configs: Sequence[AppConfigLike],
    labels: Sequence[str],
    heads: Sequence[str],
    message: str | None,
) -> list[PlannedMigration]:
    from alembic.operations.ops import UpgradeOps

    by_app: dict[str, list[Any]] = {}
    for operation in operations:
        owner = ownership.owner(getattr(operation, "table_name", ""))
        if owner in labels:
            by_app.setdefault(owner, []).append(operation)
    if not by_app:
        return []
    directory = script_directory(configs)
    latest: dict[str, tuple[int, str]] = {}
    for config in configs:
        revisions = app_revisions(directory, config)
        if revisions:
            latest[config.label] = (revisions[-1][0], revisions[-1][1])
    needs: dict[str, set[str]] = {}
    for label, ops in by_app.items():
        needs[label] = set()
        for table in _referenced_tables(ops):
            other = ownership.owner(table)
            if other is not None and other != label:
                needs[label].add(other)
    planned: list[PlannedMigration] = []
    made: dict[str, str] = {}
    for label in _in_dependency_order(needs):
        ops = by_app[label]
        depends_on = []
        for other in sorted(needs[label]):
            rev = made.get(other) or latest.get(other, (0, ""))[1]
            if not rev:
                raise MigrationError(
                    f"the app {label!r} refers to a table of {other!r}, which has no "
                    f"migration yet: make {other!r}'s migrations first (or all at once)"
                )
            depends_on.append(rev)
        number = max(latest.get(label, (0, ""))[0], _highest_file(configs, label)) + 1
        rev = revision_id(label, number)
        made[label] = rev
        upgrade = UpgradeOps(ops=ops)
        changes = _describe(ops)
        text = message or ("initial" if number == 1 else _summary(changes))
        planned.append(
            PlannedMigration(
                label,
                number,
                rev,
                text,
                changes,
                depends_on,
                upgrade=upgrade,
                downgrade=upgrade.reverse(),
            )
        )
    return planned


def _directive(plan: PlannedMigration, configs: Sequence[AppConfigLike]) -> MigrationScript:
    from alembic.operations.ops import MigrationScript

    config = next(config for config in configs if config.label == plan.app)
    folder = config.migrations_dir
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "__init__.py").touch()
    first = plan.number == 1 or not numbered_files(config)
    return MigrationScript(
        rev_id=plan.revision,
        message=plan.message,
        upgrade_ops=plan.upgrade,
        downgrade_ops=plan.downgrade,
        head="base" if first else f"{plan.app}@head",
        branch_label=plan.app if first else None,
        version_path=str(folder),
        depends_on=plan.depends_on or None,
    )


def _write_empty(
    database: Database,
    configs: Sequence[AppConfigLike],
    config: AppConfigLike,
    message: str | None,
) -> PlannedMigration:
    """An empty migration to fill in by hand (data migrations)."""
    from alembic import command

    directory = script_directory(configs)
    revisions = app_revisions(directory, config)
    number = max(revisions[-1][0] if revisions else 0, _highest_file(configs, config.label)) + 1
    plan = PlannedMigration(
        config.label, number, revision_id(config.label, number), message or "custom", [], []
    )
    folder = config.migrations_dir
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "__init__.py").touch()
    run = new_run(database, configs)
    script = command.revision(
        alembic_config(run, configs),
        message=plan.message,
        rev_id=plan.revision,
        head=f"{config.label}@head" if revisions else "base",
        branch_label=None if revisions else config.label,
        version_path=str(folder),
    )
    assert script is not None and not isinstance(script, list)
    plan.path = _rename(Path(script.path), plan.name)
    return plan


def _highest_file(configs: Sequence[AppConfigLike], label: str) -> int:
    config = next(config for config in configs if config.label == label)
    files = numbered_files(config)
    return files[-1][0] if files else 0


def _rename(path: Path, name: str) -> Path:
    target = path.with_name(f"{name}.py")
    path.rename(target)
    return target


def _in_dependency_order(needs: dict[str, set[str]]) -> list[str]:
    """Apps so that each comes after the apps (in this run) it refers to."""
    ordered: list[str] = []
    visiting: list[str] = []

    def visit(label: str) -> None:
        if label in ordered:
            return
        if label in visiting:
            cycle = " -> ".join([*visiting[visiting.index(label) :], label])
            raise MigrationError(
                f"the new migrations refer to each other in a cycle ({cycle}); make them "
                "one app at a time, adding one side's foreign key in a later migration"
            )
        visiting.append(label)
        for other in sorted(needs[label]):
            if other in needs:
                visit(other)
        visiting.pop()
        ordered.append(label)

    for label in sorted(needs):
        visit(label)
    return ordered


def _referenced_tables(operations: Sequence[Any]) -> set[str]:
    """Tables that foreign keys created by ``operations`` point to."""
    from alembic.operations import ops

    found: set[str] = set()
    for operation in operations:
        if isinstance(operation, ops.ModifyTableOps):
            found |= _referenced_tables(operation.ops)
        elif isinstance(operation, ops.CreateTableOp):
            for constraint in operation.to_table().foreign_key_constraints:
                found |= {_table_of(element.target_fullname) for element in constraint.elements}
        elif isinstance(operation, ops.AddColumnOp):
            found |= {_table_of(fk.target_fullname) for fk in operation.column.foreign_keys}
        elif isinstance(operation, ops.CreateForeignKeyOp):
            found.add(operation.referent_table)
    return found


def _table_of(target: str) -> str:
    """``"shop_item.id"`` -> ``"shop_item"`` (a schema prefix is dropped)."""
    return target.rsplit(".", 1)[0].rsplit(".", 1)[-1]


def _describe(operations: Sequence[Any]) -> list[str]:
    """A line per change, for the command's output."""
    from alembic.operations import ops

    lines: list[str] = []
    for operation in operations:
        if isinstance(operation, ops.ModifyTableOps):
            lines.extend(_describe(operation.ops))
        elif isinstance(operation, ops.CreateTableOp):
            lines.append(f"create table {operation.table_name}")
        elif isinstance(operation, ops.DropTableOp):
            lines.append(f"drop table {operation.table_name}")
        elif isinstance(operation, ops.AddColumnOp):
            lines.append(f"add column {operation.table_name}.{operation.column.name}")
        elif isinstance(operation, ops.DropColumnOp):
            lines.append(f"drop column {operation.table_name}.{operation.column_name}")
        elif isinstance(operation, ops.AlterColumnOp):
            lines.append(f"alter column {operation.table_name}.{operation.column_name}")
        elif isinstance(operation, ops.CreateIndexOp):
            lines.append(f"create index {operation.index_name} on {operation.table_name}")
        elif isinstance(operation, ops.DropIndexOp):
            lines.append(f"drop index {operation.index_name}")
        elif isinstance(operation, ops.AddConstraintOp):
            name = getattr(operation, "constraint_name", None)
            lines.append(f"add constraint {name} on {operation.to_constraint().table.name}")
        elif isinstance(operation, ops.DropConstraintOp):
            lines.append(f"drop constraint {operation.constraint_name} on {operation.table_name}")
        else:
            lines.append(type(operation).__name__)
    return lines


def _summary(changes: Sequence[str]) -> str:
    """A message from the changes: ``add column blog_post.slug``, or the first and a count."""
    if len(changes) == 1:
        return changes[0]
    return f"{changes[0]} and {len(changes) - 1} more"
