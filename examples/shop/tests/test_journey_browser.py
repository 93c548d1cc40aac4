"""The whole shop in headless Chromium, as one customer and then the staff see it.

A visitor browses and searches the seeded catalogue, fills a cart, signs up, verifies the
email address from the message the shop sent, checks out, finds the order in their
history; then the staff user logs in to the admin and finds the same order there. Each
step is a real page in a real browser, over a real socket; screenshots of the key pages
are kept in the test's temporary folder.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import select

from catalog.models import Product
from conftest import PASSWORD
from orders.models import Order
from trestle.mail import outbox


def snapshot(page: Any, folder: Path, name: str) -> None:
    """Keep what the browser shows now (a test artifact, never committed)."""
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_a_customer_buys_and_the_staff_see_the_order(
    page: Any, live_server: str, app: Any, db: Any, seeded: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    # Browse: the home page, then a search from the header.
    page.goto(live_server + "/")
    expect(page).to_have_title(re.compile("Trestle Shop"))
    page.get_by_label("Search products").fill("sencha")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/products/\?q=sencha"))
    results = page.locator(".product-card")
    expect(results.first).to_be_visible()
    snapshot(page, tmp_path, "1-search")
    product_name = results.first.get_by_role("link").first.inner_text().strip()
    results.first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(product_name)
    image = page.locator("main img").first
    expect(image).to_be_visible()
    assert page.evaluate("(img) => img.naturalWidth > 0", image.element_handle())

    # Two into the cart, logged out: the header counts them.
    product = db.scalar(select(Product).where(Product.name == product_name))
    stock_before = product.stock
    page.get_by_label("Quantity").fill("2")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.locator(".cart-count")).to_have_text("2")

    # Sign up, and verify the address from the message the shop sent.
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill("grace")
    page.get_by_label("Email address").fill("grace@example.com")
    page.get_by_label(re.compile(r"^Password(?! again)")).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    (message,) = outbox(app)
    assert message["To"] == "grace@example.com"
    body = message.get_body(("plain",)).get_content()
    link = re.search(r"http://\S+/accounts/verify/\S+/", body)
    assert link is not None, body
    page.goto(link.group(0))
    expect(page.locator(".shop-nav")).to_contain_text("grace")
    # The visitor's cart became the customer's.
    expect(page.locator(".cart-count")).to_have_text("2")

    # Check out.
    page.locator(".cart-link").click()
    expect(page.get_by_role("cell", name=product_name, exact=True)).to_be_visible()
    expect(page.get_by_label(f"Quantity of {product_name}")).to_have_value("2")
    page.get_by_role("link", name="Check out").click()
    page.get_by_label("Full name").fill("Grace Hopper")
    page.get_by_label("Address").fill("1 Navy Yard\nArlington")
    snapshot(page, tmp_path, "2-checkout")
    page.get_by_role("button", name=re.compile(r"^Place the order")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Order #\d+$"))
    order_title = page.get_by_role("heading", level=1).inner_text()
    expect(page.locator(".cart-count")).to_have_text("0")
    db.expire_all()
    db.commit()  # a new snapshot: see what the app committed
    order = db.scalars(select(Order)).one()
    assert [(line.product_name, line.quantity) for line in order.lines] == [(product_name, 2)]
    assert db.scalar(select(Product.stock).where(Product.id == product.id)) == stock_before - 2

    # The order is in the customer's history.
    page.get_by_role("link", name="Orders", exact=True).click()
    expect(page.get_by_role("link", name=order_title)).to_be_visible()
    snapshot(page, tmp_path, "3-history")

    # The staff see it in the admin.
    page.get_by_role("button", name="Log out").click()
    page.goto(live_server + "/accounts/login/?next=/admin/")
    page.get_by_label("Username").fill(seeded.staff_username)
    page.get_by_label("Password").fill(seeded.staff_password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    # The dashboard lists each app with its models: the "Orders" app's "Orders" model.
    page.locator("main a[href$='/orders/order/']").first.click()
    row = page.get_by_role("row").filter(has_text="grace")
    expect(row).to_contain_text("Placed")
    row.get_by_role("link", name=str(order.id), exact=True).click()
    expect(page.locator("main")).to_contain_text(product_name)
    expect(page.locator("main")).to_contain_text("Grace Hopper")
    snapshot(page, tmp_path, "4-admin-order")
