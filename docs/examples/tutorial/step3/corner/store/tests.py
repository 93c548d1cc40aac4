"""Tests of the store app. The fixtures come from the project's conftest.py."""

from store.models import Item


def test_the_home_page_lists_the_items_by_name(client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = response.text
    assert page.index("Assam tea") < page.index("Oat biscuits") < page.index("Plum jam")


def test_an_item_is_json(client) -> None:
    response = client.get("/items/assam-tea/")
    assert response.json() == {
        "slug": "assam-tea",
        "name": "Assam tea",
        "description": "A strong, malty black tea: the one to wake up to.",
        "price_pence": 450,
        "stock": 20,
    }


def test_an_item_not_on_sale_is_not_shown(client, db) -> None:
    db.add(Item(name="Rhubarb <b>jam</b>", slug="rhubarb-jam", price_pence=400, is_available=False))
    db.commit()
    assert "Rhubarb" not in client.get("/").text
    assert client.get("/items/rhubarb-jam/").status_code == 404


def test_names_are_escaped(client, db) -> None:
    db.add(Item(name="Rhubarb <b>jam</b>", slug="rhubarb-jam", price_pence=400))
    db.commit()
    assert "Rhubarb &lt;b&gt;jam&lt;/b&gt;" in client.get("/").text


def test_an_unknown_item_is_not_found(client) -> None:
    response = client.get("/items/caviar/")
    assert response.status_code == 404
    assert response.json()["detail"] == "The Corner Shop does not sell 'caviar'."
