"""The admin's one table, ``admin_log_entry``: who added, changed or deleted what, and when.

A row keeps the user's key and name as text, not as a foreign key: the history outlives the
user, and works with any user model (``AUTH_USER_MODEL``).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Index, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from trestle.db import Model

#: ``LogEntry.action`` values.
ADDITION = 1
CHANGE = 2
DELETION = 3

ACTION_NAMES = {ADDITION: "Added", CHANGE: "Changed", DELETION: "Deleted"}


def _now() -> datetime:
    return datetime.now(UTC)


class LogEntry(Model):
    """One change made through the admin."""

    __tablename__ = "admin_log_entry"
    __table_args__ = (Index("ix_admin_log_entry_object", "app_label", "model_name", "object_id"),)

    action_time: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    #: The user's primary key, as text (None once unknown).
    user_id: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    #: The user's name at the time.
    user_repr: Mapped[str] = mapped_column(String(150), default="")
    app_label: Mapped[str] = mapped_column(String(100))
    model_name: Mapped[str] = mapped_column(String(100))
    object_id: Mapped[str] = mapped_column(String(255))
    #: ``str(row)`` at the time (kept: the row may be gone).
    object_repr: Mapped[str] = mapped_column(String(200))
    #: ADDITION, CHANGE or DELETION.
    action: Mapped[int] = mapped_column(SmallInteger)
    #: What changed, in words ("Changed title and body.").
    message: Mapped[str] = mapped_column(Text, default="")

    @property
    def action_name(self) -> str:
        """``"Added"``, ``"Changed"`` or ``"Deleted"``."""
        return ACTION_NAMES.get(self.action, "Changed")

    @property
    def is_addition(self) -> bool:
        """True for an addition."""
        return self.action == ADDITION

    @property
    def is_change(self) -> bool:
        """True for a change."""
        return self.action == CHANGE

    @property
    def is_deletion(self) -> bool:
        """True for a deletion."""
        return self.action == DELETION

    def __str__(self) -> str:
        return f"{self.action_name} {self.object_repr}"
