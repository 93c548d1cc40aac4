"""Fixtures and helpers for the orders' tests: carts to fill, orders to make, who is logged in."""

import pytest
from sqlalchemy import func, select

from cart.models import CartItem
from cart.testing import fresh
from catalog.models import Product
from conftest import PASSWORD, csrf, log_in
from orders.checkout import place_order
from orders.models import Order

DELIVERY = {
    "full_name": "Ada Lovelace",
    "email": "ada@example.com",
    "address": "12 St James's Square\nLondon SW1Y 4JH",
}


def fill_cart(db, user, *products_and_quantities):
    """Put (product, quantity) pairs in the user's saved cart."""
    for product, quantity in products_and_quantities:
        db.add(CartItem(user_id=user.id, product_id=product.id, quantity=quantity))
    db.commit()


def saved_cart(db, user) -> dict[int, int]:
    """The user's CartItem rows: product id -> quantity."""
    fresh(db)
    rows = db.execute(
        select(CartItem.product_id, CartItem.quantity).where(CartItem.user_id == user.id)
    )
    return dict(rows.all())


def stock_of(db, product) -> int:
    """The product's stock as committed now."""
    fresh(db)
    return db.scalar(select(Product.stock).where(Product.id == product.id))


def order_count(db) -> int:
    """How many orders exist."""
    fresh(db)
    return db.scalar(select(func.count(Order.id)))


def check_out(client, **fields):
    """Open the checkout and post its form with DELIVERY (``fields`` change it)."""
    page = client.get("/checkout/")
    return client.post("/checkout/", data={"csrf_token": csrf(page), **DELIVERY, **fields})


@pytest.fixture
def ada(client, make_user):
    """Ada, logged in through the login page."""
    user = make_user("ada", email="ada@example.com")
    log_in(client, "ada", PASSWORD)
    return user


def make_orders(db, user, product, count):
    """``count`` orders of one ``product`` each for ``user``, oldest first; their ids."""
    orders = [place_order(db, user.id, [(product.id, 1)], **DELIVERY) for _ in range(count)]
    return [order.id for order in orders]


@pytest.fixture
def staff_client(app, make_user):
    """A second browser, logged in as a superuser."""
    make_user("boss", is_staff=True, is_superuser=True)
    with app.test_client(base_url="http://localhost") as staff:
        log_in(staff, "boss", PASSWORD)
        yield staff
