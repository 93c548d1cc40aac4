"""Mail backends: where messages go. Each has ``send_messages(messages) -> int``.

- :class:`SMTPBackend`: an SMTP server (smtplib), with STARTTLS or TLS and a login;
- :class:`ConsoleBackend`: printed to a stream (the default with DEBUG);
- :class:`FileBackend`: one ``.eml`` file per message in a folder;
- :class:`MemoryBackend`: kept in its ``outbox`` list, for tests.
"""

from __future__ import annotations

import email.message
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trestle.conf.settings import Settings

Message = email.message.EmailMessage


class MailError(Exception):
    """A message that could not be sent (the SMTP server refused it, or did not answer)."""


class MailBackend:
    """The interface; ``from_settings`` makes a backend from the app's settings."""

    @classmethod
    def from_settings(cls, settings: Settings) -> MailBackend:
        """A backend configured from ``settings``."""
        return cls()

    def send_messages(self, messages: Sequence[Message]) -> int:
        """Send ``messages``; return how many were sent."""
        raise NotImplementedError


class MemoryBackend(MailBackend):
    """Keeps messages in :attr:`outbox` (per backend, so per app): read them in tests."""

    def __init__(self) -> None:
        #: Every message sent, oldest first, Bcc header included.
        self.outbox: list[Message] = []
        self._lock = threading.Lock()

    def send_messages(self, messages: Sequence[Message]) -> int:
        with self._lock:
            self.outbox.extend(messages)
        return len(messages)


class ConsoleBackend(MailBackend):
    """Writes each message, headers and body, to ``stream`` (standard output by default)."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream
        self._lock = threading.Lock()

    def send_messages(self, messages: Sequence[Message]) -> int:
        import sys

        stream = self.stream or sys.stdout
        with self._lock:
            for message in messages:
                stream.write(message.as_bytes().decode("utf-8", "replace"))
                stream.write("\n" + "-" * 79 + "\n")
            stream.flush()
        return len(messages)


class FileBackend(MailBackend):
    """Writes each message to ``<folder>/<timestamp>-<id>.eml`` (mail clients open them)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    @classmethod
    def from_settings(cls, settings: Settings) -> MailBackend:
        from trestle.conf.settings import SettingsError

        if not settings.EMAIL_FILE_PATH:
            raise SettingsError("EMAIL_BACKEND 'file' needs EMAIL_FILE_PATH (a folder)")
        folder = Path(settings.EMAIL_FILE_PATH)
        if not folder.is_absolute():
            folder = Path(settings.get("BASE_DIR") or ".") / folder
        return cls(folder)

    def send_messages(self, messages: Sequence[Message]) -> int:
        import time
        import uuid

        for message in messages:
            name = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:12]}.eml"
            (self.folder / name).write_bytes(message.as_bytes())
        return len(messages)


class SMTPBackend(MailBackend):
    """Sends through an SMTP server: one connection per batch, certificates verified."""

    def __init__(
        self,
        host: str = "localhost",
        port: int = 25,
        *,
        username: str = "",
        password: str = "",
        use_tls: bool = False,
        use_ssl: bool = False,
        timeout: float = 10,
        cafile: str = "",
    ) -> None:
        if use_tls and use_ssl:
            from trestle.conf.settings import SettingsError

            raise SettingsError(
                "EMAIL_USE_TLS (STARTTLS, port 587) and EMAIL_USE_SSL (TLS from the start, "
                "port 465) exclude each other: set one"
            )
        self.host, self.port = host, port
        self.username, self.password = username, password
        self.use_tls, self.use_ssl = use_tls, use_ssl
        self.timeout = timeout
        self.cafile = cafile

    @classmethod
    def from_settings(cls, settings: Settings) -> MailBackend:
        return cls(
            settings.EMAIL_HOST,
            settings.EMAIL_PORT,
            username=settings.EMAIL_HOST_USER,
            password=settings.EMAIL_HOST_PASSWORD,
            use_tls=settings.EMAIL_USE_TLS,
            use_ssl=settings.EMAIL_USE_SSL,
            timeout=settings.EMAIL_TIMEOUT,
            cafile=settings.EMAIL_SSL_CAFILE,
        )

    def _tls_context(self) -> Any:
        import ssl

        return ssl.create_default_context(cafile=self.cafile or None)

    def _connect(self) -> Any:
        import smtplib

        if self.use_ssl:
            return smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=self._tls_context()
            )
        connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.use_tls:
            connection.starttls(context=self._tls_context())
        return connection

    def send_messages(self, messages: Sequence[Message]) -> int:
        import smtplib
        import ssl

        if not messages:
            return 0
        where = f"the SMTP server {self.host}:{self.port}"
        try:
            connection = self._connect()
        except (OSError, smtplib.SMTPException, ssl.SSLError) as error:
            raise MailError(f"could not connect to {where}: {error}") from error
        sent = 0
        try:
            if self.username:
                connection.login(self.username, self.password)
            for message in messages:
                # send_message reads the recipients from To, Cc and Bcc and drops Bcc.
                connection.send_message(message)
                sent += 1
        except smtplib.SMTPAuthenticationError as error:
            raise MailError(f"{where} refused the login of {self.username!r}: {error}") from error
        except (OSError, smtplib.SMTPException) as error:
            raise MailError(
                f"{where} did not take message {sent + 1} of {len(messages)}: {error}"
            ) from error
        finally:
            try:
                connection.quit()
            except (OSError, smtplib.SMTPException):
                connection.close()
        return sent


BACKENDS = {
    "smtp": SMTPBackend,
    "console": ConsoleBackend,
    "file": FileBackend,
    "memory": MemoryBackend,
}


def backend_from_settings(settings: Settings) -> MailBackend:
    """The backend EMAIL_BACKEND names (console with DEBUG, SMTP otherwise, when empty)."""
    from trestle.conf.settings import SettingsError

    name: str = settings.EMAIL_BACKEND or ("console" if settings.DEBUG else "smtp")
    backend_class: Any = BACKENDS.get(name)
    if backend_class is None:
        module_name, _, class_name = name.partition(":")
        if not class_name:
            raise SettingsError(
                f"EMAIL_BACKEND {name!r} is neither one of {', '.join(BACKENDS)} nor a "
                "'package.module:Backend' path"
            )
        import importlib

        try:
            backend_class = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError) as error:
            raise SettingsError(f"EMAIL_BACKEND {name!r} cannot be loaded: {error}") from None
    backend: MailBackend = backend_class.from_settings(settings)
    return backend
