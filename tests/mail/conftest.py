"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the mail tests, with TLS when asked."""

from __future__ import annotations

import socket
import ssl
import subprocess
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

USER, PASSWORD = "mailer", "s3cret-pass"


@dataclass
class Received:
    """One message as the server got it."""

    sender: str
    recipients: list[str]
    data: bytes


@dataclass
class SMTPServer:
    """A running server: where it listens and what it received."""

    host: str
    port: int
    received: list[Received] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)


class _Handler:
    def __init__(self, server: SMTPServer) -> None:
        self.server = server

    async def handle_DATA(self, smtp: Any, session: Any, envelope: Any) -> str:
        self.server.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
        )
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (made with the openssl command)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    try:
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", str(key), "-out", str(cert), "-days", "1",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )  # fmt: skip
    except FileNotFoundError:
        pytest.skip("needs the openssl command to make a test certificate")
    return cert, key


def _authenticator(server: SMTPServer) -> Callable[..., Any]:
    from aiosmtpd.smtp import AuthResult, LoginPassword

    def authenticate(smtp: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        if isinstance(data, LoginPassword) and (data.login, data.password) == (
            USER.encode(),
            PASSWORD.encode(),
        ):
            server.logins.append(USER)
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    return authenticate


def _controller_class() -> type[Any]:
    from aiosmtpd.controller import Controller

    class QuietController(Controller):  # type: ignore[misc]
        """Makes each connection's SMTP object without aiosmtpd's plain-login warning."""

        def factory(self) -> Any:
            with warnings.catch_warnings():
                # Login over plain SMTP is what some tests check, on purpose.
                warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS")
                return super().factory()

    return QuietController


@pytest.fixture
def smtp_server(certificate: tuple[Path, Path]) -> Iterator[Callable[..., SMTPServer]]:
    """``smtp_server(tls="starttls"|"implicit"|None, auth=False)``: a server for this test."""
    _Controller = _controller_class()
    controllers: list[Any] = []

    def start(*, tls: str | None = None, auth: bool = False) -> SMTPServer:
        server = SMTPServer("127.0.0.1", _free_port())
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*map(str, certificate))
        options: dict[str, Any] = {}
        if tls == "starttls":
            options.update(tls_context=context, require_starttls=True)
        elif tls == "implicit":
            options.update(ssl_context=context, server_hostname="127.0.0.1")
        if auth:
            options.update(
                authenticator=_authenticator(server),
                auth_required=True,
                # aiosmtpd only knows STARTTLS as TLS; the implicit-TLS socket is encrypted too.
                auth_require_tls=tls == "starttls",
            )
        controller = _Controller(
            _Handler(server), hostname=server.host, port=server.port, **options
        )
        controller.start()
        controllers.append(controller)
        return server

    yield start
    for controller in controllers:
        controller.stop()
