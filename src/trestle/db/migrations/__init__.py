"""Migrations on Alembic, per app, with no alembic.ini: make, apply, undo, list.

::

    make_migrations(db, apps)              # write <app>/migrations/NNNN_*.py for changed apps
    make_migrations(db, apps, check=True)  # [] when models and migrations agree (CI)
    migrate(db, apps)                      # apply every app's migrations
    show_migrations(db, apps)              # what is applied

``db`` is a :class:`~trestle.db.Database`; ``apps`` the project's app registry (anything
shaped like :class:`~trestle.db.migrations.project.AppsLike`).
"""

from trestle.db.migrations.autogen import PlannedMigration, make_migrations
from trestle.db.migrations.runner import (
    MigrationState,
    current_heads,
    format_states,
    migrate,
    show_migrations,
)
from trestle.db.migrations.scripts import VERSION_TABLE, MigrationError

__all__ = [
    "VERSION_TABLE",
    "MigrationError",
    "MigrationState",
    "PlannedMigration",
    "current_heads",
    "format_states",
    "make_migrations",
    "migrate",
    "show_migrations",
]
