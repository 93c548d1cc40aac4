"""In headless Chromium: make a token on its page, use it from the docs page, revoke it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import PASSWORD


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh tab that fails the test on any failed request, error answer or console error."""
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    problems: list[str] = []
    tab.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
    tab.on(
        "requestfailed",
        # A load the browser cancels on moving to the next page (ERR_ABORTED) is no failure.
        lambda request: (
            request.failure == "net::ERR_ABORTED"
            or problems.append(f"failed {request.url}: {request.failure}")
        ),
    )
    tab.on("console", lambda message: console_error(message, problems))
    yield tab
    context.close()
    assert problems == []


def console_error(message: Any, problems: list[str]) -> None:
    """Note an error in the console, but the favicon the browser asks for on its own."""
    if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
        problems.append(f"console: {message.text} ({message.location['url']})")


def test_a_token_from_its_page_works_in_the_docs_and_can_be_revoked(
    page: Any, live_server: str, catalogue: Any, ada: Any
) -> None:
    page.goto(live_server + "/accounts/login/?next=/api/tokens/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/api/tokens/")
    assert page.get_by_text("You have no tokens yet.").is_visible()

    page.get_by_label("Token name").fill("docs page")
    page.get_by_role("button", name="Make a token").click()
    page.wait_for_load_state()
    token = page.get_by_label("Token", exact=True).input_value()
    assert re.fullmatch(r"tshop_[A-Za-z0-9_-]{43}", token)
    assert page.get_by_text("Copy it now: it is shown this once.").is_visible()
    assert token in page.locator("#curl-example").inner_text()
    assert page.get_by_role("cell", name=token[:12] + "…", exact=True).is_visible()

    # The footer leads to the docs; Swagger UI (from the package) lists the operations.
    page.get_by_role("link", name="JSON API", exact=True).click()
    page.wait_for_url(live_server + "/api/docs")
    page.locator(".opblock-summary-path", has_text="/api/orders/{id}").wait_for()
    assert page.locator(".opblock").count() == 6

    # Authorize with the token, then try GET /api/orders from the page.
    page.locator(".auth-wrapper .authorize").click()
    page.locator(".auth-container input").fill(token)
    page.locator(".auth-btn-wrapper .authorize").click()
    page.locator(".auth-btn-wrapper .btn-done").click()
    listing = page.locator("#operations-orders-api_order_list")
    listing.locator(".opblock-summary").click()
    listing.locator(".try-out__btn").click()
    listing.locator(".execute").click()
    status = listing.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"
    body = listing.locator(".live-responses-table tbody .response-col_description pre").first
    assert '"total": 0' in body.inner_text()

    # Back on the tokens page, the token is listed by its prefix and can be revoked.
    page.goto(live_server + "/api/tokens/")
    assert token not in page.content()
    page.get_by_role("button", name=re.compile(r"^Revoke ")).click()
    page.wait_for_url(live_server + "/api/tokens/")
    assert page.get_by_text("The token is revoked: it no longer opens the API.").is_visible()
    assert page.get_by_text("You have no tokens yet.").is_visible()
