"""Tests of the store app. The fixtures come from the project's conftest.py."""

import pytest

from store.models import Item
from store.money import pounds


@pytest.mark.parametrize(
    ("pence", "shown"), [(450, "£4.50"), (1200, "£12.00"), (5, "£0.05"), (0, "£0.00")]
)
def test_prices_are_shown_in_pounds(pence, shown) -> None:
    assert pounds(pence) == shown


def test_the_home_page_lists_the_items_by_name(app, client) -> None:
    with app.extensions["templates"].record() as rendered:
        response = client.get("/")
    assert [template.name for template in rendered] == ["store/item_list.html"]
    page = response.text
    assert "<title>What we sell · The Corner Shop</title>" in page
    assert page.index("Assam tea") < page.index("Oat biscuits") < page.index("Plum jam")
    assert '<span class="price">£4.50</span>' in page
    assert '<span class="stock">Only 8 left</span>' in page  # the plum jam


def test_an_item_has_a_page(client) -> None:
    page = client.get("/items/assam-tea/").text
    assert "<h1>Assam tea</h1>" in page
    assert "A strong, malty black tea" in page
    assert 'class="stock"' not in page  # 20 in stock: nothing to say


def test_an_item_that_ran_out_says_so(client, db) -> None:
    db.get(Item, 3).stock = 0  # the plum jam
    db.commit()
    assert '<span class="stock">Sold out</span>' in client.get("/items/plum-jam/").text


def test_an_item_not_on_sale_is_not_shown(client, db) -> None:
    db.add(Item(name="Rhubarb jam", slug="rhubarb-jam", price_pence=400, is_available=False))
    db.commit()
    assert "Rhubarb" not in client.get("/").text
    assert client.get("/items/rhubarb-jam/").status_code == 404


def test_what_is_typed_in_the_database_is_escaped(client, db) -> None:
    db.add(Item(name="<script>alert(1)</script>", slug="sneaky", price_pence=1))
    db.commit()
    for address in ("/", "/items/sneaky/"):
        page = client.get(address).text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<script>alert" not in page


def test_an_unknown_item_is_not_found(client) -> None:
    assert client.get("/items/caviar/").status_code == 404


def test_the_stylesheet_is_linked_and_served(client) -> None:
    assert '<link rel="stylesheet" href="/static/store/shop.css">' in client.get("/").text
    stylesheet = client.get("/static/store/shop.css")
    assert stylesheet.status_code == 200
    assert "--accent: #2f6b3a" in stylesheet.text
