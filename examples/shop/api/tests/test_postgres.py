"""The API on PostgreSQL, stricter than SQLite, and customers buying the last items at once.

PostgreSQL refuses NUL characters in text and integers past 32 bits in an INTEGER column,
where SQLite shrugs; the API must answer those with a 4xx before they reach it. The last
test sends orders for the last items from several threads at the same moment (a barrier
releases them together): exactly as many succeed as there was stock.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from api import tokens
from api.models import ApiToken
from api.times import as_utc
from catalog.models import Category, Product
from orders.models import Order
from trestle.auth.models import User

#: The longest a request or a barrier may take.
DEADLINE = 60.0


@pytest.fixture
def pg_app(postgres_database: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The shop's app on the run's PostgreSQL database (shared: rows carry a tag)."""
    monkeypatch.setenv("DATABASE_URL", postgres_database)
    from trestle.apps import build_app

    app = build_app()
    yield app
    app.extensions["db"].dispose()


@pytest.fixture
def tag() -> str:
    """A suffix that keeps this test's rows apart from the other tests' in the database."""
    return uuid.uuid4().hex[:8]


def add_product(app: Any, tag: str, stock: int) -> int:
    """A product of its own category, committed; its id."""
    with app.extensions["db"].session() as session:
        shelf = Category(name=f"Shelf {tag}", slug=f"shelf-{tag}")
        product = Product(
            category=shelf, name=f"Tea {tag}", slug=f"tea-{tag}", price_cents=450, stock=stock
        )
        session.add(product)
        session.commit()
        return product.id


def customer_token(app: Any, username: str) -> str:
    """A new customer's new token."""
    with app.extensions["db"].session() as session:
        user = User(username=username, email=f"{username}@example.com")
        session.add(user)
        session.flush()
        _, token = tokens.issue(session, user.id, "tests")
        session.commit()
    return token


def stock_of(app: Any, product_id: int) -> int:
    """How many of the product are left."""
    with app.extensions["db"].session() as session:
        return session.scalar(select(Product.stock).where(Product.id == product_id))


def orders_of(app: Any, product_tag: str) -> int:
    """How many orders the customers of this test placed."""
    with app.extensions["db"].session() as session:
        return session.scalar(
            select(func.count(Order.id)).where(Order.full_name == f"Customer {product_tag}")
        )


def test_what_postgresql_would_refuse_is_a_4xx(pg_app, tag):
    token = customer_token(pg_app, f"strict-{tag}")
    auth = {"Authorization": f"Bearer {token}"}
    product_id = add_product(pg_app, tag, stock=5)
    with pg_app.test_client(base_url="http://localhost") as client:
        assert client.get("/api/products?q=tea%00").status_code == 422
        assert client.get(f"/api/products?q={tag}").json()["total"] == 1
        assert client.get("/api/products/2147483648").status_code == 404
        assert client.get("/api/orders/99999999999999", headers=auth).status_code == 404
        order = {
            "lines": [{"product_id": product_id, "quantity": 1}],
            "full_name": "Ada",
            "address": "London\x00",
        }
        assert client.post("/api/orders", json=order, headers=auth).status_code == 422
    assert stock_of(pg_app, product_id) == 5


def test_an_order_and_a_409_on_postgresql(pg_app, tag):
    token = customer_token(pg_app, f"buyer-{tag}")
    auth = {"Authorization": f"Bearer {token}"}
    product_id = add_product(pg_app, tag, stock=2)
    order = {
        "lines": [{"product_id": product_id, "quantity": 2}],
        "full_name": f"Customer {tag}",
        "address": "London",
    }
    with pg_app.test_client(base_url="http://localhost") as client:
        placed = client.post("/api/orders", json=order, headers=auth)
        assert placed.status_code == 201
        assert client.get(placed.headers["location"], headers=auth).json()["total"] == "9.00"
        again = client.post("/api/orders", json=order, headers=auth)
        assert again.status_code == 409
        assert again.json()["shortages"][0]["available"] == 0
    assert stock_of(pg_app, product_id) == 0
    assert orders_of(pg_app, tag) == 1


def test_the_use_of_a_token_is_recorded_once_a_minute_on_postgresql(pg_app, tag):
    token = customer_token(pg_app, f"user-{tag}")
    digest = tokens.digest_of(token)
    with pg_app.test_client(base_url="http://localhost") as client:
        client.get("/api/orders", headers={"Authorization": f"Bearer {token}"})
    database = pg_app.extensions["db"]
    with database.session() as session:
        first = session.scalar(select(ApiToken.last_used_at).where(ApiToken.digest == digest))
        assert first is not None and first.tzinfo is not None
        row = session.scalar(select(ApiToken).where(ApiToken.digest == digest))
        assert tokens.touch(session, row, now=as_utc(first) + timedelta(seconds=30)) is False
        later = datetime.now(UTC) + timedelta(minutes=2)
        assert tokens.touch(session, row, now=later) is True
    with database.session() as session:
        written = session.scalar(select(ApiToken.last_used_at).where(ApiToken.digest == digest))
        assert written == later


def test_customers_buying_the_last_items_at_once_never_oversell(pg_app, tag):
    customers, last_items = 8, 3
    product_id = add_product(pg_app, tag, stock=last_items)
    auths = [
        {"Authorization": f"Bearer {customer_token(pg_app, f'c{n}-{tag}')}"}
        for n in range(customers)
    ]
    order = {
        "lines": [{"product_id": product_id, "quantity": 1}],
        "full_name": f"Customer {tag}",
        "address": "London",
    }
    together = threading.Barrier(customers, timeout=DEADLINE)

    def buy(client: Any, auth: dict[str, str]) -> int:
        client.get("/api/products", headers=auth)  # warm up: a connection each
        together.wait()
        return client.post("/api/orders", json=order, headers=auth).status_code

    # The clients are opened and closed here: closing one runs the app's shutdown hooks,
    # which belong to the main thread, not to a pool thread about to end.
    with ExitStack() as stack:
        clients = [
            stack.enter_context(pg_app.test_client(base_url="http://localhost", timeout=DEADLINE))
            for _ in auths
        ]
        with ThreadPoolExecutor(customers) as pool:
            statuses = sorted(pool.map(buy, clients, auths, timeout=DEADLINE))
    assert statuses == [201] * last_items + [409] * (customers - last_items)
    assert stock_of(pg_app, product_id) == 0
    assert orders_of(pg_app, tag) == last_items
