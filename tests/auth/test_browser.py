"""In headless Chromium: turn two-factor login on (codes computed with pyotp), log out, log in
with the password and a code; reset a forgotten password through the emailed link; and see the
CSRF page for a login form sent without its token."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pyotp
import pytest

from trestle import App, Request
from trestle.mail import outbox

from .conftest import PASSWORD, create_user


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def app(auth_app: Callable[..., App]) -> App:
    return auth_app(security=True, ALLOWED_HOSTS=["127.0.0.1"])


@pytest.fixture
def site(app: App) -> Iterator[str]:

    @app.get("/")
    def home(request: Request) -> str:
        return f"<!doctype html><title>Home</title><p id=who>{request.user.get_username()}</p>"

    create_user(app, "ada")
    server: WSGIServer = make_server("127.0.0.1", 0, app, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def log_in(page: Any, site: str, password: str = PASSWORD) -> None:
    page.goto(site + "/accounts/login/")
    page.fill("input[name=username]", "ada")
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state()


def test_two_factor_login_in_a_browser(browser: Any, site: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        log_in(page, site)
        assert page.text_content("#who") == "ada"

        page.goto(site + "/accounts/two-factor/enable/")
        assert page.locator("figure.qr-code svg").is_visible()
        secret = (page.text_content("code.totp-secret") or "").replace(" ", "")
        page.fill("input[name=code]", pyotp.TOTP(secret).now())
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        assert page.locator("ul.recovery-codes li").count() == 10

        page.click(".logout-form button")
        page.wait_for_load_state()
        assert page.text_content("#who") == ""

        log_in(page, site)
        assert page.url.endswith("/accounts/login/two-factor/")
        # The enrolment code's step is spent: the app's next code logs in.
        page.fill("input[name=code]", pyotp.TOTP(secret).at(time.time() + 30))
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        assert page.text_content("#who") == "ada"
    finally:
        context.close()


def test_password_reset_in_a_browser(browser: Any, site: str, app: App) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site + "/accounts/password/reset/")
        page.fill("input[name=email]", "ada@example.com")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        (message,) = outbox(app)
        link = re.search(r"http://\S+/accounts/password/reset/\S+/", message.get_content())
        assert link
        page.goto(link.group(0))
        assert page.url == site + "/accounts/password/reset/new/"
        new_password = "a brand new and long passphrase"
        page.fill("input[name=new_password]", new_password)
        page.fill("input[name=new_password_again]", new_password)
        # The browser sends this form with the page's own Origin (not "null"): CSRF passes.
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        assert page.text_content("h1") == "Password set"
        log_in(page, site, new_password)
        assert page.text_content("#who") == "ada"
    finally:
        context.close()


def test_login_form_without_its_token_in_a_browser(browser: Any, site: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site + "/accounts/login/")
        page.evaluate("document.querySelector('input[name=csrf_token]').remove()")
        page.fill("input[name=username]", "ada")
        page.fill("input[name=password]", PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_load_state()
        assert "403" in page.title()
        page.goto(site + "/")
        assert page.text_content("#who") == ""
    finally:
        context.close()
