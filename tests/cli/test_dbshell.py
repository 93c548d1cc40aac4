"""``trestle dbshell`` (Trestle's stand-in): the right client, connected, for each database."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pytest

from trestle import Settings
from trestle.cli.dbshell import client_command, database_url

WriteFiles = Callable[[dict[str, str]], Path]


def run_dbshell(root: Path, sql: str, *extra: str) -> subprocess.CompletedProcess[str]:
    code = "from trestle.cli.dbshell import dbshell_command as c; c()"
    return subprocess.run(
        [sys.executable, "-c", code, *extra],
        input=sql,
        capture_output=True,
        text=True,
        cwd=root,
        timeout=60,
        check=False,
        env={"PATH": "/usr/bin:/bin", "TRESTLE_SETTINGS_MODULE": "site_settings"},
    )


def test_sqlite(write_files: WriteFiles) -> None:
    root = write_files(
        {
            "site_settings.py": (
                "from pathlib import Path\n"
                "BASE_DIR = Path(__file__).parent\n"
                "DATABASE_URL = 'sqlite:///data.db'\n"
            )
        }
    )
    with sqlite3.connect(root / "data.db") as connection:
        connection.execute("create table t (x)")
        connection.execute("insert into t values (41)")
    result = run_dbshell(root, "select x + 1 from t;\n")
    assert (result.returncode, result.stdout.strip()) == (0, "42"), result.stderr


@pytest.mark.parametrize("kind", ["postgres", "mysql"])
def test_database_servers(
    write_files: WriteFiles, request: pytest.FixtureRequest, kind: str
) -> None:
    url = request.getfixturevalue(f"{kind}_url")
    root = write_files({"site_settings.py": f"DATABASES = {{'default': {{'URL': {url!r}}}}}\n"})
    result = run_dbshell(root, "select 40 + 2;\n")
    assert result.returncode == 0, result.stderr
    assert "42" in result.stdout


def test_a_missing_client(write_files: WriteFiles, tmp_path: Path) -> None:
    root = write_files({"site_settings.py": "DATABASE_URL = 'postgresql://u@h/db'\n"})
    code = "from trestle.cli.dbshell import dbshell_command as c; c()"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=60,
        check=False,
        env={"PATH": str(tmp_path), "TRESTLE_SETTINGS_MODULE": "site_settings"},
    )
    assert result.returncode == 1
    assert "Error: the client 'psql' is not installed (or not on PATH)" in result.stderr


@pytest.mark.parametrize(
    ("url", "command", "env"),
    [
        ("sqlite:////srv/db.sqlite3", ["sqlite3", "/srv/db.sqlite3"], {}),
        ("sqlite+aiosqlite:///db.sqlite3", ["sqlite3", "/base/db.sqlite3"], {}),
        (
            "postgresql+psycopg://ada:s3cret@db:5433/shop",
            ["psql", "postgresql://ada:s3cret@db:5433/shop"],
            {},
        ),
        ("postgres://db/shop", ["psql", "postgresql://db/shop"], {}),
        (
            "mysql+pymysql://ada:p%40ss@db:3307/shop",
            ["mariadb", "--host", "db", "--port", "3307", "--user", "ada", "shop"],
            {"MYSQL_PWD": "p@ss"},
        ),
    ],
)
def test_client_commands(url: str, command: list[str], env: dict[str, str]) -> None:
    found_command, found_env = client_command(url, Path("/base"))
    if found_command[0] == "mysql":  # a machine with the MySQL client rather than MariaDB's
        found_command[0] = "mariadb"
    assert (found_command, found_env) == (command, env)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("sqlite://", "the database is in memory"),
        ("sqlite:///:memory:", "the database is in memory"),
        ("oracle://db/x", "dbshell does not know the database 'oracle'"),
    ],
)
def test_client_command_refuses(url: str, message: str) -> None:
    with pytest.raises(click.ClickException, match=message):
        client_command(url, Path("."))


@pytest.mark.parametrize(
    ("values", "name", "expected"),
    [
        ({}, "default", "sqlite:///db.sqlite3"),
        ({"DATABASE_URL": "postgresql://db/x"}, "default", "postgresql://db/x"),
        ({"DATABASES": {"default": {"URL": "sqlite:///a.db"}}}, "default", "sqlite:///a.db"),
        ({"DATABASES": {"other": {"URL": "sqlite:///b.db"}}}, "other", "sqlite:///b.db"),
    ],
)
def test_database_url(values: dict[str, object], name: str, expected: str) -> None:
    assert database_url(Settings(values, environ={}), name) == expected


@pytest.mark.parametrize(
    ("values", "name", "message"),
    [
        (
            {"DATABASES": {"default": {"URL": "sqlite:///a.db"}}},
            "other",
            "DATABASES has no database 'other'",
        ),
        ({"DATABASES": {"default": {}}}, "default", "DATABASES\\['default'\\] has no URL"),
        ({}, "other", "there is no database 'other'"),
    ],
)
def test_database_url_refuses(values: dict[str, object], name: str, message: str) -> None:
    with pytest.raises(click.ClickException, match=message):
        database_url(Settings(values, environ={}), name)
