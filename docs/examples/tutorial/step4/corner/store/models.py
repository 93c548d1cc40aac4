"""The store app's models: one class per table.

After a change, run `python manage.py makemigrations` then `python manage.py migrate`.
"""

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

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
