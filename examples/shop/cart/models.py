"""The saved cart of a logged-in customer.

A visitor's cart lives in the session; at login it is merged into these rows, so a cart
follows its customer from one browser to the next.
"""

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.models import Product
from trestle.auth.models import User
from trestle.db import Model


class CartItem(Model):
    """One product in a customer's cart, with how many they want."""

    __table_args__ = (
        UniqueConstraint("user_id", "product_id", name="one_row_per_product"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("auth_user.id", ondelete="CASCADE"), index=True)
    user: Mapped[User] = relationship()
    product_id: Mapped[int] = mapped_column(ForeignKey("catalog_product.id", ondelete="CASCADE"))
    product: Mapped[Product] = relationship()
    quantity: Mapped[int]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product}"
