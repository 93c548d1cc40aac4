"""The admin on PostgreSQL and MariaDB: search (ILIKE or LOWER, escaped wildcards), filters,
sorting, the count, a change, the delete plan's subqueries and the cascade, the history.

Each server gets a database of this module's own, dropped at the end, so these tests never
meet the tables of other suites on the same servers.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from tests.admin.conftest import Author, Book, Project, Review, csrf_token, log_in, project_settings

from trestle.admin.models import LogEntry
from trestle.apps import build_app

PREFIXES = ("auth_", "bookshop_", "admin_")


def _server(url: str) -> Any:
    parsed = make_url(url)
    driver = "postgresql+psycopg" if parsed.get_backend_name() == "postgresql" else "mysql+pymysql"
    return create_engine(parsed.set(drivername=driver), isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="module", params=["postgresql", "mysql"])
def server_url(request: pytest.FixtureRequest) -> Iterator[str]:
    url: str = request.getfixturevalue(
        f"{'postgres' if request.param == 'postgresql' else 'mysql'}_url"
    )
    name = f"trestle_admin_{secrets.token_hex(4)}"
    engine = _server(url)
    quote = '"' if request.param == "postgresql" else "`"
    with engine.connect() as connection:
        extra = " CHARACTER SET utf8mb4" if request.param == "mysql" else ""
        connection.execute(text(f"CREATE DATABASE {quote}{name}{quote}{extra}"))
    yield str(make_url(url).set(database=name).render_as_string(hide_password=False))
    with engine.connect() as connection:
        force = " WITH (FORCE)" if request.param == "postgresql" else ""
        connection.execute(text(f"DROP DATABASE IF EXISTS {quote}{name}{quote}{force}"))
    engine.dispose()


@pytest.fixture
def served(server_url: str, tmp_path: Path) -> Iterator[Project]:
    from trestle.auth.permissions import create_permissions
    from trestle.db.model import Model

    app = build_app(project_settings(tmp_path, DATABASE_URL=server_url))
    project = Project(app)
    tables = [table for name, table in Model.metadata.tables.items() if name.startswith(PREFIXES)]
    Model.metadata.create_all(project.db.engine(), tables=tables)
    with project.session() as session:
        create_permissions(session)
    yield project
    Model.metadata.drop_all(project.db.engine(), tables=tables)
    project.db.dispose()


def titles(page: Any) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', page.text)


def test_the_admin_on_a_database_server(served: Project, make_client: Any) -> None:
    ids = served.shop(6)
    served.add(Book(title=r"100% off_sale \o/", author_id=ids["ada"]))
    served.user("boss", superuser=True)
    client = make_client(served.app)
    log_in(client, "boss")
    listing = "/admin/bookshop/book/"
    assert titles(client.get(listing + "?q=GRACE&o=title")) == ["Book 001", "Book 003", "Book 005"]
    assert titles(client.get(listing + "?q=100%25")) == [r"100% off_sale \o/"]
    assert titles(client.get(listing + "?q=f_s")) == [r"100% off_sale \o/"]
    assert titles(client.get(listing + "?q=%5Co")) == [r"100% off_sale \o/"]
    assert titles(client.get(listing + "?q=0%25_")) == []  # wildcards are characters
    page = client.get(listing + "?in_print=1&status=published&released__gte=2020-01-01&o=-title")
    assert titles(page) == ["Book 000"]
    assert "<strong>1</strong> of 7 books" in page.text

    key = ids["books"][0]
    form = client.get(f"{listing}{key}/change/")
    changed = client.post(
        f"{listing}{key}/change/",
        data={
            "csrf_token": csrf_token(form),
            "title": "Renamed",
            "author_id": str(ids["grace"]),
            "status": "archived",
            "tags": [str(ids["poetry"])],
        },
    )
    assert changed.status_code == 303
    plan = client.get(f"{listing}{key}/delete/")
    assert "<strong>1 review</strong> will be deleted" in plan.text
    deleted = client.post(
        f"{listing}{key}/delete/", data={"csrf_token": csrf_token(plan), "confirm": "yes"}
    )
    assert deleted.status_code == 303
    assert served.count(Book) == 6 and served.count(Review) == 0 and served.count(Author) == 2
    assert served.count(LogEntry) == 2
    assert "Changed title, author, status" in client.get(f"{listing}{key}/history/").text
