"""The cart in headless Chromium: filled from the product pages, changed with the cart page's
forms (the remove buttons belong to forms of their own, through their ``form`` attribute),
with every picture and stylesheet loading."""

from collections.abc import Iterator
from typing import Any

import pytest

from cart.testing import make_product
from conftest import serve


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    """A fresh tab; a picture, stylesheet or script that fails to load fails the test."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    failures: list[str] = []

    def check(response: Any) -> None:
        if response.request.resource_type != "document" and response.status >= 400:
            failures.append(f"{response.status} {response.url}")

    page.on("response", check)
    page.on(
        "requestfailed",
        # A load the browser cancels on moving to the next page (ERR_ABORTED) is no failure.
        lambda request: (
            request.failure == "net::ERR_ABORTED"
            or failures.append(f"failed {request.url}: {request.failure}")
        ),
    )
    yield page
    context.close()
    assert failures == []


def add_from_the_product_page(tab: Any, site: str, slug: str, quantity: int) -> None:
    tab.goto(f"{site}/products/{slug}/")
    tab.get_by_label("Quantity").fill(str(quantity))
    tab.get_by_role("button", name="Add to cart").click()
    tab.wait_for_url(f"{site}/cart/")


def test_a_visitor_fills_and_changes_the_cart(tab: Any, app: Any, db: Any) -> None:
    make_product(
        db, "Assam Halmari", stock=5, price_cents=650, image="catalog/products/assam-halmari.svg"
    )
    make_product(db, "Chamomile", stock=10, price_cents=400, image="catalog/products/chamomile.svg")
    with serve(app) as site:
        tab.goto(f"{site}/cart/")
        assert tab.get_by_text("Your cart is empty.").is_visible()

        add_from_the_product_page(tab, site, "assam-halmari", 2)
        assert tab.get_by_text("Added 2 of Assam Halmari to your cart.").is_visible()
        add_from_the_product_page(tab, site, "chamomile", 1)
        assert tab.locator(".cart-count").inner_text() == "3"
        assert tab.locator("tr.cart-line").count() == 2
        assert tab.locator(".cart-total").inner_text() == "€17.00"
        pictures = tab.locator(".cart-product img")
        assert pictures.count() == 2
        assert tab.evaluate(
            "[...document.querySelectorAll('.cart-product img')]"
            ".every(img => img.complete && img.naturalWidth > 0)"
        )

        tab.get_by_label("Quantity of Assam Halmari").fill("9")
        tab.get_by_role("button", name="Update quantities").click()
        tab.wait_for_load_state()
        assert tab.get_by_text("Only 5 left of Assam Halmari: your cart holds 5.").is_visible()
        assert tab.get_by_label("Quantity of Assam Halmari").input_value() == "5"
        assert tab.locator(".cart-total").inner_text() == "€36.50"

        tab.get_by_role("button", name="Remove Chamomile").click()
        tab.wait_for_load_state()
        assert tab.get_by_text("Chamomile is out of your cart.").is_visible()
        assert tab.locator("tr.cart-line").count() == 1
        assert tab.locator(".cart-total").inner_text() == "€32.50"
        assert tab.locator(".cart-count").inner_text() == "5"

        tab.get_by_role("link", name="Check out").click()
        tab.wait_for_url(f"{site}/accounts/login/?next=/checkout/")
