"""The ``money`` filter: whole cents in, euros out; the catalog registers it for every app."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from catalog.money import format_money
from trestle.templating import Templates

if TYPE_CHECKING:
    from collections.abc import Callable

    from catalog.models import Product
    from trestle import App
    from trestle.testing import TestClient


@pytest.mark.parametrize(
    ("cents", "shown"),
    [
        (0, "€0.00"),
        (5, "€0.05"),
        (450, "€4.50"),
        (1000, "€10.00"),
        (123456, "€1,234.56"),
        (-99, "-€0.99"),
        (10**12, "€10,000,000,000.00"),
    ],
)
def test_format_money(cents: int, shown: str) -> None:
    assert format_money(cents) == shown


@pytest.mark.parametrize("value", [4.5, Decimal("4.50"), "450", True, None])
def test_money_takes_only_whole_cents(value: object) -> None:
    with pytest.raises(TypeError, match="whole cents"):
        format_money(value)  # type: ignore[arg-type]


def test_every_template_of_the_project_has_the_filter(app: App) -> None:
    templates = Templates.for_project(app)
    assert templates.env.from_string("{{ 450 | money }} and {{ 2 | money }}").render() == (
        "€4.50 and €0.02"
    )


def test_prices_on_the_pages_use_it(
    client: TestClient, add_product: Callable[..., Product]
) -> None:
    add_product("Pricey pot", price_cents=123456)
    assert "€1,234.56" in client.get("/products/").text
    assert "€1,234.56" in client.get("/products/pricey-pot/").text
