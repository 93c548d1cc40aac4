"""The click commands, run as the CLI runs them: with a project object in the context."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result
from sqlalchemy.exc import SAWarning

from trestle import App
from trestle.apps.registry import Apps
from trestle.conf import Settings
from trestle.db import Database
from trestle.db.commands import commands

SHOP = """
import datetime, decimal, uuid
from sqlalchemy import Numeric, LargeBinary
from sqlalchemy.orm import Mapped, mapped_column
from trestle.db import Model

class Item(Model):
    name: Mapped[str] = mapped_column(unique=True)
    price: Mapped[decimal.Decimal] = mapped_column(Numeric(8, 2))
    added: Mapped[datetime.datetime]
    token: Mapped[uuid.UUID | None]
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    active: Mapped[bool] = mapped_column(default=True)
"""

BLOG = """
from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column
from trestle.db import Model

class Post(Model):
    title: Mapped[str]
    item_id: Mapped[int | None] = mapped_column(ForeignKey("shop_{suffix}_item.id"))
"""


@dataclass
class Project:
    """The shape the CLI hands to commands: settings, the app registry and the web app."""

    settings: Settings
    apps: Apps
    app: App


@pytest.fixture
def cli(
    database_url: str, app_packages: Callable[[dict[str, str]], list[str]]
) -> Callable[..., Result]:
    names = app_packages({"shop": SHOP, "blog": BLOG})
    settings = Settings({"DATABASE_URL": database_url, "INSTALLED_APPS": names}, environ={})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        apps = Apps(names).populate()
    app = App(settings)
    Database.install(app)
    project = Project(settings, apps, app)

    @click.group()
    @click.pass_context
    def main(context: click.Context) -> None:
        context.obj = project

    for command in commands:
        main.add_command(command)

    def run(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    yield run  # type: ignore[misc]
    app.extensions["db"].dispose()


def test_the_command_list() -> None:
    assert [c.name for c in commands] == [
        "makemigrations",
        "migrate",
        "showmigrations",
        "dumpdata",
        "loaddata",
    ]


def test_migrations_from_the_command_line(cli: Callable[..., Result]) -> None:
    made = cli("makemigrations")
    assert made.exit_code == 0, made.output
    assert "Wrote shop_" in made.output and "  - create table shop_" in made.output
    assert "  depends on shop_" in made.output
    assert cli("makemigrations", "--check").exit_code == 1  # not migrated yet: an error
    shown = cli("showmigrations")
    assert "  [ ] 0001_initial" in shown.output
    sql = cli("migrate", "--sql")
    assert sql.exit_code == 0 and "CREATE TABLE shop_" in sql.output
    migrated = cli("migrate")
    assert migrated.exit_code == 0
    assert migrated.output.startswith("Migrating database 'default':\n  Applied shop_")
    assert "[ ]" not in cli("showmigrations").output
    checked = cli("makemigrations", "--check")
    assert (checked.exit_code, checked.output) == (0, "No changes detected.\n")
    label = next(line for line in shown.output.splitlines() if line.startswith("blog_"))
    down = cli("migrate", label, "zero")
    assert f"Unapplied {label}.0001_initial" in down.output
    assert f"{label}\n  [ ] 0001_initial" in cli("showmigrations", label).output


def test_data_round_trip(cli: Callable[..., Result], tmp_path: Path) -> None:
    cli("makemigrations")
    cli("migrate")
    shop = next(
        line for line in cli("showmigrations").output.splitlines() if line.startswith("shop_")
    )
    blog = shop.replace("shop_", "blog_")
    fixture = tmp_path / "seed.json"
    records: list[dict[str, Any]] = [
        {"model": f"{blog}.post", "pk": 1, "fields": {"title": "Hello", "item_id": 7}},
        {
            "model": f"{shop}.item",
            "pk": 7,
            "fields": {
                "name": "lamp",
                "price": "19.90",
                "added": "2024-05-01T10:30:00",
                "token": "12345678-1234-5678-1234-567812345678",
                "data": "AAEC",
                "active": False,
            },
        },
    ]
    fixture.write_text(json.dumps(records))
    loaded = cli("loaddata", str(fixture))
    assert (
        loaded.output == "Loaded 2 records from 1 file(s).\n"
    )  # parents first, whatever the order
    dumped = json.loads(cli("dumpdata").output)
    assert sorted(dumped, key=lambda r: r["model"]) == sorted(records, key=lambda r: r["model"])
    assert json.loads(cli("dumpdata", f"{shop}.ITEM").output)[0]["pk"] == 7
    out = tmp_path / "out.json"
    written = cli("dumpdata", blog, "-o", str(out), "--indent", "0")
    assert "Wrote 1 records" in written.output
    assert json.loads(out.read_text())[0]["fields"]["title"] == "Hello"
    # Loading again overwrites the rows with the same keys; new rows get fresh keys after.
    records[1]["fields"]["name"] = "desk lamp"
    fixture.write_text(json.dumps(records))
    assert cli("loaddata", str(fixture)).exit_code == 0
    assert json.loads(cli("dumpdata", shop).output)[0]["fields"]["name"] == "desk lamp"
    # A record without a pk is added; after explicit keys were loaded, PostgreSQL's
    # sequence has been moved past them, so the new key does not collide.
    first = tmp_path / "first.json"
    first.write_text(
        json.dumps([{**records[1], "pk": 1, "fields": {**records[1]["fields"], "name": "one"}}])
    )
    assert cli("loaddata", str(first)).exit_code == 0
    fresh = {**records[1], "fields": {**records[1]["fields"], "name": "fresh"}}
    del fresh["pk"]
    later = tmp_path / "later.json"
    later.write_text(json.dumps([fresh]))
    assert cli("loaddata", str(later)).exit_code == 0
    keys = {r["fields"]["name"]: r["pk"] for r in json.loads(cli("dumpdata", shop).output)}
    assert keys == {"one": 1, "desk lamp": 7, "fresh": 8}


BAD_FIXTURES = [
    ("{", "is not valid JSON"),
    ('{"model": "x"}', "a fixture is a JSON list of records"),
    ("[1]", "record 1: a record is an object"),
    ('[{"pk": 1}]', 'record 1: the record has no "model"'),
    ('[{"model": "{shop}.itme"}]', "did you mean '{shop}.item'?"),
    ('[{"model": "{shop}.item", "fields": []}]', '"fields" must be an object'),
    ('[{"model": "{shop}.item", "fields": {"nam": "x"}}]', "has no field 'nam'"),
    ('[{"model": "{shop}.item", "pk": "x", "fields": {}}]', 'pk: "x" is not a valid int'),
    ('[{"model": "{shop}.item", "pk": [1, 2], "fields": {}}]', "pk must have 1 value(s)"),
    ('[{"model": "{shop}.item", "fields": {"price": "cheap"}}]', "is not a valid Decimal"),
    ('[{"model": "{shop}.item", "fields": {"added": "yesterday"}}]', "is not a valid datetime"),
    ('[{"model": "{shop}.item", "fields": {"active": "yes"}}]', "is not a valid bool"),
    ('[{"model": "{shop}.item", "fields": {"name": null}}]', "may not be null"),
    ('[{"model": "{shop}.item", "fields": {"name": 5}}]', "is not a valid str"),
    ('[{"model": "{shop}.item", "fields": {"data": "!!"}}]', "is not a valid bytes"),
    ('[{"model": "{shop}.item", "fields": {"token": "t"}}]', "is not a valid UUID"),
    (
        '[{"model": "{shop}.item", "pk": 1, "fields": {"name": "a"}}]',
        "the database refused the data, nothing was loaded",
    ),
]


def test_bad_fixtures_are_clear_errors(cli: Callable[..., Result], tmp_path: Path) -> None:
    cli("makemigrations")
    cli("migrate")
    shop = next(
        line for line in cli("showmigrations").output.splitlines() if line.startswith("shop_")
    )
    for n, (content, message) in enumerate(BAD_FIXTURES):
        fixture = tmp_path / f"bad{n}.json"
        fixture.write_text(content.replace("{shop}", shop))
        result = cli("loaddata", str(fixture))
        assert result.exit_code == 1, content
        assert message.replace("{shop}", shop) in result.output, (content, result.output)
        assert "Traceback" not in result.output
    assert "cannot read" in cli("loaddata", str(tmp_path / "missing.json")).output
    assert json.loads(cli("dumpdata", shop).output) == []  # nothing half-loaded
    assert "no model 'nope.thing'" in cli("dumpdata", "nope.thing").output
    assert "no installed app 'nope'" in cli("dumpdata", "nope").output


def test_bad_migration_commands(cli: Callable[..., Result]) -> None:
    assert "Error: no installed app labelled 'nope'" in cli("migrate", "nope").output
    assert "Error: no database named 'other'" in cli("migrate", "--database", "other").output
    assert "Error: an empty migration needs an app" in cli("makemigrations", "--empty").output


def test_an_unreachable_database_is_one_line(
    app_packages: Callable[[dict[str, str]], list[str]], unused_port: int
) -> None:
    names = app_packages({"shop": SHOP})
    settings = Settings(
        {"DATABASE_URL": f"postgresql://app:pw@127.0.0.1:{unused_port}/x"}, environ={}
    )
    project = Project(settings, Apps(names).populate(), App(settings))

    @click.group()
    @click.pass_context
    def main(context: click.Context) -> None:
        context.obj = project

    main.add_command(commands[1])
    result = CliRunner().invoke(main, ["migrate"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith(
        f"Error: database 'default' (postgresql+psycopg://app:***@127.0.0.1:{unused_port}/x): "
    )
    assert "Connection refused" in result.output


def test_bad_settings_and_no_project() -> None:
    @click.group()
    @click.pass_context
    def main(context: click.Context) -> None:
        context.obj = Project(Settings({"DATABASE_URL": "nonsense"}, environ={}), Apps([]), App())

    @click.group()
    def bare() -> None:
        pass

    main.add_command(commands[2])
    bare.add_command(commands[2])
    result = CliRunner().invoke(main, ["showmigrations"])
    assert result.exit_code == 1
    assert "Error: DATABASE_URL: 'nonsense' is not a database URL" in result.output
    alone = CliRunner().invoke(bare, ["showmigrations"])
    assert alone.exit_code == 1
    assert "this command needs a project" in alone.output
