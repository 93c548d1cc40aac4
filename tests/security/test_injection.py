"""Injection: XSS payloads stay inert in every template context; SQL payloads stay data."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Mapped

from trestle import App, Request
from trestle.db import Database, Model
from trestle.testing import TestClient

MakeClient = Callable[..., TestClient]
KEY = "injection-test-key-" + "i" * 40
TEMPLATES = Path(__file__).parent / "templates"

PAYLOADS = [
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "javascript:alert(1)",
    "{{ 7 * 7 }}{% raw %}",
    "&lt;already-escaped&gt; & <b>bold</b>",
]


class _Elements(HTMLParser):
    """Every start tag with its attributes, as the browser would build them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def contexts_app() -> App:
    import trestle.messages
    import trestle.security
    import trestle.sessions
    from trestle.messages import error
    from trestle.templating import Templates, render

    app = App({"SECRET_KEY": KEY, "ALLOWED_HOSTS": ["testserver"]})
    Templates(app, directory=TEMPLATES)
    trestle.sessions.install(app)
    trestle.security.install(app)
    trestle.messages.install(app)

    @app.get("/contexts")
    def contexts(request: Request) -> Any:
        value = request.query.get("q", "")
        error(request, value)  # shown on this very page by trestle/messages.html
        return render(request, "contexts.html", {"value": value})

    return app


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xss_payloads_stay_inert_in_every_template_context(
    make_client: MakeClient, payload: str
) -> None:
    page = make_client(contexts_app()).get("/contexts", params={"q": payload}).text
    parser = _Elements()
    parser.feed(page)
    tags = [tag for tag, _ in parser.tags]
    # No element the payload tried to inject: one script (ours), no img, no b.
    assert tags.count("script") == 1
    assert "img" not in tags and "b" not in tags
    attributes = {attrs.get("id"): attrs for tag, attrs in parser.tags if attrs.get("id")}
    # In attributes the payload is the attribute's whole value, not new attributes.
    assert attributes["attribute"]["title"] == payload
    assert attributes["attribute"]["data-single"] == payload
    assert set(attributes["attribute"]) == {"id", "title", "data-single"}
    # In a URL it is a query value, so a javascript: payload never becomes the scheme.
    assert attributes["link"]["href"].startswith("/contexts?q=")
    # In the script it is one JSON string: nothing closes the element early.
    script = re.search(r"<script nonce=\"[^\"]+\">(.*?)</script>", page, re.S)
    assert script is not None
    assert "<" not in script.group(1) and ">" not in script.group(1)
    # Template syntax in data is shown, never evaluated. Only the text element is
    # checked: the page's nonce and tokens are random and may hold "49" by chance.
    text = re.search(r'<p id="text">(.*?)</p>', page, re.S)
    assert text is not None
    assert "49" not in text.group(1)
    if "{{" in payload:
        assert "{{ 7 * 7 }}" in text.group(1)


class InjectionProbe(Model):
    """A model no other test uses (one SQLAlchemy registry per process)."""

    name: Mapped[str]
    secret: Mapped[str]


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'injection.sqlite3'}"
        return
    yield request.getfixturevalue("postgres_url")


def search_app(url: str) -> tuple[App, Database]:
    app = App({"DATABASE_URL": url})
    db = Database(app)

    @app.get("/search")
    def search(request: Request, name: str, order: str = "name") -> dict[str, Any]:
        # Columns by name from a fixed map, values as bound parameters: never text in SQL.
        column = {"name": InjectionProbe.name, "id": InjectionProbe.id}.get(order)
        if column is None:
            return {"error": "unknown order"}
        rows = request.db.scalars(
            select(InjectionProbe.name).where(InjectionProbe.name == name).order_by(column)
        )
        return {"names": list(rows)}

    return app, db


TABLE = InjectionProbe.__tablename__
SQL_PAYLOADS = [
    "' OR '1'='1",
    f"x'; DROP TABLE {TABLE}; --",
    '" OR ""="',
    f"1 UNION SELECT secret FROM {TABLE} --",
    f"\\'; DELETE FROM {TABLE} WHERE ''='",
]


@pytest.mark.parametrize("payload", SQL_PAYLOADS)
def test_sql_payloads_in_query_parameters_are_harmless(
    database_url: str, make_client: MakeClient, payload: str
) -> None:
    app, db = search_app(database_url)
    table = InjectionProbe.__table__
    with db.engine().begin() as connection:
        table.drop(connection, checkfirst=True)  # type: ignore[attr-defined]
        table.create(connection)  # type: ignore[attr-defined]
        connection.execute(
            table.insert(),  # type: ignore[attr-defined]
            [{"name": "ada", "secret": "s1"}, {"name": payload, "secret": "s2"}],
        )
    try:
        client = make_client(app)
        assert client.get("/search", params={"name": payload}).json() == {"names": [payload]}
        assert client.get("/search", params={"name": "nobody"}).json() == {"names": []}
        assert client.get("/search", params={"name": "ada", "order": payload}).json() == {
            "error": "unknown order"
        }
        with db.session() as session:
            assert session.scalar(select(func.count()).select_from(InjectionProbe)) == 2
    finally:
        with db.engine().begin() as connection:
            table.drop(connection, checkfirst=True)  # type: ignore[attr-defined]
        db.dispose()
