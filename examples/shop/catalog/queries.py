"""The statements behind the catalogue's pages: what a shopper may see, and how it is found.

Only active products are ever shown. Each statement loads a product's category with it
(a join: one row per product, so LIMIT/OFFSET pagination stays exact), so a page of
products costs one query however many categories it touches.
"""

import unicodedata
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import joinedload

from .models import Category, Product

#: Words of a search beyond this many are ignored: each one adds two LIKE clauses.
MAX_SEARCH_WORDS = 8
#: Characters of a search beyond this many are ignored: no product name is that long.
MAX_SEARCH_LENGTH = 100


def active_products() -> Select[Product]:
    """Every product on sale, with its category, in name order."""
    return (
        select(Product)
        .where(Product.is_active.is_(True))
        .options(joinedload(Product.category))
        .order_by(Product.name, Product.id)
    )


def clean_search(text: str) -> str:
    """The search as typed, with control characters as spaces and runs of spaces as one.

    A NUL would be refused by PostgreSQL and cut the pattern short on SQLite.
    """
    printable = "".join(
        " " if unicodedata.category(char) == "Cc" else char for char in text[:MAX_SEARCH_LENGTH]
    )
    return " ".join(printable.split())


def matching(statement: Select[Any], text: str) -> Select[Any]:
    """Narrow ``statement`` to products whose name or description holds every word of ``text``.

    The words are data, never patterns: ``%`` and ``_`` match themselves (autoescape).
    ``text`` goes through :func:`clean_search` first, so any caller may pass it raw.
    """
    for word in clean_search(text).split()[:MAX_SEARCH_WORDS]:
        statement = statement.where(
            or_(
                Product.name.icontains(word, autoescape=True),
                Product.description.icontains(word, autoescape=True),
            )
        )
    return statement


def in_category(statement: Select[Any], category: Category) -> Select[Any]:
    """Narrow ``statement`` to the products of ``category``."""
    return statement.where(Product.category_id == category.id)


def all_categories() -> Select[Category]:
    """Every category, by name."""
    return select(Category).order_by(Category.name)


def categories_with_counts() -> Select[Category, int]:
    """Every category with how many active products it holds, in one query."""
    on_sale = and_(Product.category_id == Category.id, Product.is_active.is_(True))
    return (
        select(Category, func.count(Product.id))
        .outerjoin(Product, on_sale)
        .group_by(Category.id)
        .order_by(Category.name)
    )


def featured_products(limit: int = 4) -> Select[Product]:
    """The newest products that are on sale and in stock: the home page's shop window."""
    return (
        select(Product)
        .where(Product.is_active.is_(True), Product.stock > 0)
        .options(joinedload(Product.category))
        .order_by(Product.created_at.desc(), Product.id.desc())
        .limit(limit)
    )


def product_by_slug(slug: str) -> Select[Product]:
    """The active product called ``slug``, with its category."""
    return (
        select(Product)
        .where(Product.slug == slug, Product.is_active.is_(True))
        .options(joinedload(Product.category))
    )


def category_by_slug(slug: str) -> Select[Category]:
    """The category called ``slug``."""
    return select(Category).where(Category.slug == slug)
