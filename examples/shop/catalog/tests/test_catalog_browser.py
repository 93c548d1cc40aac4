"""The catalogue in headless Chromium: browsing, searching and paging, with and without
JavaScript; every picture loads and no request fails."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from catalog.seed import SeedResult


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def page(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    """A fresh tab; the catalogue needs no JavaScript, so it runs both ways."""
    context = browser.new_context(java_script_enabled=request.param)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    failures: list[str] = []

    def check(response: Any) -> None:
        if response.status >= 400:
            failures.append(f"{response.status} {response.url}")

    def failed(request: Any) -> None:
        # A picture still loading when a test clicks on to the next page is cancelled by
        # the browser (ERR_ABORTED): not a failure of the site.
        if request.failure != "net::ERR_ABORTED":
            failures.append(f"failed {request.url}: {request.failure}")

    tab.on("response", check)
    tab.on("requestfailed", failed)
    yield tab
    context.close()
    assert failures == []


def card_names(page: Any) -> list[str]:
    """The names on the product cards, as shown."""
    return [name.strip() for name in page.locator(".product-card .product-name").all_inner_texts()]


def test_browse_from_the_home_page_to_a_product(
    page: Any, live_server: str, seeded: SeedResult
) -> None:
    page.goto(live_server + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome to Trestle Shop"
    assert card_names(page)[0] == "Uji Ceremonial Matcha"

    page.get_by_role("link", name="Green tea").click()
    page.wait_for_url(live_server + "/categories/green-tea/")
    assert page.locator(".result-count").inner_text() == "5 products"

    page.get_by_role("link", name="Uji Ceremonial Matcha").click()
    page.wait_for_url(live_server + "/products/matcha-uji/")
    assert page.title() == "Uji Ceremonial Matcha · Trestle Shop"
    assert page.get_by_role("img", name="Uji Ceremonial Matcha").is_visible()
    assert page.get_by_text("Only 1 left").is_visible()
    quantity = page.get_by_label("Quantity")
    assert quantity.get_attribute("max") == "1"
    assert page.get_by_role("button", name="Add to cart").is_visible()

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Green tea").click()
    page.wait_for_url(live_server + "/categories/green-tea/")


def test_search_from_the_header_then_filter(
    page: Any, live_server: str, seeded: SeedResult
) -> None:
    page.goto(live_server + "/products/matcha-uji/")
    page.get_by_role("searchbox", name="Search products").fill("earl grey")
    page.get_by_role("searchbox", name="Search products").press("Enter")
    page.wait_for_url("**/products/?q=earl+grey")
    assert card_names(page) == ["Earl Grey with Bergamot"]

    page.get_by_label("Name or description").fill("")
    page.get_by_label("Category").select_option(label="Teaware")
    page.get_by_role("button", name="Show products").click()
    page.wait_for_url("**/products/?q=&category=teaware")
    assert page.get_by_role("heading", level=1).inner_text() == "Teaware"
    assert len(card_names(page)) == 6

    page.get_by_label("Name or description").fill("<script>alert(1)</script>")
    page.get_by_role("button", name="Show products").click()
    page.wait_for_url("**/products/?q=%3Cscript*")
    assert page.get_by_text(
        "No products match “<script>alert(1)</script>” in Teaware."
    ).is_visible()


def test_page_through_the_catalogue(page: Any, live_server: str, seeded: SeedResult) -> None:
    page.goto(live_server + "/products/")
    first = card_names(page)
    assert page.get_by_text("Page 1 of 2").is_visible()
    page.get_by_role("link", name="Next page").click()
    page.wait_for_url(live_server + "/products/?page=2")
    second = card_names(page)
    assert len(first) == len(second) == 12 and not set(first) & set(second)
    page.get_by_role("link", name="Previous page").click()
    page.wait_for_url(live_server + "/products/")


def test_every_picture_loads(browser: Any, live_server: str, seeded: SeedResult) -> None:
    # A window tall enough for every card, so lazy pictures load too. The shop's CSP forbids
    # eval, which Playwright's polling of a predicate needs: bypassed in this tab only.
    context = browser.new_context(viewport={"width": 1280, "height": 8000}, bypass_csp=True)
    tab = context.new_page()
    try:
        for url in ["/", "/products/", "/products/?page=2", "/products/tetsubin-cast-iron/"]:
            tab.goto(live_server + url)
            assert tab.locator("img").count() > 0, url
            # Polls until every picture has loaded and has a size; times out otherwise.
            tab.wait_for_function(
                "[...document.images].every(i => i.complete && i.naturalWidth > 0)",
                timeout=15_000,
            )
    finally:
        context.close()
