"""Fixtures for the API's tests: a small catalogue, users with tokens, and page helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from api import tokens
from catalog.models import Category, Product


@dataclass(frozen=True)
class Catalogue:
    """The ids of the rows the ``catalogue`` fixture made."""

    sencha: int  # green tea, 4.50, 10 in stock
    matcha: int  # green tea, 12.00, 1 left
    assam: int  # black tea, 3.95, none left
    retired: int  # green tea, no longer sold
    teapot: int  # teaware, 25.00, 3 in stock


@pytest.fixture
def catalogue(db: Session) -> Catalogue:
    """Three categories and five products, one of them retired, one sold out."""
    green = Category(name="Green tea", slug="green-tea", description="Unoxidised.")
    black = Category(name="Black tea", slug="black-tea")
    teaware = Category(name="Teaware", slug="teaware")
    rows = {
        "sencha": Product(
            category=green,
            name="Sencha",
            slug="sencha",
            description="Grassy and bright.",
            price_cents=450,
            stock=10,
            image="catalog/products/sencha-fukamushi.svg",
        ),
        "matcha": Product(category=green, name="Matcha", slug="matcha", price_cents=1200, stock=1),
        "assam": Product(
            category=black, name="Assam", slug="assam", description="Malty.", price_cents=395
        ),
        "retired": Product(
            category=green,
            name="Spring sencha",
            slug="spring-sencha",
            price_cents=900,
            stock=5,
            is_active=False,
        ),
        "teapot": Product(
            category=teaware, name="Cast-iron teapot", slug="teapot", price_cents=2500, stock=3
        ),
    }
    db.add_all(rows.values())
    db.commit()
    return Catalogue(**{name: product.id for name, product in rows.items()})


@pytest.fixture
def make_token(app: Any) -> Callable[..., str]:
    """``make_token(user, "name")``: a new token for ``user``, committed; returns the token."""

    def make(user: Any, name: str = "tests") -> str:
        with app.extensions["db"].session() as session:
            _, token = tokens.issue(session, user.id, name)
            session.commit()
        return token

    return make


@pytest.fixture
def ada(make_user: Callable[..., Any]) -> Any:
    """A customer."""
    return make_user("ada", email="ada@example.com")


@pytest.fixture
def ada_auth(ada: Any, make_token: Callable[..., str]) -> dict[str, str]:
    """Headers that call the API as ada."""
    return bearer(make_token(ada))


def bearer(token: str) -> dict[str, str]:
    """The Authorization header for ``token``."""
    return {"Authorization": f"Bearer {token}"}
