"""Migrations, for real: two apps with a foreign key between them, made, applied, altered,
rolled back and printed as SQL, on SQLite, PostgreSQL and MariaDB; then each way a
migration command can be misused."""

from __future__ import annotations

import importlib
import sys
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import SAWarning

from trestle.apps.registry import Apps
from trestle.db import Database, Model
from trestle.db.migrations import (
    MigrationError,
    current_heads,
    format_states,
    make_migrations,
    migrate,
    show_migrations,
)

SHOP_V1 = """
from sqlalchemy.orm import Mapped, mapped_column
from trestle.db import Model

class Item(Model):
    name: Mapped[str] = mapped_column(unique=True)

class Legacy(Model):
    note: Mapped[str]
"""

BLOG_V1 = """
from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column
from trestle.db import Model

class Post(Model):
    title: Mapped[str]
    item_id: Mapped[int | None] = mapped_column(ForeignKey("shop_{suffix}_item.id"))
"""

SHOP_V2 = """
from sqlalchemy.orm import Mapped, mapped_column
from trestle.db import Model

class Item(Model):
    name: Mapped[str]
    code: Mapped[int | None]
"""

BLOG_V2 = """
import datetime
from decimal import Decimal
from sqlalchemy import ForeignKey, Numeric, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column
from trestle.db import Model

class Post(Model):
    title: Mapped[str | None] = mapped_column(String(300), index=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, server_default="")
    views: Mapped[int] = mapped_column(server_default=text("0"))
    published: Mapped[bool] = mapped_column(server_default=text("false"))
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2), server_default="0")
    created: Mapped[datetime.datetime] = mapped_column(server_default=func.now())
    item_id: Mapped[int | None] = mapped_column(ForeignKey("shop_{suffix}_item.id"))

class Comment(Model):
    post_id: Mapped[int] = mapped_column(ForeignKey("blog_{suffix}_post.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
"""


@dataclass
class Project:
    """What the migration functions need: a database and the app registry."""

    db: Database
    apps: Apps
    names: list[str]
    suffix: str

    def label(self, short: str) -> str:
        return f"{short}_{self.suffix}"

    def table(self, short: str) -> str:
        """``shop_item`` -> the real table name, ``shop_<suffix>_item``."""
        app, _, model = short.partition("_")
        return f"{app}_{self.suffix}_{model}"

    def rewrite(self, sources: dict[str, str]) -> None:
        """Edit the apps' models.py and load them again, as a restarted process would."""
        for short, source in sources.items():
            name = self.label(short)
            prefix = name + "_"
            for key in [k for k in Model.metadata.tables if k.startswith(prefix)]:
                Model.metadata.remove(Model.metadata.tables[key])
            sys.modules.pop(f"{name}.models", None)
            path = Path(importlib.import_module(name).__file__ or "").parent / "models.py"
            path.write_text(source.replace("{suffix}", self.suffix))
        importlib.invalidate_caches()
        with warnings.catch_warnings():
            # The classes keep their names: SQLAlchemy notes that it replaces them.
            warnings.simplefilter("ignore", SAWarning)
            self.apps = Apps(self.names).populate()

    def tables(self) -> set[str]:
        with self.db.engine().connect() as connection:
            names = set(inspect(connection).get_table_names())
        return {name for name in names if self.suffix in name}


@pytest.fixture
def project(
    database_url: str,
    app_packages: Callable[[dict[str, str]], list[str]],
    make_db: Callable[..., Database],
) -> Iterator[Project]:
    names = app_packages({"shop": SHOP_V1, "blog": BLOG_V1})
    suffix = names[0].rpartition("_")[2]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        apps = Apps(names).populate()
    yield Project(make_db(database_url), apps, names, suffix)


def test_make_apply_alter_roll_back(project: Project) -> None:
    shop, blog = project.label("shop"), project.label("blog")

    # 1. Initial migrations: one per app, blog's depending on shop's (its foreign key).
    planned = make_migrations(project.db, project.apps)
    assert [(p.app, p.name, p.depends_on) for p in planned] == [
        (shop, "0001_initial", []),
        (blog, "0001_initial", [f"{shop}_0001"]),
    ]
    assert all(p.path is not None and p.path.is_file() for p in planned)
    assert "create table " + project.table("shop_item") in planned[0].changes
    with pytest.raises(MigrationError, match="run `trestle migrate` first"):
        make_migrations(project.db, project.apps, check=True)  # compares a migrated database

    # 2. Applied in dependency order; nothing left to make.
    lines: list[str] = []
    migrate(project.db, project.apps, echo=lines.append)
    assert lines == [f"  Applied {shop}.0001_initial", f"  Applied {blog}.0001_initial"]
    assert project.tables() >= {project.table("shop_item"), project.table("blog_post")}
    assert make_migrations(project.db, project.apps, check=True) == []
    assert all(state.applied for state in show_migrations(project.db, project.apps))
    with project.db.engine().begin() as connection:
        connection.execute(
            text(f"INSERT INTO {project.table('shop_item')} (id, name) VALUES (1, 'lamp')")
        )
        connection.execute(
            text(f"INSERT INTO {project.table('blog_post')} (title, item_id) VALUES ('hi', 1)")
        )

    # 3. Change the models: every kind of change autogenerate knows.
    project.rewrite({"shop": SHOP_V2, "blog": BLOG_V2})
    planned = make_migrations(project.db, project.apps)
    by_app = {p.app: p for p in planned}
    post = project.table("blog_post")
    assert set(by_app[blog].changes) == {
        f"create table {project.table('blog_comment')}",
        f"add column {post}.slug",
        f"add column {post}.views",
        f"add column {post}.published",
        f"add column {post}.price",
        f"add column {post}.created",
        f"alter column {post}.title",
        f"create index ix_{post}_title on {post}",
        f"add constraint uq_{post}_slug on {post}",
    }
    item = project.table("shop_item")
    unique_gone = (
        f"drop index uq_{item}_name"  # MariaDB keeps a unique constraint as a unique index
        if project.db.config().backend == "mysql"
        else f"drop constraint uq_{item}_name on {item}"
    )
    assert set(by_app[shop].changes) == {
        f"add column {item}.code",
        unique_gone,
        f"drop table {project.table('shop_legacy')}",
    }
    assert by_app[blog].name.startswith("0002_")

    # 4. The same files apply on this database, and then models and database agree.
    migrate(project.db, project.apps)
    assert make_migrations(project.db, project.apps, check=True) == []
    assert project.table("shop_legacy") not in project.tables()
    with project.db.engine().connect() as connection:
        row = connection.execute(text(f"SELECT title, slug, views FROM {post}")).one()
    assert tuple(row) == ("hi", "", 0)  # existing rows got the server defaults

    # 5. The SQL of a pending migration, printed and not run.
    migrate(project.db, project.apps, blog, "0001")
    heads = set(current_heads(project.db))
    sql = migrate(project.db, project.apps, sql=True)
    assert f"CREATE TABLE {project.table('blog_comment')}" in sql
    assert set(current_heads(project.db)) == heads
    assert project.table("blog_comment") not in project.tables()

    # 6. Roll back: blog to its first migration, then shop to zero, which takes blog along.
    listing = format_states(show_migrations(project.db, project.apps), [shop, blog])
    assert listing.splitlines()[-2:] == ["  [X] 0001_initial", f"  [ ] {by_app[blog].name}"]
    lines.clear()
    migrate(project.db, project.apps, shop, "zero", echo=lines.append)
    assert sorted(lines) == sorted(
        [
            f"  Unapplied {blog}.0001_initial",
            f"  Unapplied {shop}.{by_app[shop].name}",
            f"  Unapplied {shop}.0001_initial",
        ]
    )
    assert lines[-1] == f"  Unapplied {shop}.0001_initial"  # what blog needed goes last
    assert project.tables() == set()
    assert not any(state.applied for state in show_migrations(project.db, project.apps))

    # 7. And all the way up again.
    migrate(project.db, project.apps)
    assert make_migrations(project.db, project.apps, check=True) == []
    lines.clear()
    migrate(project.db, project.apps, echo=lines.append)
    assert lines == ["  No migrations to apply."]


@pytest.fixture
def sqlite_project(
    tmp_path: Path,
    app_packages: Callable[[dict[str, str]], list[str]],
    make_db: Callable[..., Database],
) -> Project:
    names = app_packages({"shop": SHOP_V1, "blog": BLOG_V1})
    suffix = names[0].rpartition("_")[2]
    return Project(
        make_db(f"sqlite:///{tmp_path}/m.sqlite3"), Apps(names).populate(), names, suffix
    )


def test_one_app_at_a_time(sqlite_project: Project) -> None:
    project = sqlite_project
    shop, blog = project.label("shop"), project.label("blog")
    with pytest.raises(MigrationError, match=f"make '{shop}'.s migrations first"):
        make_migrations(project.db, project.apps, [blog])
    planned = make_migrations(project.db, project.apps, [shop], message="Shop tables!")
    assert [p.name for p in planned] == ["0001_shop_tables"]
    migrate(project.db, project.apps, shop)
    assert [p.app for p in make_migrations(project.db, project.apps, [blog])] == [blog]
    migrate(project.db, project.apps, shop, "zero")
    migrate(project.db, project.apps, blog)  # brings shop's 0001 along: blog depends on it
    assert all(s.applied for s in show_migrations(project.db, project.apps))


def test_empty_migrations_for_data(sqlite_project: Project) -> None:
    project = sqlite_project
    shop = project.label("shop")
    make_migrations(project.db, project.apps)
    with pytest.raises(MigrationError, match="an empty migration needs an app"):
        make_migrations(project.db, project.apps, empty=True)
    plan = make_migrations(project.db, project.apps, [shop], empty=True, message="seed")[0]
    assert plan.name == "0002_seed"
    assert plan.path is not None and "def upgrade() -> None:\n    pass" in plan.path.read_text()
    migrate(project.db, project.apps)
    states = show_migrations(project.db, project.apps, shop)
    assert [(s.name, s.applied) for s in states] == [("0001_initial", True), ("0002_seed", True)]


def test_bad_commands_are_clear_errors(sqlite_project: Project) -> None:
    project = sqlite_project
    shop, blog = project.label("shop"), project.label("blog")
    with pytest.raises(MigrationError, match=f"the app '{shop}' has no migrations"):
        migrate(project.db, project.apps, shop)
    make_migrations(project.db, project.apps)
    with pytest.raises(MigrationError, match="no installed app labelled 'nope'"):
        migrate(project.db, project.apps, "nope")
    with pytest.raises(MigrationError, match="no installed app labelled 'nope'"):
        make_migrations(project.db, project.apps, ["nope"])
    with pytest.raises(MigrationError, match="a target migration needs an app"):
        migrate(project.db, project.apps, None, "0001")
    with pytest.raises(MigrationError, match=r"has no migration '0009' \(its migrations: "):
        migrate(project.db, project.apps, blog, "0009")
    # Every spelling of a target works.
    for target in ("1", "0001", "0001_initial", "0001_initial.py", f"{blog}_0001"):
        migrate(project.db, project.apps, blog, target)
    migrate(project.db, project.apps, blog, "zero")
    migrate(project.db, project.apps, blog, "zero")  # nothing left to undo: fine


def test_a_broken_migration_file(sqlite_project: Project) -> None:
    project = sqlite_project
    planned = make_migrations(project.db, project.apps)
    assert planned[0].path is not None
    planned[0].path.write_text("revision = (\n")
    with pytest.raises(MigrationError, match="could not be loaded"):
        migrate(project.db, project.apps)


def test_a_deleted_migration_that_the_database_has(sqlite_project: Project) -> None:
    project = sqlite_project
    planned = make_migrations(project.db, project.apps)
    migrate(project.db, project.apps)
    assert planned[1].path is not None
    planned[1].path.unlink()
    with pytest.raises(MigrationError, match="no migration file has it"):
        show_migrations(project.db, project.apps)


CYCLE_A = """
from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column
from trestle.db import Model

class One(Model):
    other_id: Mapped[int | None] = mapped_column(ForeignKey("cycb_{suffix}_two.id"))
"""
CYCLE_B = """
from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column
from trestle.db import Model

class Two(Model):
    one_id: Mapped[int | None] = mapped_column(ForeignKey("cyca_{suffix}_one.id"))
"""


def test_apps_that_refer_to_each_other(
    tmp_path: Path,
    app_packages: Callable[[dict[str, str]], list[str]],
    make_db: Callable[..., Database],
) -> None:
    names = app_packages({"cyca": CYCLE_A, "cycb": CYCLE_B})
    db = make_db(f"sqlite:///{tmp_path}/c.sqlite3")
    with pytest.raises(MigrationError, match="refer to each other in a cycle"):
        make_migrations(db, Apps(names).populate())


def test_tables_of_other_apps_are_left_alone(sqlite_project: Project) -> None:
    project = sqlite_project
    with project.db.engine().begin() as connection:
        connection.execute(text("CREATE TABLE someone_elses (id INTEGER PRIMARY KEY)"))
    make_migrations(project.db, project.apps)
    migrate(project.db, project.apps)
    assert make_migrations(project.db, project.apps, check=True) == []
    with project.db.engine().connect() as connection:
        assert "someone_elses" in inspect(connection).get_table_names()
