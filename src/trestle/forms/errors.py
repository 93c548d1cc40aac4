"""ValidationError: what a field or a form's ``clean`` raises to reject a value."""

from __future__ import annotations

from collections.abc import Iterable


class ValidationError(ValueError):
    """One or more messages for the person filling in the form (plain text, shown escaped)."""

    def __init__(self, message: str | Iterable[str]) -> None:
        messages = [message] if isinstance(message, str) else [str(m) for m in message]
        super().__init__(messages[0] if len(messages) == 1 else messages)
        #: The messages, in order.
        self.messages = messages
