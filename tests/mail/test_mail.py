"""send_mail through HTTP with the memory, console and file backends; messages; bad input."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from trestle import App, Request
from trestle.conf import Settings
from trestle.conf.settings import SettingsError
from trestle.mail import (
    BadHeaderError,
    ConsoleBackend,
    FileBackend,
    InvalidAddress,
    Mailer,
    MemoryBackend,
    SMTPBackend,
    get_mailer,
    make_message,
    outbox,
    send_mail,
)
from trestle.mail.backends import backend_from_settings
from trestle.testing import TestClient

MakeClient = Callable[..., TestClient]


def mail_app(**settings: Any) -> App:
    app = App({"EMAIL_BACKEND": "memory", **settings})

    @app.post("/invite")
    def invite(request: Request) -> dict[str, int]:
        form = request.form
        sent = send_mail(
            form.get("subject", "You are invited"),
            "Come along!",
            None,
            [form["to"]],
            app=request.app,
            reply_to=("Ada Lovelace", "ada@example.com"),
        )
        return {"sent": sent}

    return app


def test_a_view_sends_and_the_test_reads_the_apps_outbox(make_client: MakeClient) -> None:
    app, other = mail_app(), mail_app()
    client = make_client(app)
    assert client.post("/invite", data={"to": "bob@example.com"}).json() == {"sent": 1}
    (message,) = outbox(app)
    assert message["To"] == "bob@example.com"
    assert message["From"] == "webmaster@localhost"
    assert message["Reply-To"] == "Ada Lovelace <ada@example.com>"
    assert message["Subject"] == "You are invited"
    assert message["Message-ID"] and message["Date"]
    body = message.get_body(("plain",))
    assert body is not None and body.get_content().strip() == "Come along!"
    assert outbox(other) == []  # one outbox per app, no process global


@pytest.mark.parametrize(
    "data",
    [
        {"to": "bob@example.com", "subject": "Hi\r\nBcc: victim@example.com"},
        {"to": "bob@example.com\nBcc: victim@example.com"},
        {"to": "bob@example.com", "subject": "Hi\nthere"},
        {"to": "bob@example.com", "subject": "nul\x00"},
    ],
)
def test_header_injection_is_a_400_and_nothing_is_sent(
    make_client: MakeClient, data: dict[str, str]
) -> None:
    app = mail_app()
    response = make_client(app).post("/invite", data=data, headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert "header injection" in response.json()["detail"]
    assert outbox(app) == []


@pytest.mark.parametrize("to", ["not an address", "a@b@c", "@example.com", "bob@", ""])
def test_a_bad_address_is_a_400(make_client: MakeClient, to: str) -> None:
    app = mail_app()
    response = make_client(app).post("/invite", data={"to": to})
    assert response.status_code == 400
    assert outbox(app) == []


def test_messages_with_names_cc_bcc_html_headers_and_attachments() -> None:
    message = make_message(
        "Report ✓",
        "See attached.",
        ("Zoë Site", "noreply@example.com"),
        ["a@example.com", ("Bob", "b@example.com")],
        html="<p>See <b>attached</b>.</p>",
        cc="c@example.com",
        bcc=("d@example.com", "e@example.com"),
        headers={"X-Campaign": "spring"},
        attachments=[("report.csv", "a,b\n1,2\n", ""), ("logo.png", b"\x89PNG", "image/png")],
    )
    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    assert parsed["Subject"] == "Report ✓"
    assert parsed["From"] == "Zoë Site <noreply@example.com>"
    assert parsed["To"] == "a@example.com, Bob <b@example.com>"
    assert parsed["Cc"] == "c@example.com"
    assert parsed["Bcc"] == "d@example.com, e@example.com"
    assert parsed["X-Campaign"] == "spring"
    assert isinstance(parsed, email.message.EmailMessage)
    names = [part.get_filename() for part in parsed.iter_attachments()]
    assert names == ["report.csv", "logo.png"]
    html = parsed.get_body(("html",))
    assert html is not None and "<b>attached</b>" in html.get_content()


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"to": []}, ValueError, "at least one recipient"),
        ({"headers": {"X-Bad": "a\nb"}}, BadHeaderError, "header X-Bad"),
        ({"headers": {"X Bad": "a"}}, BadHeaderError, "not a header name"),
        ({"from_email": ("Ada\n", "a@example.com")}, BadHeaderError, "sender"),
        ({"to": [42]}, TypeError, "must be a str"),
        ({"to": ["x@"]}, InvalidAddress, "not an e-mail address"),
        ({"attachments": [("a\r\n.txt", "x", "")]}, BadHeaderError, "attachment"),
    ],
)
def test_bad_messages_are_refused_clearly(
    arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    values: dict[str, Any] = {
        "subject": "s",
        "body": "b",
        "from_email": "a@example.com",
        "to": "b@example.com",
        **arguments,
    }
    with pytest.raises(error, match=message):
        make_message(**values)


def test_the_console_backend_prints_each_message(capsys: pytest.CaptureFixture[str]) -> None:
    app = App({"DEBUG": True})  # console is the default with DEBUG
    assert isinstance(get_mailer(app).backend, ConsoleBackend)
    send_mail("Hello", "Printed body", "a@example.com", "b@example.com", app=app)
    out = capsys.readouterr().out
    assert "Subject: Hello" in out and "Printed body" in out and "-" * 79 in out


def test_a_long_link_is_printed_whole(capsys: pytest.CaptureFixture[str]) -> None:
    link = "http://localhost:8000/accounts/verify/" + "Ab_-9" * 30 + "/"
    body = f"Open this link:\n\n{link}\n"
    send_mail(
        "Verify",
        body,
        "a@example.com",
        "b@example.com",
        html=f"<a>{link}</a>",
        app=App({"DEBUG": True}),
    )
    out = capsys.readouterr().out
    assert out.count(link) == 2  # in the text and in the HTML, not cut by "=" line breaks
    assert "Content-Transfer-Encoding: 7bit" in out
    assert "quoted-printable" not in out


@pytest.mark.parametrize(
    ("body", "encoding"),
    [
        ("x" * 998 + "\n", "7bit"),
        ("x" * 999 + "\n", "quoted-printable"),  # over RFC 5322's limit
        ("Zoë " * 30 + "\n", "base64"),  # not ASCII: email chooses
        ("Hello\n", "7bit"),
    ],
)
def test_text_is_encoded_only_when_it_must_be(body: str, encoding: str) -> None:
    message = make_message("s", body, "a@example.com", "b@example.com")
    assert message["Content-Transfer-Encoding"] == encoding
    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    assert isinstance(parsed, email.message.EmailMessage)
    assert parsed.get_content().replace("\r\n", "\n") == body


def test_the_file_backend_writes_eml_files(tmp_path: Path) -> None:
    app = App({"EMAIL_BACKEND": "file", "EMAIL_FILE_PATH": "mail", "BASE_DIR": str(tmp_path)})
    send_mail("One", "b", "a@example.com", "b@example.com", app=app)
    send_mail("Two", "b", "a@example.com", "b@example.com", app=app)
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 2
    subjects = {email.message_from_bytes(f.read_bytes())["Subject"] for f in files}
    assert subjects == {"One", "Two"}


def test_the_backend_comes_from_the_settings(tmp_path: Path) -> None:
    assert isinstance(backend_from_settings(Settings()), SMTPBackend)
    smtp = backend_from_settings(
        Settings(EMAIL_HOST="mail.example", EMAIL_PORT=587, EMAIL_USE_TLS=True, EMAIL_TIMEOUT=3)
    )
    assert isinstance(smtp, SMTPBackend)
    assert (smtp.host, smtp.port, smtp.use_tls, smtp.timeout) == ("mail.example", 587, True, 3)
    custom = backend_from_settings(Settings(EMAIL_BACKEND="trestle.mail.backends:MemoryBackend"))
    assert isinstance(custom, MemoryBackend)
    assert isinstance(
        backend_from_settings(Settings(EMAIL_FILE_PATH=str(tmp_path), EMAIL_BACKEND="file")),
        FileBackend,
    )


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"EMAIL_BACKEND": "pigeon"}, "neither one of smtp, console, file, memory"),
        ({"EMAIL_BACKEND": "nowhere:Backend"}, "cannot be loaded"),
        ({"EMAIL_BACKEND": "file"}, "needs EMAIL_FILE_PATH"),
        ({"EMAIL_USE_TLS": True, "EMAIL_USE_SSL": True}, "exclude each other"),
    ],
)
def test_bad_mail_settings_are_clear_errors(settings: dict[str, Any], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        backend_from_settings(Settings(settings))


def test_outbox_needs_the_memory_backend() -> None:
    with pytest.raises(RuntimeError, match="EMAIL_BACKEND = 'memory'"):
        outbox(App({"EMAIL_BACKEND": "console"}))


def test_a_mailer_can_be_given_instead_of_an_app() -> None:
    backend = MemoryBackend()
    mailer = Mailer(backend, "robot@example.com")
    assert send_mail("s", "b", None, "x@example.com", app=mailer) == 1
    assert backend.outbox[0]["From"] == "robot@example.com"
