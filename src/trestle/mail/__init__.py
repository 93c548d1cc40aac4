"""Email: ``send_mail`` through the backend the settings name (SMTP, console, file, memory).

Each App has its own :class:`Mailer` (``app.extensions["mail"]``, made on first use from the
app's settings), so two apps in one test have two outboxes::

    send_mail("Welcome", "Hello!", None, ["ada@example.com"], app=request.app)
    outbox(app)   # the messages sent, with EMAIL_BACKEND = "memory"

See docs/email.md.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from trestle.mail.backends import (
    ConsoleBackend as ConsoleBackend,
)
from trestle.mail.backends import (
    FileBackend as FileBackend,
)
from trestle.mail.backends import (
    MailBackend as MailBackend,
)
from trestle.mail.backends import (
    MailError as MailError,
)
from trestle.mail.backends import (
    MemoryBackend as MemoryBackend,
)
from trestle.mail.backends import (
    SMTPBackend as SMTPBackend,
)
from trestle.mail.message import AddressLike, Attachment
from trestle.mail.message import BadHeaderError as BadHeaderError
from trestle.mail.message import InvalidAddress as InvalidAddress
from trestle.mail.message import make_message as make_message

if TYPE_CHECKING:
    import email.message

    from trestle.app import App

__all__ = [
    "BadHeaderError",
    "ConsoleBackend",
    "FileBackend",
    "InvalidAddress",
    "MailBackend",
    "MailError",
    "Mailer",
    "MemoryBackend",
    "SMTPBackend",
    "asend_mail",
    "get_mailer",
    "make_message",
    "outbox",
    "send_mail",
]

_SETUP_LOCK = threading.Lock()


class Mailer:
    """An app's way of sending mail: its backend and its default sender."""

    def __init__(self, backend: MailBackend, default_from: str = "webmaster@localhost") -> None:
        self.backend = backend
        self.default_from = default_from

    def send(self, messages: Sequence[email.message.EmailMessage]) -> int:
        """Send built messages (one SMTP connection for all); how many were sent."""
        return self.backend.send_messages(messages)


def get_mailer(app: App) -> Mailer:
    """The app's Mailer, made from its settings the first time."""
    mailer: Mailer | None = app.extensions.get("mail")
    if mailer is None:
        with _SETUP_LOCK:
            mailer = app.extensions.get("mail")
            if mailer is None:
                from trestle.mail.backends import backend_from_settings

                settings = app.settings
                mailer = Mailer(backend_from_settings(settings), settings.DEFAULT_FROM_EMAIL)
                app.extensions["mail"] = mailer
    return mailer


def send_mail(
    subject: str,
    body: str,
    from_email: AddressLike | None,
    to: AddressLike | Sequence[AddressLike],
    html: str | None = None,
    *,
    app: App | Mailer,
    cc: AddressLike | Sequence[AddressLike] = (),
    bcc: AddressLike | Sequence[AddressLike] = (),
    reply_to: AddressLike | Sequence[AddressLike] = (),
    headers: Mapping[str, str] | None = None,
    attachments: Iterable[Attachment] = (),
) -> int:
    """Send one message through ``app``'s mail backend; ``from_email=None``: DEFAULT_FROM_EMAIL.

    Blocks while the server answers: from an ``async def`` view use :func:`asend_mail`.
    Raises :class:`BadHeaderError` for a line break in the subject or an address, and
    :class:`MailError` when the server refuses or does not answer.
    """
    mailer = app if isinstance(app, Mailer) else get_mailer(app)
    message = make_message(
        subject,
        body,
        from_email or mailer.default_from,
        to,
        html=html,
        cc=cc,
        bcc=bcc,
        reply_to=reply_to,
        headers=headers,
        attachments=attachments,
    )
    return mailer.send([message])


async def asend_mail(*args: Any, **kwargs: Any) -> int:
    """:func:`send_mail` for ``async def`` code: the sending runs in the thread pool."""
    import functools

    from trestle.concurrency import run_in_threadpool

    return await run_in_threadpool(functools.partial(send_mail, *args, **kwargs))


def outbox(app: App) -> list[email.message.EmailMessage]:
    """The messages ``app`` sent, with ``EMAIL_BACKEND = "memory"`` (for tests)."""
    backend = get_mailer(app).backend
    if not isinstance(backend, MemoryBackend):
        raise RuntimeError(
            f"outbox() needs EMAIL_BACKEND = 'memory'; this app sends with {type(backend).__name__}"
        )
    return backend.outbox
