"""Placing an order: the one place where stock is taken, shared by the pages and the API.

No overselling, whatever the number of customers buying the last item at once: each line
takes its quantity in one guarded UPDATE (``stock = stock - n WHERE stock >= n AND
is_active``), which the database runs atomically per row, and the whole order commits or
rolls back as one. When any line cannot be served, nothing is taken and :class:`OutOfStock`
says what is short.

The UPDATEs come first, in product id order: on PostgreSQL two checkouts then take their
row locks in the same order and never deadlock; on SQLite the transaction's first statement
is a write, so it waits for the database's write lock (the busy timeout) instead of failing
the way a transaction that read first and writes later does ("database is locked").
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
    ValueError for an empty order or a quantity below one. Inside an ``atomic()`` block of
    the caller's it is a savepoint, so the caller's own writes join the same transaction.
    On SQLite, call it with no transaction open on ``session`` (commit first): see above.
    """
    wanted: dict[int, int] = {}
    for product_id, quantity in lines:
        if quantity < 1:
            raise ValueError("every quantity must be at least 1")
        wanted[product_id] = wanted.get(product_id, 0) + quantity
    if not wanted:
        raise ValueError("an order needs at least one line")
    with atomic(session):
        short: list[int] = []
        for product_id in sorted(wanted):
            taken = session.execute(
                update(Product)
                .where(
                    Product.id == product_id,
                    Product.is_active.is_(True),
                    Product.stock >= wanted[product_id],
                )
                .values(stock=Product.stock - wanted[product_id])
                .execution_options(synchronize_session=False)
            )
            if taken.rowcount != 1:  # type: ignore[attr-defined]
                short.append(product_id)
        # Read after the UPDATEs: the rows taken are locked, so names and prices are those
        # of the stock just sold; populate_existing refreshes products the session holds.
        products = {
            product.id: product
            for product in session.scalars(
                select(Product)
                .where(Product.id.in_(wanted))
                .execution_options(populate_existing=True)
            )
        }
        if short:
            raise OutOfStock([_shortage(products.get(p), p, wanted[p]) for p in short])
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


def _shortage(product: Product | None, product_id: int, requested: int) -> Shortage:
    """What is left of a product whose line failed: nothing, unless it is on sale."""
    if product is None:
        return Shortage(product_id, f"product {product_id}", requested, 0)
    available = product.stock if product.is_active else 0
    return Shortage(product_id, product.name, requested, available)


def restock(session: Session, order: Order) -> None:
    """Put an order's items back on sale (it was cancelled); products since deleted are skipped.

    One guarded UPDATE per line, in id order like :func:`place_order`, in the caller's
    transaction: the order's new status and the stock change commit together.
    """
    for line in sorted(order.lines, key=lambda line: line.product_id or 0):
        if line.product_id is None:
            continue
        session.execute(
            update(Product)
            .where(Product.id == line.product_id)
            .values(stock=Product.stock + line.quantity)
            .execution_options(synchronize_session=False)
        )
