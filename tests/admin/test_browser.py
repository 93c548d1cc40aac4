"""The admin in headless Chromium: log in, add a book, fix a validation error, search,
filter, choose an author with the autocomplete, delete in bulk; screenshots, light and dark,
saved to test-artifacts/."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from tests.admin.conftest import PASSWORD, Author, Book, Project

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def site(project: Project) -> Iterator[str]:
    """The project served over real HTTP on 127.0.0.1, with a superuser and some books."""
    project.user("boss", superuser=True)
    project.shop(30)
    project.add(*[Author(name=f"Writer {n:03d}") for n in range(120)])
    server: WSGIServer = make_server("127.0.0.1", 0, project.app, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def shoot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"admin-{name}.png"), full_page=True)


def test_a_staff_user_manages_books(browser: Any, site: str, project: Project) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        # Logging in, through the auth app, back to the admin.
        page.goto(site + "/admin/")
        assert "/accounts/login/" in page.url
        page.fill("input[name=username]", "boss")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(site + "/admin/")
        assert page.text_content("h1") == "Administration"
        shoot(page, "dashboard-light")

        # Adding a book: an error shown by its field, fixed, saved.
        page.click("a[href='/admin/bookshop/book/add/']")
        page.fill("#id_title", "")
        page.fill("#id_price", "12.345")
        page.click("button[name=_save]")
        assert page.get_attribute("#id_title", "aria-invalid") == "true"
        assert "This field is required." in (page.text_content("#id_title-errors") or "")
        assert "digits after the point" in (page.text_content("#id_price-errors") or "")
        shoot(page, "add-errors-light")
        page.fill("#id_title", "Notes on the <Engine>")
        page.fill("#id_price", "12.50")
        # The author, chosen with the autocomplete (120 authors: no select).
        page.fill(".autocomplete input[role=combobox]", "lovelace")
        page.wait_for_selector("[role=option]")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        assert page.input_value("#id_author_id") == "1"
        assert "Ada Lovelace" in (page.text_content(".current-value") or "")
        page.click("button[name=_continue]")
        page.wait_for_load_state()
        assert "/change/" in page.url
        assert "was added" in (page.text_content(".messages") or "")

        # Editing it with an error, then fixing it.
        page.fill("#id_released", "")
        page.fill("#id_title", "")
        page.click("button[name=_save]")
        assert "This field is required." in (page.text_content("#id_title-errors") or "")
        page.fill("#id_title", "Notes, revised")
        page.click("button[name=_save]")
        page.wait_for_url(site + "/admin/bookshop/book/")
        assert "“Notes, revised” was changed" in (page.text_content(".messages") or "")

        # Searching and filtering.
        page.fill("#searchbar", "revised")
        page.click(".search-form button")
        page.wait_for_load_state()
        assert page.locator("tbody tr").count() == 1
        assert "<strong>1</strong> of 31 books" in page.content()
        page.click("text=Clear search and filters")
        # 120 authors and more: the author filter takes a key.
        page.fill("#filter-input-author_id", "2")
        page.press("#filter-input-author_id", "Enter")
        page.wait_for_load_state()
        assert "author_id=2" in page.url
        assert page.locator("tbody tr").count() == 15
        assert "Grace Hopper" in (page.text_content(".filter.active") or "")
        page.click(".filter >> text=No")  # not in print, by Grace Hopper
        page.wait_for_load_state()
        assert page.locator("tbody tr").count() == 15
        shoot(page, "list-filtered-light")

        # Deleting three in bulk: select them, confirm, gone.
        page.click("text=Clear search and filters")
        boxes = page.locator("input.row-select")
        for index in range(3):
            boxes.nth(index).check()
        assert page.text_content("#selection-count") == "3 of 20 selected"
        page.select_option("#action-select", "delete_selected")
        page.click("button[name=run]")
        page.wait_for_load_state()
        assert "Delete these 3 books?" in (page.text_content(".delete-confirmation") or "")
        shoot(page, "delete-light")
        page.click("text=Yes, delete")
        page.wait_for_load_state()
        assert "Deleted 3 books." in (page.text_content(".messages") or "")
        assert project.count(Book) == 28

        # The same pages in the dark.
        page.emulate_media(color_scheme="dark")
        for name, url in [
            ("dashboard", "/admin/"),
            ("list", "/admin/bookshop/book/?in_print=1"),
            ("change", "/admin/bookshop/book/4/change/"),
        ]:
            page.goto(site + url)
            shoot(page, f"{name}-dark")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(19, 20, 23)"
    finally:
        page.close()


def test_the_admin_works_without_javascript(browser: Any, site: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(site + "/admin/")
        page.fill("input[name=username]", "boss")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(site + "/admin/")
        page.goto(site + "/admin/bookshop/book/1/change/")
        assert page.locator(".autocomplete").count() == 0  # no script: the key field itself
        page.fill("#id_author_id", "2")
        page.click("button[name=_continue]")
        page.wait_for_load_state()
        assert page.input_value("#id_author_id") == "2"
        assert "Grace Hopper" in (page.text_content(".current-value") or "")
        assert page.is_hidden("#select-all") is True or page.locator("#select-all").count() == 0
        page.goto(site + "/admin/bookshop/book/")
        shoot(page, "list-phone-light")
        # Nothing widens the page: the table scrolls inside its own box.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
    finally:
        context.close()
