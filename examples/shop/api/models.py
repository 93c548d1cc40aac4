"""API tokens: how programs (not browsers) sign in to the JSON API.

Only a SHA-256 digest of each token is stored, the way passwords are never stored: a
leaked table lets nobody in. The token itself is shown once, when it is made.
"""

from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trestle.auth.models import User
from trestle.db import Model


def utcnow() -> datetime:
    return datetime.now(UTC)


class ApiToken(Model):
    """A bearer token for the JSON API, owned by one user."""

    user_id: Mapped[int] = mapped_column(ForeignKey("auth_user.id", ondelete="CASCADE"), index=True)
    user: Mapped[User] = relationship()
    name: Mapped[str] = mapped_column(String(80), default="")
    #: hex SHA-256 of the token; the token is never stored.
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    #: The token's first characters, to tell tokens apart in lists.
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name or 'token'})"
