"""No overselling: customers who buy the last items at the same moment, for real.

The main test serves the shop with ``manage.py serve`` (granian, the production server) in a
subprocess on a real socket, with two worker processes of eight threads each, on
PostgreSQL. Several processes matter: no lock inside one Python process, and not the GIL,
can serialise the checkouts; only the database can. Eight customers, each logged in through
the login page with a cart holding the last items, post the checkout form at once (a
barrier releases them together); as many orders succeed as there was stock, the others get
the out-of-stock page, and the stock ends at zero.

``place_order`` is also run from threads directly, on PostgreSQL and on SQLite. Nothing
here sleeps: waits are polls or barriers, each bounded by a deadline.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cart.models import CartItem
from cart.testing import make_product
from catalog.models import Product
from conftest import PASSWORD, PROJECT, csrf
from orders.checkout import OutOfStock, place_order
from orders.models import Order, OrderLine
from trestle.auth.models import User

CUSTOMERS = 8
#: How many of the scarce product are left: fewer than the customers who want one.
LAST_ITEMS = 3
#: The longest any step may take (the server starting, a barrier, a request).
DEADLINE = 60.0
DELIVERY = {"full_name": "Ada Lovelace", "email": "ada@example.com", "address": "London"}


def tag() -> str:
    """A suffix that keeps this test's rows apart in the run's shared PostgreSQL database."""
    return uuid.uuid4().hex[:8]


@pytest.fixture
def postgres_app(postgres_database: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The shop's app on the run's PostgreSQL database (to arrange and inspect rows)."""
    monkeypatch.setenv("DATABASE_URL", postgres_database)
    from trestle.apps import build_app

    app = build_app()
    yield app
    app.extensions["db"].dispose()


def make_users(app: Any, count: int, prefix: str) -> list[User]:
    """``count`` users with PASSWORD (hashed once: each hash carries its own salt anyway)."""
    from trestle.auth import Auth

    password = Auth.of(app).hasher.hash(PASSWORD)
    with app.extensions["db"].session() as session:
        users = [
            User(username=f"{prefix}{n}", email=f"{prefix}{n}@example.com", password=password)
            for n in range(count)
        ]
        session.add_all(users)
        session.commit()
        for user in users:
            session.expunge(user)
    return users


def fill_carts(session: Session, users: list[User], *wanted: tuple[Product, int]) -> None:
    for user in users:
        for product, quantity in wanted:
            session.add(CartItem(user_id=user.id, product_id=product.id, quantity=quantity))
    session.commit()


def stock_of(session: Session, product: Product) -> int:
    session.commit()  # a new transaction: see what the others committed
    stock: int = session.scalar(select(Product.stock).where(Product.id == product.id))
    return stock


# -- place_order from threads ---------------------------------------------------------------------


def buy_at_once(
    open_session: Callable[[], Session], user_ids: list[int], product: Product, quantity: int
) -> tuple[list[int], list[OutOfStock]]:
    """Each user buys ``quantity`` of ``product`` in their own thread, released together."""
    barrier = threading.Barrier(len(user_ids), timeout=DEADLINE)

    def buy(user_id: int) -> int | OutOfStock:
        with open_session() as session:
            barrier.wait()
            try:
                order = place_order(session, user_id, [(product.id, quantity)], **DELIVERY)
            except OutOfStock as out:
                return out
            return order.id

    with ThreadPoolExecutor(len(user_ids)) as pool:
        results = list(pool.map(buy, user_ids, timeout=DEADLINE))
    orders = [result for result in results if isinstance(result, int)]
    refused = [result for result in results if isinstance(result, OutOfStock)]
    return orders, refused


def check_the_outcome(
    session: Session, product: Product, orders: list[int], refused: list[OutOfStock]
) -> None:
    assert len(orders) == LAST_ITEMS
    assert len(refused) == CUSTOMERS - LAST_ITEMS
    for out in refused:
        ((shortage,),) = [out.shortages]
        assert (shortage.product_id, shortage.requested, shortage.available) == (product.id, 1, 0)
    assert stock_of(session, product) == 0
    sold = session.scalar(
        select(func.sum(OrderLine.quantity)).where(OrderLine.product_id == product.id)
    )
    assert sold == LAST_ITEMS
    assert session.scalar(select(func.count()).where(Order.id.in_(orders))) == LAST_ITEMS


def test_place_order_from_threads_on_postgresql(postgres_app: Any) -> None:
    database = postgres_app.extensions["db"]
    suffix = tag()
    users = make_users(postgres_app, CUSTOMERS, f"thread{suffix}-")
    with database.session() as session:
        product = make_product(session, f"Last tea {suffix}", stock=LAST_ITEMS)
        orders, refused = buy_at_once(database.session, [u.id for u in users], product, 1)
        check_the_outcome(session, product, orders, refused)


def test_place_order_from_threads_on_sqlite(app: Any, make_user: Callable[..., Any]) -> None:
    database = app.extensions["db"]
    users = [make_user(f"sqlite{n}") for n in range(CUSTOMERS)]
    with database.session() as session:
        product = make_product(session, "Last tea", stock=LAST_ITEMS)
        orders, refused = buy_at_once(database.session, [u.id for u in users], product, 1)
        check_the_outcome(session, product, orders, refused)


# -- the checkout page, served by the production server -----------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def shop_server(postgres_database: str, tmp_path: Path) -> Iterator[str]:
    """``manage.py serve`` on PostgreSQL: 2 worker processes x 8 threads; its base URL."""
    port = free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:  # a file, not a pipe: a full pipe would stall the server
        process = subprocess.Popen(
            [
                *(sys.executable, "manage.py", "serve", "--port", str(port)),
                *("--workers", "2", "--threads", "8", "--graceful-timeout", "5"),
            ],
            cwd=PROJECT,
            env={**os.environ, "DATABASE_URL": postgres_database},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(process, base_url, log_path)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=DEADLINE)


def wait_until_serving(process: subprocess.Popen[bytes], base_url: str, log_path: Path) -> None:
    """Poll the health check until it answers 200 (or the server exits, or time runs out)."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass  # not listening yet
        try:  # between two polls, watch the server: it must not exit
            process.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            continue
        pytest.fail(f"manage.py serve exited with {process.returncode}:\n{log_path.read_text()}")
    pytest.fail(f"manage.py serve did not answer within {DEADLINE} s:\n{log_path.read_text()}")


def logged_in_customer(base_url: str, username: str) -> tuple[httpx.Client, str]:
    """A browser-like client logged in through the login page, and its checkout form's token."""
    client = httpx.Client(base_url=base_url, timeout=DEADLINE)
    page = client.get("/accounts/login/")
    form = {"csrf_token": csrf(page), "username": username, "password": PASSWORD}
    assert client.post("/accounts/login/", data=form).status_code == 303
    checkout = client.get("/checkout/")
    assert checkout.status_code == 200, checkout.text
    return client, csrf(checkout)


def test_customers_checking_out_the_last_items_at_once(shop_server: str, postgres_app: Any) -> None:
    database = postgres_app.extensions["db"]
    suffix = tag()
    users = make_users(postgres_app, CUSTOMERS, f"web{suffix}-")
    with database.session() as session:
        scarce = make_product(session, f"Last gyokuro {suffix}", stock=LAST_ITEMS, price_cents=900)
        plenty = make_product(session, f"Sencha {suffix}", stock=100, price_cents=450)
        fill_carts(session, users, (scarce, 1), (plenty, 1))

    customers = [logged_in_customer(shop_server, user.username) for user in users]
    barrier = threading.Barrier(CUSTOMERS, timeout=DEADLINE)

    def check_out(customer: tuple[httpx.Client, str]) -> httpx.Response:
        client, token = customer
        barrier.wait()
        return client.post("/checkout/", data={"csrf_token": token, **DELIVERY})

    try:
        with ThreadPoolExecutor(CUSTOMERS) as pool:
            answers = list(pool.map(check_out, customers, timeout=DEADLINE))
    finally:
        for client, _ in customers:
            client.close()

    placed = [a for a in answers if a.status_code == 303]
    refused = [a for a in answers if a.status_code == 409]
    assert len(placed) == LAST_ITEMS, [a.status_code for a in answers]
    assert len(refused) == CUSTOMERS - LAST_ITEMS, [a.status_code for a in answers]
    for answer in placed:
        assert re.fullmatch(r"/orders/\d+/", answer.headers["location"])
    for answer in refused:
        assert f"<li>Last gyokuro {suffix} is sold out.</li>" in answer.text
        assert "Nothing was ordered" in answer.text

    with database.session() as session:
        assert stock_of(session, scarce) == 0
        assert stock_of(session, plenty) == 100 - LAST_ITEMS  # the refused took nothing
        user_ids = [user.id for user in users]
        orders = session.scalars(select(Order).where(Order.user_id.in_(user_ids))).all()
        assert len(orders) == LAST_ITEMS
        for order in orders:
            lines = sorted((line.product_id, line.quantity) for line in order.lines)
            assert lines == [(scarce.id, 1), (plenty.id, 1)]
            assert order.total_cents == 1350
        winners = {order.user_id for order in orders}
        for user in users:
            cart = dict(
                session.execute(
                    select(CartItem.product_id, CartItem.quantity).where(
                        CartItem.user_id == user.id
                    )
                ).all()
            )
            # Winners' carts are empty; the others keep what is still for sale.
            assert cart == ({} if user.id in winners else {plenty.id: 1})
