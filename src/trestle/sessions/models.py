"""The database store's table, ``sessions_session``, made by the sessions app's migrations."""

from __future__ import annotations

from sqlalchemy import BigInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from trestle.db import Model


class SessionRow(Model):
    """One session: the SHA-256 of its key, its JSON record and when it expires."""

    __tablename__ = "sessions_session"

    #: The key's SHA-256 (hex): the table never holds a usable key.
    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: The record as JSON: ``{"d": data, "c": created, "a": last active}``.
    data: Mapped[str] = mapped_column(Text)
    #: When the row may be deleted (seconds since the epoch); ``clearsessions`` uses it.
    expires_at: Mapped[int] = mapped_column(BigInteger, index=True)
