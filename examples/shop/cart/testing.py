"""Helpers for the cart's and orders' tests: products made to measure, CSRF tokens, logins."""

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import Category, Product
from conftest import csrf


def make_product(
    db: Session,
    name: str,
    *,
    stock: int = 10,
    price_cents: int = 450,
    is_active: bool = True,
    image: str = "",
) -> Product:
    """A committed product in the "Test shelf" category (made on first use)."""
    category = db.scalar(select(Category).where(Category.slug == "test-shelf"))
    if category is None:
        category = Category(name="Test shelf", slug="test-shelf")
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    product = Product(
        category=category,
        name=name,
        slug=slug,
        price_cents=price_cents,
        stock=stock,
        is_active=is_active,
        image=image,
    )
    db.add(product)
    db.commit()
    return product


def fresh(db: Session) -> None:
    """Let ``db`` see what the app committed since: end its transaction (on SQLite, a
    transaction keeps reading the snapshot it began with) and forget loaded rows."""
    db.commit()
    db.expire_all()


def token_for(client: Any) -> str:
    """A CSRF token of the client's session (from the login page, which every visitor sees)."""
    return csrf(client.get("/accounts/login/"))
