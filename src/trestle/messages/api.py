"""Adding and reading flash messages: ``messages.success(request, "Saved.")``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trestle.messages.levels import DEBUG, ERROR, INFO, SUCCESS, WARNING, parse_level
from trestle.messages.storage import MessagesError, MessageStore, attached_store

if TYPE_CHECKING:
    from trestle.http.request import Request


def get_messages(request: Request) -> MessageStore:
    """The request's messages; iterating them shows them (once)."""
    store = attached_store(request)
    if store is None:
        raise MessagesError(
            "flash messages are not set up: call trestle.messages.install(app), add "
            "'trestle.messages.MessagesMiddleware' to MIDDLEWARE, or install sessions"
        )
    return store


def add_message(request: Request, level: int | str, text: str) -> None:
    """Add a message for the next page shown to this client (this one, or after a redirect)."""
    get_messages(request).add(parse_level(level), text)


def debug(request: Request, text: str) -> None:
    """Add a debug message (dropped unless MESSAGES_LEVEL lets it through)."""
    add_message(request, DEBUG, text)


def info(request: Request, text: str) -> None:
    """Add an info message."""
    add_message(request, INFO, text)


def success(request: Request, text: str) -> None:
    """Add a success message."""
    add_message(request, SUCCESS, text)


def warning(request: Request, text: str) -> None:
    """Add a warning message."""
    add_message(request, WARNING, text)


def error(request: Request, text: str) -> None:
    """Add an error message."""
    add_message(request, ERROR, text)
