"""Scratch databases on the PostgreSQL and MariaDB test servers, for suites that need some.

Each suite gets databases of its own (``<prefix>_<random>``), emptied between tests and
dropped at the end, so suites never meet each other's tables on the shared servers.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator
from typing import Any


def with_database(url: str, database: str) -> str:
    """``url`` (a server URL ending in a database name) pointing at ``database`` instead."""
    base, _, _ = url.rpartition("/")
    return f"{base}/{database}"


def mysql_connection(url: str, database: str | None = None) -> Any:
    """A PyMySQL connection in autocommit mode to the server of ``url``."""
    import pymysql
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return pymysql.connect(
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 3306,
        user=parsed.username or "root",
        password=parsed.password or "",
        database=database,
        autocommit=True,
    )


@contextlib.contextmanager
def scratch_database(server_url: str, prefix: str) -> Iterator[str]:
    """A new database on the server of ``server_url``, dropped afterwards: yields its URL."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    if server_url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        try:
            yield with_database(server_url, name)
        finally:
            with psycopg.connect(server_url, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return
    with mysql_connection(server_url) as connection:
        connection.cursor().execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    try:
        yield with_database(server_url, name)
    finally:
        with mysql_connection(server_url) as connection:
            connection.cursor().execute(f"DROP DATABASE IF EXISTS `{name}`")


def empty_database(url: str) -> None:
    """Drop every table (and the migrations' record) of a scratch database."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        import psycopg

        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            connection.execute("DROP SCHEMA public CASCADE")
            connection.execute("CREATE SCHEMA public")
    elif parsed.get_backend_name() == "mysql":
        with mysql_connection(url, parsed.database) as connection:
            cursor = connection.cursor()
            cursor.execute("SHOW TABLES")
            tables = [row[0] for row in cursor.fetchall()]
            if tables:
                cursor.execute("SET FOREIGN_KEY_CHECKS = 0")
                cursor.execute("DROP TABLE " + ", ".join(f"`{table}`" for table in tables))
