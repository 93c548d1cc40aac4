"""Placing an order: the one place where stock is taken, shared by the pages and the API.

No overselling, whatever the number of customers buying the last item at once: each line
takes its quantity in one guarded UPDATE (``stock = stock - n WHERE stock >= n``), which the
database runs atomically per row, and the whole order commits or rolls back as one.
When any line cannot be served, nothing is taken and :class:`OutOfStock` says what is short.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from catalog.models import Product
from orders.models import Order, OrderLine
from trestle.db import atomic


@dataclass(frozen=True)
class Shortage:
    """A line that cannot be served: how many were asked for and how many are left."""

    product_id: int
    name: str
    requested: int
    available: int


class OutOfStock(Exception):
    """Some lines ask for more than is left (or for products no longer sold)."""

    def __init__(self, shortages: list[Shortage]) -> None:
        self.shortages = shortages
        super().__init__(
            "; ".join(f"{s.name}: {s.available} left, {s.requested} asked" for s in shortages)
        )


def place_order(
    session: Session,
    user_id: int,
    lines: Iterable[tuple[int, int]],
    *,
    full_name: str,
    email: str,
    address: str,
) -> Order:
    """Write an order for ``lines`` of (product id, quantity), taking the stock, in one transaction.

    Raises :class:`OutOfStock` (having changed nothing) when a line cannot be served, and
    ValueError for an empty order or a quantity below one.
    """
    wanted: dict[int, int] = {}
    for product_id, quantity in lines:
        if quantity < 1:
            raise ValueError("every quantity must be at least 1")
        wanted[product_id] = wanted.get(product_id, 0) + quantity
    if not wanted:
        raise ValueError("an order needs at least one line")
    with atomic(session):
        # Lock rows in one order (by id) so two checkouts never wait on each other in a cycle.
        products = {
            product.id: product
            for product in session.scalars(
                select(Product).where(Product.id.in_(wanted)).order_by(Product.id)
            )
        }
        shortages: list[Shortage] = []
        for product_id in sorted(wanted):
            quantity = wanted[product_id]
            product = products.get(product_id)
            if product is None or not product.is_active:
                name = product.name if product is not None else f"product {product_id}"
                shortages.append(Shortage(product_id, name, quantity, 0))
                continue
            taken = session.execute(
                update(Product)
                .where(Product.id == product_id, Product.stock >= quantity)
                .values(stock=Product.stock - quantity)
                .execution_options(synchronize_session=False)
            )
            if taken.rowcount != 1:  # type: ignore[attr-defined]
                left = session.scalar(select(Product.stock).where(Product.id == product_id))
                shortages.append(Shortage(product_id, product.name, quantity, left or 0))
        if shortages:
            raise OutOfStock(shortages)  # leaves the atomic block: every UPDATE rolls back
        order = Order(user_id=user_id, full_name=full_name, email=email, address=address)
        for product_id in sorted(wanted):
            product = products[product_id]
            order.lines.append(
                OrderLine(
                    product_id=product_id,
                    product_name=product.name,
                    unit_price_cents=product.price_cents,
                    quantity=wanted[product_id],
                )
            )
        order.total_cents = sum(line.subtotal_cents for line in order.lines)
        session.add(order)
    return order
