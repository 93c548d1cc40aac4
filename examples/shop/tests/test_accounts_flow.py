"""Accounts in headless Chromium: sign up, open the emailed link, turn on two-factor login, log
out, and log in again with a code; the shop served over a real socket from another thread."""

from __future__ import annotations

import re
import time
from typing import Any

import pyotp

from conftest import PASSWORD
from trestle.mail import outbox


def code_for(secret: str, step: int) -> str:
    """The authenticator app's code for a 30-second time step."""
    return str(pyotp.TOTP(secret).at(step * 30))


def test_sign_up_verify_and_log_in_with_two_factor(page: Any, live_server: str, app: Any) -> None:
    from playwright.sync_api import expect

    page.goto(live_server + "/")
    page.get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    page.get_by_label("Username").fill("grace")
    page.get_by_label("Email address").fill("grace@example.com")
    page.get_by_label(re.compile(r"^Password(?! again)")).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(page.locator(".sent-to")).to_have_text("grace@example.com")

    (message,) = outbox(app)
    text = message.get_body(("plain",)).get_content()
    link = re.search(r"http://\S+/accounts/verify/\S+/", text).group(0)
    assert link.startswith(live_server)
    page.goto(link)
    expect(page.get_by_role("status")).to_contain_text(
        "Welcome to Trestle Shop, grace! Your email address is verified."
    )
    shop_nav = page.get_by_role("navigation", name="Shop")
    expect(shop_nav.get_by_role("link", name="grace")).to_be_visible()

    # The account page leads to the two-factor settings.
    shop_nav.get_by_role("link", name="grace").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    page.get_by_role("link", name="Two-factor login settings").click()
    page.get_by_role("link", name="Turn two-factor login on").click()
    expect(page.locator("svg.trestle-qr")).to_be_visible()
    secret = page.locator(".totp-secret").inner_text().replace(" ", "")
    step = int(time.time() // 30)
    page.get_by_label("Code from the app").fill(code_for(secret, step))
    page.get_by_role("button", name="Turn it on").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("status")).to_contain_text("You are logged out.")
    page.get_by_role("navigation", name="Shop").get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill("grace")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Two-factor login")).to_be_visible()
    page.get_by_label("Code").fill(code_for(secret, step + 1))  # the next one: codes work once
    page.get_by_role("button", name="Verify").click()
    expect(
        page.get_by_role("navigation", name="Shop").get_by_role("link", name="grace")
    ).to_be_visible()


def test_reset_a_forgotten_password(page: Any, live_server: str, app: Any, make_user: Any) -> None:
    from playwright.sync_api import expect

    make_user("ada")
    new_password = "a brand new and long passphrase 44"
    page.goto(live_server + "/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    (message,) = outbox(app)
    text = message.get_body(("plain",)).get_content()
    page.goto(re.search(r"http://\S+/accounts/password/reset/\S+/", text).group(0))
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    page.get_by_label(re.compile(r"^New password(?! again)")).fill(new_password)
    page.get_by_label("New password again").fill(new_password)
    page.get_by_role("button", name="Set my password").click()
    expect(page.get_by_role("heading", name="Password set")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(new_password)
    page.get_by_role("button", name="Log in").click()
    shop_nav = page.get_by_role("navigation", name="Shop")
    expect(shop_nav.get_by_role("link", name="ada")).to_be_visible()
