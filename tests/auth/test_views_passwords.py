"""Password change and password reset by email, through HTTP under WSGI and ASGI."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

import pytest

from trestle import App, Request
from trestle.auth import Auth

from .conftest import NEW_PASSWORD, PASSWORD, create_user, csrf_token, reload_user, submit

MakeClient = Callable[..., Any]


@pytest.fixture
def app(auth_app: Callable[..., App]) -> App:
    app = auth_app(security=True)

    @app.get("/")
    def home(request: Request) -> str:
        return f"home of {request.user.get_username() or 'nobody'}"

    create_user(app, "ada", email="Ada@Example.com")
    create_user(app, "sleepy", email="sleepy@example.com", is_active=False)
    return app


def log_in(client: Any, username: str = "ada", password: str = PASSWORD) -> Any:
    return submit(client, "/accounts/login/", {"username": username, "password": password})


# -- password change --------------------------------------------------------------------------


def change(client: Any, old: str, new: str, again: str | None = None) -> Any:
    return submit(
        client,
        "/accounts/password/change/",
        {"old_password": old, "new_password": new, "new_password_again": again or new},
    )


def test_password_change_needs_a_login(make_client: MakeClient, app: App) -> None:
    response = make_client(app).get("/accounts/password/change/")
    assert response.status_code == 302
    assert response.headers["location"] == "/accounts/login/?next=/accounts/password/change/"


def test_password_change(make_client: MakeClient, app: App) -> None:
    client = make_client(app)
    other_device = make_client(app)
    log_in(client)
    log_in(other_device)
    page = client.get("/accounts/password/change/")
    assert "at least 12 characters" in page.text
    done = change(client, PASSWORD, NEW_PASSWORD)
    assert done.status_code == 200
    assert "Password changed" in done.text
    assert client.get("/").text == "home of ada"  # this session goes on
    assert other_device.get("/").text == "home of nobody"  # the others end
    fresh = make_client(app)
    assert log_in(fresh, "ada", PASSWORD).status_code == 400
    assert log_in(fresh, "ada", NEW_PASSWORD).status_code == 303


@pytest.mark.parametrize(
    ("old", "new", "again", "message"),
    [
        ("wrong", NEW_PASSWORD, None, "That is not your password."),
        (PASSWORD, "short1", None, "at least 12 characters"),
        (PASSWORD, "password1234", None, "This password is too common."),
        (PASSWORD, "123456789012345", None, "entirely numeric"),
        (PASSWORD, "ada@example.com!", None, "too similar to your"),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "The two passwords differ."),
        (PASSWORD, "", None, "required"),
    ],
)
def test_password_change_refusals(
    make_client: MakeClient, app: App, old: str, new: str, again: str | None, message: str
) -> None:
    client = make_client(app)
    log_in(client)
    before = reload_user(app, "ada").password
    response = change(client, old, new, again)
    assert response.status_code == 400
    assert message in response.text
    assert PASSWORD not in response.text and NEW_PASSWORD not in response.text
    assert client.get("/").text == "home of ada"
    assert reload_user(app, "ada").password == before
    assert log_in(make_client(app)).status_code == 303  # the old password still works


# -- password reset -----------------------------------------------------------------------------


def outbox(app: App) -> list[EmailMessage]:
    from trestle.mail import outbox as mail_outbox

    return mail_outbox(app)


def reset_link(message: EmailMessage) -> str:
    body = message.get_content() if message.is_multipart() is False else str(message)
    match = re.search(r"http://testserver(/accounts/password/reset/\S+/)", body)
    assert match, body
    return match.group(1)


def ask_reset(client: Any, email: str) -> Any:
    return submit(client, "/accounts/password/reset/", {"email": email})


def set_password(client: Any, link: str, password: str = NEW_PASSWORD) -> Any:
    moved = client.get(link)
    assert moved.status_code == 303, moved.text
    assert moved.headers["location"] == "/accounts/password/reset/new/"
    form = client.get("/accounts/password/reset/new/")
    assert form.headers["referrer-policy"] == "same-origin"
    return client.post(
        "/accounts/password/reset/new/",
        data={
            "csrf_token": csrf_token(form),
            "new_password": password,
            "new_password_again": password,
        },
    )


def test_password_reset(make_client: MakeClient, app: App) -> None:
    client = make_client(app)
    response = ask_reset(client, "ada@EXAMPLE.com")
    assert response.status_code == 303
    assert response.headers["location"] == "/accounts/password/reset/sent/"
    [message] = outbox(app)
    assert message["To"] == "Ada@Example.com"
    assert message["Subject"] == "Reset your password on testserver"
    link = reset_link(message)
    done = set_password(client, link)
    assert done.status_code == 200 and "Password set" in done.text
    assert client.get("/").text == "home of nobody"  # not logged in by the reset
    assert log_in(client, "ada", PASSWORD).status_code == 400
    assert log_in(client, "ada", NEW_PASSWORD).status_code == 303
    assert client.get("/").text == "home of ada"


@pytest.mark.parametrize("email", ["nobody@example.com", "sleepy@example.com"])
def test_reset_of_unknown_or_inactive_address_says_the_same(
    make_client: MakeClient, app: App, email: str
) -> None:
    response = ask_reset(make_client(app), email)
    assert response.status_code == 303
    assert response.headers["location"] == "/accounts/password/reset/sent/"
    assert outbox(app) == []


@pytest.mark.parametrize("email", ["", "not an email", "a@b@c", "x" * 300 + "@example.com"])
def test_reset_with_a_malformed_address(make_client: MakeClient, app: App, email: str) -> None:
    response = ask_reset(make_client(app), email)
    assert response.status_code == 400
    assert outbox(app) == []


def test_reused_reset_link(make_client: MakeClient, app: App) -> None:
    client = make_client(app)
    ask_reset(client, "ada@example.com")
    link = reset_link(outbox(app)[0])
    set_password(client, link)
    again = make_client(app).get(link)
    assert again.status_code == 400
    assert "used already" in again.text


def test_reset_link_dies_after_a_login(make_client: MakeClient, app: App) -> None:
    client = make_client(app)
    ask_reset(client, "ada@example.com")
    link = reset_link(outbox(app)[0])
    log_in(make_client(app))  # last_login changes
    assert client.get(link).status_code == 400


def test_reset_link_in_the_session_dies_too(make_client: MakeClient, app: App) -> None:
    """The token moved to the session is checked again when the password is set."""
    client = make_client(app)
    ask_reset(client, "ada@example.com")
    link = reset_link(outbox(app)[0])
    assert client.get(link).status_code == 303
    log_in(make_client(app))
    form = client.get("/accounts/password/reset/new/")
    assert form.status_code == 400


def test_expired_reset_link(make_client: MakeClient, app: App) -> None:
    auth = Auth.of(app)
    user = reload_user(app, "ada")
    value = auth.reset_tokens.make(user).rsplit(".", 2)[0]
    old = auth.reset_tokens._signer.sign(value, timestamp=time.time() - 3601)
    response = make_client(app).get(f"/accounts/password/reset/{old}/")
    assert response.status_code == 400
    assert "expired" in response.text


@pytest.mark.parametrize(
    "token",
    ["x", "a.b.c", "MQ-AAAAAAAAAAAAAAAAAAAAAA.AAAA.AAAA", "%00", "..", "MQ" * 300],
)
def test_forged_reset_links(make_client: MakeClient, app: App, token: str) -> None:
    response = make_client(app).get(f"/accounts/password/reset/{token}/")
    assert response.status_code in (400, 404)
    assert "does not work" in response.text or response.status_code == 404


def test_reset_page_without_a_token(make_client: MakeClient, app: App) -> None:
    response = make_client(app).get("/accounts/password/reset/new/")
    assert response.status_code == 400


def test_new_password_is_validated(make_client: MakeClient, app: App) -> None:
    client = make_client(app)
    ask_reset(client, "ada@example.com")
    response = set_password(client, reset_link(outbox(app)[0]), "short")
    assert response.status_code == 400
    assert "at least 12 characters" in response.text
    assert log_in(make_client(app)).status_code == 303  # unchanged


def test_reset_clears_a_lockout(make_client: MakeClient, app: App) -> None:
    client = make_client(app)
    for _ in range(5):
        log_in(client, "ada", "wrong")
    assert log_in(client, "ada", PASSWORD).status_code == 429
    ask_reset(client, "ada@example.com")
    set_password(client, reset_link(outbox(app)[0]))
    assert log_in(make_client(app), "ada", NEW_PASSWORD).status_code == 303


def test_password_change_is_throttled(make_client: MakeClient, app: App) -> None:
    """A stolen session cannot be used to guess the current password at leisure."""
    client = make_client(app)
    log_in(client)
    for _ in range(5):
        assert change(client, "guess", NEW_PASSWORD).status_code == 400
    locked = change(client, PASSWORD, NEW_PASSWORD)
    assert locked.status_code == 400
    assert "Too many failed login attempts" in locked.text
    assert log_in(make_client(app), "ada", NEW_PASSWORD).status_code in (400, 429)
