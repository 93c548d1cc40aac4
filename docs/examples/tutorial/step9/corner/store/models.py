"""The store app's models: one class per table.

After a change, run `python manage.py makemigrations` then `python manage.py migrate`.
"""

from datetime import UTC, datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trestle.auth.models import User
from trestle.db import Model


class Item(Model):
    """Something the shop sells. Its table is store_item."""

    name: Mapped[str] = mapped_column(String(100))
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    price_pence: Mapped[int]
    stock: Mapped[int] = mapped_column(default=0)
    is_available: Mapped[bool] = mapped_column(default=True)

    __table_args__ = (
        CheckConstraint("price_pence >= 0", name="price_not_negative"),
        CheckConstraint("stock >= 0", name="stock_not_negative"),
    )

    def __str__(self) -> str:
        return self.name


#: The stars a review may give, best first, with what each means.
RATINGS = [(5, "5: excellent"), (4, "4: good"), (3, "3: fair"), (2, "2: poor"), (1, "1: awful")]


def now() -> datetime:
    """The current time, with its time zone (UTC)."""
    return datetime.now(UTC)


class Review(Model):
    """What a customer thought of an item. Its table is store_review."""

    item_id: Mapped[int] = mapped_column(
        ForeignKey("store_item.id", ondelete="CASCADE"), index=True
    )
    item: Mapped[Item] = relationship()
    # Who wrote it: their account (gone if the account is deleted), and their name then.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("auth_user.id", ondelete="SET NULL"), index=True
    )
    user: Mapped[User | None] = relationship()
    author: Mapped[str] = mapped_column(String(60))
    rating: Mapped[int] = mapped_column(info={"choices": RATINGS})
    text: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)

    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="rating_from_1_to_5"),)

    def __str__(self) -> str:
        return f"{self.rating} stars from {self.author}"
