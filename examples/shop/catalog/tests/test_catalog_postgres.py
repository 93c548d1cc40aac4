"""The catalogue on PostgreSQL: the same pages, searches and counts as on SQLite.

PostgreSQL differs where it matters here: ILIKE for case-insensitive search, a NUL refused
in text, GROUP BY rules for the category counts, and the order of equal names.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from conftest import manage, service
from trestle.db import assert_num_queries

from .conftest import card_names

if TYPE_CHECKING:
    from trestle.testing import TestClient


@pytest.fixture(scope="module")
def pg_client() -> Iterator[Any]:
    """A test client of the shop on a new, migrated and seeded PostgreSQL database."""
    import psycopg

    server = service("TRESTLE_TEST_POSTGRES_URL")
    name = f"shop_catalog_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = server.rsplit("/", 1)[0] + "/" + name
    try:
        manage("migrate", database_url=url)
        manage("seed", database_url=url, SHOP_STAFF_PASSWORD="")
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("DATABASE_URL", url)
            from trestle.apps import build_app

            app = build_app()
        try:
            with app.test_client(base_url="http://localhost") as client:
                yield client
        finally:
            app.extensions["db"].dispose()
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_pages(pg_client: TestClient) -> None:
    home = pg_client.get("/")
    assert home.status_code == 200
    assert "Green tea" in home.text and "5 products" in home.text
    assert card_names(home.text)[0] == "Uji Ceremonial Matcha"
    listing = pg_client.get("/products/?page=2")
    assert len(card_names(listing.text)) == 12
    assert pg_client.get("/products/?page=3").status_code == 404
    assert pg_client.get("/categories/teaware/").status_code == 200
    assert pg_client.get("/products/sakura-sencha/").status_code == 404
    assert "Only 1 left" in pg_client.get("/products/matcha-uji/").text


def test_search(pg_client: TestClient) -> None:
    assert card_names(pg_client.get("/products/?q=EARL+Grey").text) == ["Earl Grey with Bergamot"]
    assert card_names(pg_client.get("/products/", params={"q": "%"}).text) == []
    assert card_names(pg_client.get("/products/", params={"q": "_"}).text) == []
    assert card_names(pg_client.get("/products/", params={"q": "TEAPOT"}).text) == [
        "Borosilicate Glass Teapot, 600 ml",
        "Tokoname Kyusu Teapot, 300 ml",
    ]
    assert card_names(pg_client.get("/products/", params={"q": "&"}).text) == ["Hibiscus & Rosehip"]
    for text in ["\x00", "earl\x00grey", "' OR 1=1 --", "<script>", "茶"]:
        assert pg_client.get("/products/", params={"q": text}).status_code == 200, text


def test_queries(pg_client: TestClient) -> None:
    database = pg_client.app.extensions["db"]
    with assert_num_queries(database, 3):
        pg_client.get("/products/?category=green-tea")
    with assert_num_queries(database, 1):
        pg_client.get("/products/earl-grey/")
