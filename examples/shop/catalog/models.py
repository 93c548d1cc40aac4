"""The catalogue: products in categories.

Prices are whole cents (``price_cents``): integers add up exactly on every database, where
floats would not and SQLite has no true decimal type. ``stock`` can never go below zero: the
database refuses it (a CHECK constraint), and checkout decrements it in one guarded UPDATE.
"""

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trestle.db import Model


def utcnow() -> datetime:
    return datetime.now(UTC)


class Category(Model):
    """A shelf of the shop: "Tea", "Teaware"..."""

    name: Mapped[str] = mapped_column(String(80), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")

    def __str__(self) -> str:
        return self.name


class Product(Model):
    """Something to buy, with its price in cents and how many are left."""

    __table_args__ = (
        CheckConstraint("price_cents >= 0", name="price_not_negative"),
        CheckConstraint("stock >= 0", name="stock_not_negative"),
    )

    category_id: Mapped[int] = mapped_column(
        ForeignKey("catalog_category.id", ondelete="RESTRICT"), index=True
    )
    category: Mapped[Category] = relationship()
    name: Mapped[str] = mapped_column(String(120), index=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    price_cents: Mapped[int]
    stock: Mapped[int] = mapped_column(default=0)
    #: A path under the static files: "catalog/products/sencha.svg".
    image: Mapped[str] = mapped_column(String(200), default="")
    #: Hidden from the catalogue (and not for sale) when false; old orders keep their lines.
    is_active: Mapped[bool] = mapped_column(default=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __str__(self) -> str:
        return self.name

    @property
    def price(self) -> Decimal:
        """The price in the shop's currency: Decimal("4.50")."""
        return Decimal(self.price_cents) / 100

    @property
    def in_stock(self) -> bool:
        return self.stock > 0
