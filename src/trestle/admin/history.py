"""Writing and reading the admin's history (:class:`~trestle.admin.models.LogEntry`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from trestle.admin.models import ADDITION, CHANGE, DELETION, LogEntry

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from trestle.admin.options import ModelAdmin

__all__ = ["ADDITION", "CHANGE", "DELETION", "change_message", "log_action", "object_history"]

_REPR_LIMIT = 200


def change_message(labels: Sequence[str]) -> str:
    """``"Changed title and body."`` (``"No fields changed."`` when none did)."""
    names = [label.lower() if label[1:2].islower() else label for label in labels]
    if not names:
        return "No fields changed."
    if len(names) == 1:
        return f"Changed {names[0]}."
    return f"Changed {', '.join(names[:-1])} and {names[-1]}."


def log_action(
    session: Session,
    user: Any,
    model_admin: ModelAdmin,
    row: Any,
    action: int,
    message: str = "",
) -> LogEntry:
    """Add a history entry for ``row`` to ``session`` (in the change's own transaction)."""
    pk = getattr(user, "pk", None)
    entry = LogEntry(
        user_id=None if pk is None else str(pk)[:64],
        user_repr=_text(user.get_username() if hasattr(user, "get_username") else user, 150),
        app_label=model_admin.app_label,
        model_name=model_admin.model_name,
        object_id=str(model_admin.info.pk_of(row))[:255],
        object_repr=_text(row, _REPR_LIMIT),
        action=action,
        message=message,
    )
    session.add(entry)
    return entry


def object_history(
    session: Session, model_admin: ModelAdmin, object_id: str, limit: int = 200
) -> list[LogEntry]:
    """The entries of one row, newest first."""
    statement = (
        select(LogEntry)
        .where(
            LogEntry.app_label == model_admin.app_label,
            LogEntry.model_name == model_admin.model_name,
            LogEntry.object_id == object_id,
        )
        .order_by(LogEntry.action_time.desc(), LogEntry.id.desc())
        .limit(limit)
    )
    return list(session.scalars(statement))


def recent_actions(session: Session, user: Any, limit: int) -> list[LogEntry]:
    """The user's latest entries, newest first."""
    pk = getattr(user, "pk", None)
    if pk is None:
        return []
    statement = (
        select(LogEntry)
        .where(LogEntry.user_id == str(pk))
        .order_by(LogEntry.action_time.desc(), LogEntry.id.desc())
        .limit(limit)
    )
    return list(session.scalars(statement))


def _text(value: Any, limit: int) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
