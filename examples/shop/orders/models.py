"""Orders and their lines, written together in one transaction at checkout.

A line copies the product's name and price as they were when the order was placed: a later
change of price, or a deleted product, never rewrites an order.
"""

import enum
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, DateTime, Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trestle.auth.models import User
from trestle.db import Model


def utcnow() -> datetime:
    return datetime.now(UTC)


class OrderStatus(enum.Enum):
    """Where an order is: staff move it along in the admin."""

    PLACED = "placed"
    PAID = "paid"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"


class Order(Model):
    """A customer's order: who, where to, how much, and its lines."""

    __table_args__ = (CheckConstraint("total_cents >= 0", name="total_not_negative"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("auth_user.id", ondelete="RESTRICT"), index=True
    )
    user: Mapped[User] = relationship()
    status: Mapped[OrderStatus] = mapped_column(
        Enum(
            OrderStatus,
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
        ),
        default=OrderStatus.PLACED,
    )
    full_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(Text)
    total_cents: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    lines: Mapped[list["OrderLine"]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.id"
    )

    def __str__(self) -> str:
        return f"Order #{self.id}"

    @property
    def total(self) -> Decimal:
        return Decimal(self.total_cents) / 100


class OrderLine(Model):
    """One product of an order, at the price it had then."""

    __table_args__ = (CheckConstraint("quantity > 0", name="line_quantity_positive"),)

    order_id: Mapped[int] = mapped_column(
        ForeignKey("orders_order.id", ondelete="CASCADE"), index=True
    )
    order: Mapped[Order] = relationship(back_populates="lines")
    #: The product, while it exists; the name and price below keep the order readable after.
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("catalog_product.id", ondelete="SET NULL"), index=True
    )
    product_name: Mapped[str] = mapped_column(String(120))
    unit_price_cents: Mapped[int]
    quantity: Mapped[int]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product_name}"

    @property
    def subtotal_cents(self) -> int:
        return self.unit_price_cents * self.quantity
