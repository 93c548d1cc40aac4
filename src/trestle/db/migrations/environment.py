"""The Alembic environment Trestle runs migrations in, set up from code.

Alembic's commands run an ``env.py``; Trestle ships one (``templates/env.py``) that calls
:func:`run_environment`, which reads everything from ``config.attributes["trestle"]`` (a
:class:`MigrationRun`): the engine, the models' metadata, which tables belong to the apps
in play. This is Alembic's documented way to hand a program's own connection to its
commands; users never see an alembic.ini or an env.py.

Every run uses batch mode (``render_as_batch``): on SQLite, an ALTER that SQLite cannot do
becomes "copy the table, drop the old one, rename"; on PostgreSQL and MariaDB the same
migration file runs as plain ALTERs. While migrating SQLite, foreign key enforcement is
off (a table copy would otherwise cascade or fail) and checked once at the end.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import MetaData
from sqlalchemy.engine import Connection, Engine

from trestle.db.migrations.ownership import Ownership
from trestle.db.migrations.scripts import VERSION_TABLE, MigrationError


@dataclass
class MigrationRun:
    """What one migration command hands to the environment."""

    engine: Engine
    metadata: MetaData
    ownership: Ownership
    #: The app labels whose tables are compared (autogenerate); all installed apps otherwise.
    labels: Collection[str]
    #: For ``--sql``: the revisions the database is at (offline mode cannot ask it).
    starting_heads: tuple[str, ...] = ()
    #: Run the migrations in a transaction that is rolled back, writing each statement to
    #: ``statements``: ``--sql`` on SQLite, where batch mode needs a live database.
    rehearse: bool = False
    statements: list[str] = field(default_factory=list)
    process_revision_directives: Callable[..., None] | None = None
    on_version_apply: Callable[..., None] | None = None
    options: dict[str, Any] = field(default_factory=dict)

    def include_name(self, name: str | None, type_: str, parent_names: Any) -> bool:
        """Reflect only the tables of the apps in play (never the version table)."""
        if type_ == "schema":
            return name is None
        if type_ == "table":
            return name != VERSION_TABLE and self.ownership.owner(str(name)) in self.labels
        return True

    def include_object(
        self, obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
    ) -> bool:
        """Compare only the tables (and what is on them) of the apps in play."""
        if type_ == "table":
            return name != VERSION_TABLE and self.ownership.owner(str(name)) in self.labels
        return True

    def configure_options(self) -> dict[str, Any]:
        """The ``context.configure`` options shared by online and offline runs."""
        options: dict[str, Any] = {
            "target_metadata": self.metadata,
            "version_table": VERSION_TABLE,
            "render_as_batch": True,
            "compare_type": True,
            "compare_server_default": same_server_default,
            "include_name": self.include_name,
            "include_object": self.include_object,
            "transaction_per_migration": True,
        }
        if self.process_revision_directives is not None:
            options["process_revision_directives"] = self.process_revision_directives
        if self.on_version_apply is not None:
            options["on_version_apply"] = self.on_version_apply
        options.update(self.options)
        return options


def same_server_default(
    context: Any,
    inspected_column: Any,
    metadata_column: Any,
    inspected_default: str | None,
    metadata_default: Any,
    rendered_metadata_default: str | None,
) -> bool | None:
    """False when two defaults are the same text once quotes and parentheses are gone.

    Databases hand defaults back dressed differently (``('')``, ``''``, ``'0'::integer``);
    None lets Alembic compare the rest.
    """
    if inspected_default is None or rendered_metadata_default is None:
        return None
    if _normalized(inspected_default) == _normalized(rendered_metadata_default):
        return False
    return None


_CAST = re.compile(r"::[\w .\[\]]+$")
_SYNONYMS = {
    "true": "1",
    "false": "0",
    "now()": "now",
    "current_timestamp": "now",
    "current_timestamp()": "now",
    "localtimestamp": "now",
    "localtimestamp()": "now",
}


def _normalized(default: str) -> str:
    """The default as text without quotes, casts, parentheses or spelling differences."""
    text = default.strip()
    while len(text) >= 2 and text[0] == "(" and text[-1] == ")":
        text = text[1:-1].strip()
    text = _CAST.sub("", text)
    if len(text) >= 2 and text[0] == text[-1] == "'":
        text = text[1:-1]
    lowered = text.lower()
    text = _SYNONYMS.get(lowered, text)
    try:
        return str(Decimal(text).normalize())
    except ArithmeticError:
        return text


def run_environment(context: Any) -> None:
    """The body of Trestle's env.py: run the command online, or print its SQL offline."""
    run = context.config.attributes.get("trestle")
    if not isinstance(run, MigrationRun):
        raise MigrationError("Trestle's migrations run through `trestle migrate`, not alembic")
    options = run.configure_options()
    if context.is_offline_mode():
        context.configure(
            url=run.engine.url,
            dialect_name=run.engine.dialect.name,
            literal_binds=True,
            starting_rev=list(run.starting_heads) or None,
            **options,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    with run.engine.connect() as connection:
        sqlite = run.engine.dialect.name == "sqlite"
        if sqlite:
            _sqlite_foreign_keys(connection, enabled=False)
        if run.rehearse:
            _rehearse(context, connection, run, options)
            if sqlite:
                _sqlite_foreign_keys(connection, enabled=True)
            return
        try:
            context.configure(connection=connection, **options)
            with context.begin_transaction():
                context.run_migrations()
            if connection.in_transaction():
                connection.commit()
            if sqlite:
                _check_foreign_keys(connection)
        finally:
            if sqlite:
                _sqlite_foreign_keys(connection, enabled=True)


def _rehearse(
    context: Any, connection: Connection, run: MigrationRun, options: dict[str, Any]
) -> None:
    """Run the migrations, recording each statement, then roll everything back."""
    from sqlalchemy import event

    def record(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
    ) -> None:
        text = statement.strip()
        if text.split(None, 1)[0].upper() in ("PRAGMA", "SELECT"):
            return  # Alembic reading the schema, not changing it
        if parameters:
            text += f"  -- parameters: {parameters!r}"
        run.statements.append(text + ";")

    options = {**options, "transaction_per_migration": False}
    transaction = connection.begin()
    event.listen(connection, "before_cursor_execute", record)
    try:
        context.configure(connection=connection, **options)
        context.run_migrations()
    finally:
        event.remove(connection, "before_cursor_execute", record)
        transaction.rollback()


def _sqlite_foreign_keys(connection: Connection, *, enabled: bool) -> None:
    """Switch enforcement on the driver connection: the PRAGMA is a no-op in a transaction."""
    if connection.in_transaction():
        connection.commit()
    raw = connection.connection.driver_connection
    assert raw is not None
    raw.execute(f"PRAGMA foreign_keys = {'ON' if enabled else 'OFF'}")


def _check_foreign_keys(connection: Connection) -> None:
    rows = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    connection.commit()
    if rows:
        tables = sorted({str(row[0]) for row in rows})
        raise MigrationError(
            f"after migrating, {len(rows)} row(s) break foreign keys in {', '.join(tables)}"
        )
