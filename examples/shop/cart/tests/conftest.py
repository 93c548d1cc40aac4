"""Helpers for the cart's tests: read the header's count, the cart page's lines, the session."""

import re

from sqlalchemy import select

from cart.models import CartItem
from cart.testing import fresh, token_for


def session_data(client) -> dict:
    """What the client's session cookie holds (read with the app's own store)."""
    store = client.app.extensions["sessions"].fixed_config.store
    return store.load(client.cookies["session"]).data


def cart_count(page) -> int:
    """The item count the header shows."""
    found = re.search(r'<span class="cart-count"[^>]*>(\d+)</span>', page.text)
    assert found is not None, "no cart count in the header"
    return int(found.group(1))


def quantities(page) -> dict[str, int]:
    """The cart page's lines: product slug -> the quantity in its input."""
    rows = re.findall(
        r'data-product="([^"]+)".*?name="quantity-\d+"[^>]*?value="(\d+)"', page.text, re.S
    )
    return {slug: int(quantity) for slug, quantity in rows}


def add(client, product_id, quantity=None, **extra):
    """POST the add form, as the product page does (``quantity`` left out when None)."""
    data = {"csrf_token": token_for(client), **extra}
    if quantity is not None:
        data["quantity"] = str(quantity)
    return client.post(f"/cart/add/{product_id}/", data=data)


def saved_cart(db, user) -> dict[int, int]:
    """The user's CartItem rows: product id -> quantity."""
    fresh(db)
    rows = db.execute(
        select(CartItem.product_id, CartItem.quantity).where(CartItem.user_id == user.id)
    )
    return dict(rows.all())
