"""The migration files of a project: one Alembic branch per app, in ``<app>/migrations/``.

Each app's migrations are numbered files (``0001_initial.py``, ``0002_post_slug.py``) whose
revision ids are ``<label>_<number>`` (``blog_0002``); the first carries the app label as
its branch label, so ``blog@head`` names the app's latest migration. A migration that needs
another app's table (a foreign key) lists that app's migration in ``depends_on``. Alembic
reads them all as one ScriptDirectory, with no alembic.ini and no env.py: Trestle drives
Alembic from code (see :mod:`trestle.db.migrations.runner`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from trestle.db.migrations.project import AppConfigLike

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import Script, ScriptDirectory

#: Where Alembic keeps the applied revisions (one row per app branch head).
VERSION_TABLE = "trestle_migrations"
#: Alembic's version column holds 32 characters.
_MAX_REVISION = 32
_NUMBERED = re.compile(r"^(\d{4,})_\w*\.py$")
TEMPLATES = Path(__file__).parent / "templates"


class MigrationError(Exception):
    """A migration command that cannot do what was asked; the message says why."""


def revision_id(label: str, number: int) -> str:
    """``blog_0002``; a long label is shortened with a hash so the id fits Alembic's column."""
    rev = f"{label}_{number:04d}"
    if len(rev) <= _MAX_REVISION:
        return rev
    digest = hashlib.sha1(label.encode()).hexdigest()[:6]
    return f"{label[: _MAX_REVISION - 12]}_{digest}_{number:04d}"


def numbered_files(config: AppConfigLike) -> list[tuple[int, Path]]:
    """The app's migration files, ``(number, path)``, in order."""
    folder = config.migrations_dir
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NUMBERED.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    return sorted(found)


def alembic_config() -> Config:
    """An Alembic Config with no file behind it."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(TEMPLATES))
    return config


def script_directory(apps: Sequence[AppConfigLike]) -> ScriptDirectory:
    """Every installed app's migrations, as one Alembic ScriptDirectory."""
    from alembic.script import ScriptDirectory

    locations = [str(config.migrations_dir) for config in apps]
    return ScriptDirectory(
        str(TEMPLATES),
        file_template="%(rev)s_%(slug)s",
        truncate_slug_length=40,
        version_locations=locations,
    )


def load_scripts(directory: ScriptDirectory) -> list[Script]:
    """Every revision, with Alembic's errors turned into messages about the files."""
    from alembic.script.revision import RevisionError
    from alembic.util import CommandError

    try:
        return list(directory.walk_revisions("base", "heads"))
    except (CommandError, RevisionError) as error:
        raise MigrationError(f"the migration files are inconsistent: {error}") from None
    except (SyntaxError, ImportError, AttributeError, NameError) as error:
        raise MigrationError(f"a migration file could not be loaded: {error}") from None


def app_of_script(script: Script, apps: Sequence[AppConfigLike]) -> AppConfigLike | None:
    """The app whose migrations folder holds ``script``."""
    path = Path(script.path).resolve()
    for config in apps:
        if path.parent == config.migrations_dir.resolve():
            return config
    return None


def app_revisions(directory: ScriptDirectory, config: AppConfigLike) -> list[tuple[int, str, Path]]:
    """``(number, revision id, file)`` for one app, oldest first."""
    folder = config.migrations_dir.resolve()
    found = []
    for script in load_scripts(directory):
        path = Path(script.path).resolve()
        if path.parent != folder:
            continue
        match = _NUMBERED.match(path.name)
        number = int(match.group(1)) if match else 0
        found.append((number, script.revision, path))
    return sorted(found)


def resolve_target(directory: ScriptDirectory, config: AppConfigLike, target: str) -> str | None:
    """A user's target for one app as a revision id; None for ``zero`` (before the first).

    Accepts ``zero``, a number (``2``, ``0002``), a file name with or without ``.py``
    (``0002_post_slug``) or the revision id itself (``blog_0002``).
    """
    target = target.strip()
    if target == "zero":
        return None
    revisions = app_revisions(directory, config)
    for number, rev, path in revisions:
        if target in (rev, path.name, path.stem) or (target.isdigit() and int(target) == number):
            return rev
    names = ", ".join(path.stem for _, _, path in revisions) or "none yet"
    raise MigrationError(
        f"the app {config.label!r} has no migration {target!r} (its migrations: {names}; "
        "or `zero` to undo them all)"
    )
