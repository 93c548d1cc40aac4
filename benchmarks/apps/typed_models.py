"""The pydantic models of scenario S8 (a typed JSON API), shared by every framework that runs it.

The request body has ten fields of the usual kinds; the response model is a subset of them
plus computed values, so a framework must validate the output and filter it.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class Order(BaseModel):
    """The body of ``POST /typed/<store_id>``: ten fields, some constrained."""

    customer: str = Field(min_length=1, max_length=100)
    email: str
    sku: str = Field(pattern=r"^[A-Z]+-[0-9]+$")
    quantity: int = Field(ge=1, le=1000)
    unit_price: float = Field(gt=0)
    currency: str = Field(min_length=3, max_length=3)
    express: bool = False
    tags: list[str] = []
    notes: str | None = None
    coupon: str | None = None


class Receipt(BaseModel):
    """What ``POST /typed/<store_id>`` answers (the response model)."""

    store_id: int
    customer: str
    sku: str
    quantity: int
    total: float
    currency: str
    express: bool
    limit: int
    dry_run: bool


def receipt(store_id: int, order: Order, limit: int, dry_run: bool) -> Receipt:
    """The answer every framework computes the same way."""
    return Receipt(
        store_id=store_id,
        customer=order.customer,
        sku=order.sku,
        quantity=order.quantity,
        total=order.quantity * order.unit_price,
        currency=order.currency,
        express=order.express,
        limit=limit,
        dry_run=dry_run,
    )
