"""Checking out in headless Chromium: a visitor's cart follows them through the login page to
the checkout; an item sold out meanwhile shows the checkout again with the reason; the order
then shows on its page and in the history."""

from typing import Any

from sqlalchemy import update

from cart.testing import make_product
from catalog.models import Product
from conftest import PASSWORD, serve


def test_from_the_cart_to_the_order_page(browser: Any, app: Any, db: Any, make_user: Any) -> None:
    make_user("ada", email="ada@example.com")
    assam = make_product(
        db, "Assam Halmari", stock=1, price_cents=650, image="catalog/products/assam-halmari.svg"
    )
    make_product(db, "Chamomile", stock=10, price_cents=400, image="catalog/products/chamomile.svg")
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    try:
        with serve(app) as site:
            for slug, quantity in (("assam-halmari", 1), ("chamomile", 2)):
                tab.goto(f"{site}/products/{slug}/")
                tab.get_by_label("Quantity").fill(str(quantity))
                tab.get_by_role("button", name="Add to cart").click()
                tab.wait_for_url(f"{site}/cart/")
            tab.get_by_role("link", name="Check out").click()
            tab.wait_for_url(f"{site}/accounts/login/?next=/checkout/")
            tab.get_by_label("Username").fill("ada")
            tab.get_by_label("Password").fill(PASSWORD)
            tab.locator("main form button[type=submit]").click()
            tab.wait_for_url(f"{site}/checkout/")

            assert tab.get_by_label("Email").input_value() == "ada@example.com"
            assert tab.locator(".checkout-total").inner_text() == "€14.50"
            tab.get_by_label("Full name").fill("Ada Lovelace")
            tab.get_by_label("Address").fill("12 St James's Square\nLondon")
            # Someone else buys the last Assam while Ada types.
            db.execute(update(Product).where(Product.id == assam.id).values(stock=0))
            db.commit()
            tab.get_by_role("button", name="Place the order (€14.50)").click()
            tab.wait_for_load_state()
            alert = tab.locator(".out-of-stock")
            assert "Assam Halmari is sold out." in alert.inner_text()
            assert tab.get_by_label("Full name").input_value() == "Ada Lovelace"
            assert tab.locator(".checkout-total").inner_text() == "€8.00"

            tab.get_by_role("button", name="Place the order (€8.00)").click()
            tab.wait_for_url(f"{site}/orders/*/")
            order_id = tab.url.rstrip("/").rsplit("/", 1)[1]
            assert tab.get_by_text(f"Thank you! Your order #{order_id} is placed.").is_visible()
            assert tab.locator(".order-total").inner_text() == "€8.00"
            assert "12 St James's Square" in tab.locator(".order-address").inner_text()
            assert tab.locator(".cart-count").inner_text() == "0"

            tab.get_by_role("link", name="Orders", exact=True).click()
            tab.wait_for_url(f"{site}/orders/")
            assert tab.get_by_role("link", name=f"Order #{order_id}").is_visible()
    finally:
        context.close()
