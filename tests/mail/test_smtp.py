"""The SMTP backend against a real SMTP server: plain, STARTTLS, TLS, login, failures."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from trestle import App, Request
from trestle.mail import MailError, SMTPBackend, asend_mail, make_message, send_mail
from trestle.testing import TestClient

from .conftest import PASSWORD, USER, SMTPServer

MakeClient = Callable[..., TestClient]
StartServer = Callable[..., SMTPServer]


def mail_app(server: SMTPServer, certificate: tuple[Path, Path], **settings: Any) -> App:
    app = App(
        {
            "EMAIL_BACKEND": "smtp",
            "EMAIL_HOST": server.host,
            "EMAIL_PORT": server.port,
            "EMAIL_SSL_CAFILE": str(certificate[0]),
            "EMAIL_TIMEOUT": 5,
            "DEFAULT_FROM_EMAIL": "Site <noreply@example.com>",
            **settings,
        }
    )

    @app.post("/contact")
    def contact(request: Request) -> dict[str, int]:
        sent = send_mail(
            "Thanks for writing",
            f"We got: {request.form['text']}",
            None,
            [request.form["email"]],
            html=f"<p>We got: {request.form['text']}</p>",
            bcc=["archive@example.com"],
            app=request.app,
        )
        return {"sent": sent}

    @app.post("/contact-async")
    async def contact_async(request: Request) -> dict[str, int]:
        sent = await asend_mail("Async", "body", None, "ada@example.com", app=request.app)
        return {"sent": sent}

    return app


def parse(data: bytes) -> email.message.EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, email.message.EmailMessage)
    return message


@pytest.mark.parametrize(
    ("tls", "settings"),
    [
        (None, {}),
        ("starttls", {"EMAIL_USE_TLS": True}),
        ("implicit", {"EMAIL_USE_SSL": True}),
    ],
)
def test_a_view_sends_through_the_server(
    make_client: MakeClient,
    smtp_server: StartServer,
    certificate: tuple[Path, Path],
    tls: str | None,
    settings: dict[str, Any],
) -> None:
    server = smtp_server(tls=tls, auth=True)
    login = {"EMAIL_HOST_USER": USER, "EMAIL_HOST_PASSWORD": PASSWORD}
    client = make_client(mail_app(server, certificate, **settings, **login))
    response = client.post("/contact", data={"text": "hello", "email": "ada@example.com"})
    assert response.json() == {"sent": 1}
    assert client.post("/contact-async").json() == {"sent": 1}
    assert server.logins == [USER, USER]
    first = server.received[0]
    assert first.sender == "noreply@example.com"
    assert sorted(first.recipients) == ["ada@example.com", "archive@example.com"]
    message = parse(first.data)
    assert message["Subject"] == "Thanks for writing"
    assert message["Bcc"] is None  # delivered to, never shown
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None and plain.get_content().strip() == "We got: hello"
    assert html is not None and html.get_content().strip() == "<p>We got: hello</p>"


def test_starttls_refuses_a_certificate_it_cannot_verify(
    smtp_server: StartServer, certificate: tuple[Path, Path]
) -> None:
    server = smtp_server(tls="starttls")
    backend = SMTPBackend(server.host, server.port, use_tls=True, timeout=5)  # system CAs
    message = make_message("s", "b", "a@example.com", "b@example.com")
    with pytest.raises(MailError, match=r"could not connect.*CERTIFICATE_VERIFY_FAILED"):
        backend.send_messages([message])
    assert server.received == []


def test_a_server_that_requires_starttls_refuses_plain_mail(
    smtp_server: StartServer, certificate: tuple[Path, Path]
) -> None:
    server = smtp_server(tls="starttls")
    backend = SMTPBackend(server.host, server.port, timeout=5)
    with pytest.raises(MailError, match="did not take message 1 of 1"):
        backend.send_messages([make_message("s", "b", "a@example.com", "b@example.com")])


def test_a_wrong_password_is_a_clear_error(
    smtp_server: StartServer, certificate: tuple[Path, Path]
) -> None:
    server = smtp_server(auth=True)
    backend = SMTPBackend(server.host, server.port, username=USER, password="wrong", timeout=5)
    with pytest.raises(MailError, match=f"refused the login of '{USER}'"):
        backend.send_messages([make_message("s", "b", "a@example.com", "b@example.com")])


def test_a_server_that_is_not_there_is_a_clear_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    backend = SMTPBackend("127.0.0.1", port, timeout=2)
    with pytest.raises(MailError, match=f"could not connect to the SMTP server 127.0.0.1:{port}"):
        backend.send_messages([make_message("s", "b", "a@example.com", "b@example.com")])
    assert backend.send_messages([]) == 0


def test_several_messages_share_one_connection(
    smtp_server: StartServer, certificate: tuple[Path, Path]
) -> None:
    server = smtp_server(auth=True)
    backend = SMTPBackend(server.host, server.port, username=USER, password=PASSWORD)
    messages = [make_message(f"n{n}", "b", "a@example.com", "b@example.com") for n in range(3)]
    assert backend.send_messages(messages) == 3
    assert server.logins == [USER]  # one login: one connection
    assert [parse(r.data)["Subject"] for r in server.received] == ["n0", "n1", "n2"]


def test_tls_and_ssl_together_are_refused() -> None:
    from trestle.conf.settings import SettingsError

    with pytest.raises(SettingsError, match="exclude each other"):
        SMTPBackend(use_tls=True, use_ssl=True)
