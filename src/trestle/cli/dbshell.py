"""``trestle dbshell``: the database's own client (sqlite3, psql, mariadb) for a database URL.

Trestle's stand-in, used when the data layer does not ship its own ``dbshell``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import click


@click.command("dbshell")
@click.option(
    "--database",
    default="default",
    show_default=True,
    help="Which of DATABASES to open.",
)
def dbshell_command(database: str) -> None:
    """Open the database's own command-line client.

    sqlite3 for SQLite, psql for PostgreSQL, mariadb (or mysql) for MariaDB and MySQL,
    connected with the URL of the project's settings. The client must be installed.
    """
    from trestle.cli.project import current_project

    settings = current_project().settings
    url = database_url(settings, database)
    command, env = client_command(url, Path(settings.BASE_DIR or "."))
    if shutil.which(command[0]) is None:
        raise click.ClickException(
            f"the client {command[0]!r} is not installed (or not on PATH); install it to "
            "use dbshell"
        )
    raise SystemExit(subprocess.run(command, env={**os.environ, **env}, check=False).returncode)


def database_url(settings: Any, name: str = "default") -> str:
    """The URL of the database ``name``: DATABASES[name]["URL"], else DATABASE_URL, else SQLite."""
    databases = settings.get("DATABASES") or {}
    if databases:
        if name not in databases:
            raise click.ClickException(
                f"DATABASES has no database {name!r} (it has: {', '.join(databases)})"
            )
        entry = databases[name]
        url = entry.get("URL") if isinstance(entry, dict) else entry
        if not isinstance(url, str) or not url:
            raise click.ClickException(f"DATABASES[{name!r}] has no URL")
        return url
    if name != "default":
        raise click.ClickException(f"there is no database {name!r}: DATABASES is empty")
    return settings.get("DATABASE_URL") or "sqlite:///db.sqlite3"


def client_command(url: str, base_dir: Path) -> tuple[list[str], dict[str, str]]:
    """The client's command line and extra environment (passwords) for ``url``."""
    parts = urlsplit(url)
    scheme = parts.scheme.partition("+")[0]
    if scheme == "sqlite":
        raw = url.split(":///", 1)[1] if ":///" in url else ""
        if not raw or raw == ":memory:":
            raise click.ClickException("the database is in memory: there is nothing to open")
        path = Path(unquote(raw.partition("?")[0]))
        return ["sqlite3", str(path if path.is_absolute() else base_dir / path)], {}
    if scheme in ("postgresql", "postgres"):
        # psql understands the URL itself, once the SQLAlchemy driver name is gone.
        plain = parts._replace(scheme="postgresql").geturl()
        return ["psql", plain], {}
    if scheme in ("mysql", "mariadb"):
        client = "mariadb" if shutil.which("mariadb") else "mysql"
        command = [client, "--host", parts.hostname or "localhost"]
        if parts.port:
            command += ["--port", str(parts.port)]
        if parts.username:
            command += ["--user", unquote(parts.username)]
        database = parts.path.lstrip("/")
        if database:
            command.append(unquote(database))
        # The password goes through the environment, not the command line (ps shows that).
        env = {"MYSQL_PWD": unquote(parts.password)} if parts.password else {}
        return command, env
    raise click.ClickException(f"dbshell does not know the database {parts.scheme!r} of {url!r}")
