"""Password reset end to end: the mail goes through a real SMTP server (aiosmtpd) run here."""

from __future__ import annotations

import email
import email.policy
import re
import socket
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from typing import Any

import pytest

from trestle import App, Request

from .conftest import NEW_PASSWORD, PASSWORD, create_user, csrf_token, submit


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def test_password_reset_through_smtp(
    make_client: Callable[..., Any],
    auth_app: Callable[..., App],
    smtp_server: tuple[Inbox, int],
) -> None:
    inbox, port = smtp_server
    app = auth_app(
        security=True,
        EMAIL_BACKEND="smtp",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        PASSWORD_RESET_FROM_EMAIL="accounts@example.com",
    )

    @app.get("/")
    def home(request: Request) -> str:
        return f"home of {request.user.get_username() or 'nobody'}"

    create_user(app, "ada", email="ada@example.com")
    client = make_client(app)

    asked = submit(client, "/accounts/password/reset/", {"email": "ada@example.com"})
    assert asked.status_code == 303

    [message] = inbox.messages
    assert inbox.envelopes == [("accounts@example.com", ["ada@example.com"])]
    assert message["To"] == "ada@example.com"
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    assert "Hello ada," in text
    match = re.search(r"http://testserver(/accounts/password/reset/[^/\s]+/)", text)
    assert match, text

    moved = client.get(match.group(1))
    assert moved.status_code == 303
    form = client.get(moved.headers["location"])
    done = client.post(
        "/accounts/password/reset/new/",
        data={
            "csrf_token": csrf_token(form),
            "new_password": NEW_PASSWORD,
            "new_password_again": NEW_PASSWORD,
        },
    )
    assert done.status_code == 200

    refused = submit(client, "/accounts/login/", {"username": "ada", "password": PASSWORD})
    assert refused.status_code == 400
    logged_in = submit(client, "/accounts/login/", {"username": "ada", "password": NEW_PASSWORD})
    assert logged_in.status_code == 303
    assert client.get("/").text == "home of ada"

    # The link from the message is spent now.
    assert client.get(match.group(1)).status_code == 400
