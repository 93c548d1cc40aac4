"""The catalogue's pages through the test client: what a shopper sees, and what is hidden."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from catalog.demo_data import PRODUCTS
from catalog.models import Product
from trestle.db import assert_num_queries

from .conftest import card_names, find_all

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session

    from catalog.seed import SeedResult
    from trestle import App
    from trestle.testing import TestClient


STATIC = Path(__file__).resolve().parents[1] / "static"
ACTIVE = [product for product in PRODUCTS if product.is_active]


# -- the home page ----------------------------------------------------------------------------


def test_home_welcomes_and_links_every_category_with_its_count(
    client: TestClient, seeded: SeedResult
) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "<h1>Welcome to Trestle Shop</h1>" in page.text
    links = {
        a.text: a.attrs["href"]
        for a in find_all(page.text, "a")
        if "/categories/" in a.attrs.get("href", "")
    }
    assert links == {
        "Black tea": "/categories/black-tea/",
        "Green tea": "/categories/green-tea/",
        "Herbal infusions": "/categories/herbal-infusions/",
        "Oolong tea": "/categories/oolong-tea/",
        "Teaware": "/categories/teaware/",
    }
    # The retired spring sencha is not counted: 5 of the 6 green teas are on sale.
    items = [li.text for li in find_all(page.text, "li") if "products" in li.text]
    assert "Green tea 5 products" in items
    assert "Teaware 6 products" in items


def test_home_shows_the_newest_products_in_stock(client: TestClient, seeded: SeedResult) -> None:
    page = client.get("/")
    # Newest first; Yunnan Golden Tips is newer than some but sold out, Sakura is retired.
    assert card_names(page.text) == [
        "Uji Ceremonial Matcha",
        "Darjeeling First Flush Castleton",
        "Borosilicate Glass Teapot, 600 ml",
        "Oriental Beauty",
    ]
    assert "Only 1 left" in page.text
    assert "€24.00" in page.text


def test_home_leaves_out_new_products_that_are_sold_out_or_hidden(
    client: TestClient, seeded: SeedResult, add_product: Callable[..., Product]
) -> None:
    add_product("Sold out on arrival", stock=0)
    add_product("Not yet for sale", is_active=False)
    add_product("Fresh and for sale")
    names = card_names(client.get("/").text)
    assert names[0] == "Fresh and for sale" and len(names) == 4
    assert "Sold out on arrival" not in names and "Not yet for sale" not in names


def test_home_runs_two_queries(client: TestClient, seeded: SeedResult, app: App) -> None:
    with assert_num_queries(app.extensions["db"], 2):  # categories with counts, featured
        assert client.get("/").status_code == 200


def test_home_of_an_empty_shop(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "The shelves are empty for now." in page.text
    assert card_names(page.text) == []


# -- the product list -------------------------------------------------------------------------


def test_product_list_pages_through_every_active_product_in_name_order(
    client: TestClient, seeded: SeedResult
) -> None:
    first = client.get("/products/")
    second = client.get("/products/?page=2")
    assert first.status_code == second.status_code == 200
    assert '<p class="result-count">24 products</p>' in first.text
    names = card_names(first.text) + card_names(second.text)
    assert len(card_names(first.text)) == 12
    assert names == sorted(product.name for product in ACTIVE)
    assert "Sakura Sencha (spring edition)" not in first.text + second.text
    assert "Page 1 of 2" in first.text and "Page 2 of 2" in second.text


def test_pagination_links(client: TestClient, seeded: SeedResult) -> None:
    first = client.get("/products/")
    (next_link,) = find_all(first.text, "a", rel="next")
    assert next_link.attrs["href"] == "/products/?page=2"
    assert not find_all(first.text, "a", rel="prev")
    second = client.get(next_link.attrs["href"])
    (previous,) = find_all(second.text, "a", rel="prev")
    assert previous.attrs["href"] == "/products/"  # page 1 has one URL, without ?page=
    assert not find_all(second.text, "a", rel="next")


def test_cards_show_picture_price_and_stock(client: TestClient, seeded: SeedResult) -> None:
    page = client.get("/products/?q=yunnan")
    (card,) = find_all(page.text, "article", "product-card")
    assert "Yunnan Golden Tips" in card.text and "€11.60" in card.text
    assert "Out of stock" in card.text
    (image,) = [img for img in find_all(page.text, "img") if "yunnan" in img.attrs["src"]]
    assert image.attrs["src"] == "/static/catalog/products/yunnan-golden-tips.svg"
    assert image.attrs["alt"] == ""  # decorative: the name follows it


def test_product_list_runs_three_queries_however_many_categories(
    client: TestClient, add_product: Callable[..., Product], app: App
) -> None:
    # One product in each of 12 categories: the categories come with the products (a join).
    for number in range(12):
        add_product(f"Tea {number:02d}", category=f"Shelf {number:02d}")
    with assert_num_queries(app.extensions["db"], 3):  # categories, count, the page
        page = client.get("/products/")
    assert len(card_names(page.text)) == 12
    assert "Shelf 11" in page.text


def test_a_product_without_a_picture_gets_the_placeholder(
    client: TestClient, add_product: Callable[..., Product]
) -> None:
    add_product("Unpictured")
    page = client.get("/products/")
    assert '<img class="product-image" src="/static/catalog/placeholder.svg"' in page.text
    assert client.get("/static/catalog/placeholder.svg").status_code == 200


# -- categories -------------------------------------------------------------------------------


def test_category_page_lists_its_active_products(client: TestClient, seeded: SeedResult) -> None:
    page = client.get("/categories/green-tea/")
    assert page.status_code == 200
    assert "<h1>Green tea</h1>" in page.text
    assert "Brew them cooler than you think" in page.text
    assert '<p class="result-count">5 products</p>' in page.text
    assert card_names(page.text) == [
        "Fukamushi Sencha",
        "Genmaicha with Toasted Rice",
        "Gyokuro Yame",
        "Longjing Dragon Well",
        "Uji Ceremonial Matcha",
    ]


def test_category_page_is_paginated(
    client: TestClient, add_product: Callable[..., Product]
) -> None:
    for number in range(13):
        add_product(f"Blend {number:02d}", category="Blends")
    first = client.get("/categories/blends/")
    assert '<p class="result-count">13 products</p>' in first.text
    (next_link,) = find_all(first.text, "a", rel="next")
    assert next_link.attrs["href"] == "/categories/blends/?page=2"
    assert card_names(client.get("/categories/blends/?page=2").text) == ["Blend 12"]


def test_category_page_runs_three_queries(client: TestClient, seeded: SeedResult, app: App) -> None:
    with assert_num_queries(app.extensions["db"], 3):  # the category, count, the page
        assert client.get("/categories/teaware/").status_code == 200


def test_an_empty_category(client: TestClient, add_product: Callable[..., Product]) -> None:
    add_product("Gone", category="Seasonal", is_active=False)
    page = client.get("/categories/seasonal/")
    assert page.status_code == 200
    assert "No products here yet." in page.text
    assert "Gone" not in card_names(page.text)


@pytest.mark.parametrize(
    "url", ["/categories/no-such-shelf/", "/categories/GREEN-TEA/", "/categories/%3Cb%3E/"]
)
def test_unknown_category_is_not_found(client: TestClient, seeded: SeedResult, url: str) -> None:
    assert client.get(url).status_code == 404


# -- the product page -------------------------------------------------------------------------


def test_product_page(client: TestClient, seeded: SeedResult, db: Session) -> None:
    matcha = db.scalars(select(Product).where(Product.slug == "matcha-uji")).one()
    page = client.get("/products/matcha-uji/")
    assert page.status_code == 200
    assert "<title>Uji Ceremonial Matcha · Trestle Shop</title>" in page.text
    assert "<h1>Uji Ceremonial Matcha</h1>" in page.text
    (image,) = find_all(page.text, "img", "product-image")
    assert image.attrs["src"] == "/static/catalog/products/matcha-uji.svg"
    assert image.attrs["alt"] == "Uji Ceremonial Matcha"
    assert '<p class="price product-price">€24.00</p>' in page.text
    assert "Only 1 left" in page.text
    assert "<p>30 g tin. Sift 2 g, add 70 ml of water at 75 °C and whisk.</p>" in page.text
    (category,) = [a for a in find_all(page.text, "a") if a.text == "Green tea"][-1:]
    assert category.attrs["href"] == "/categories/green-tea/"
    (form,) = find_all(page.text, "form", "add-to-cart")
    assert form.attrs["method"] == "post"
    assert form.attrs["action"] == f"/cart/add/{matcha.id}/"
    (quantity,) = find_all(page.text, "input", name="quantity")
    assert quantity.attrs | {"id": "quantity"} == {
        "id": "quantity",
        "type": "number",
        "name": "quantity",
        "value": "1",
        "min": "1",
        "max": "1",
        "step": "1",
        "inputmode": "numeric",
        "required": "",
    }
    assert find_all(page.text, "label", **{"for": "quantity"})
    assert find_all(page.text, "input", type="hidden", name="csrf_token")


def test_product_page_stock_wording(client: TestClient, seeded: SeedResult) -> None:
    assert "Only 2 left" in client.get("/products/da-hong-pao/").text
    assert "Only 3 left" in client.get("/products/kyusu-tokoname/").text
    plenty = client.get("/products/earl-grey/").text
    assert "In stock" in plenty and "left" not in plenty


def test_sold_out_product_has_no_cart_form(client: TestClient, seeded: SeedResult) -> None:
    page = client.get("/products/hibiscus-rosehip/")
    assert page.status_code == 200
    assert "Out of stock" in page.text
    assert "<h1>Hibiscus &amp; Rosehip</h1>" in page.text  # escaped
    assert not find_all(page.text, "form", "add-to-cart")
    assert "/cart/add/" not in page.text


def test_product_page_runs_one_query(client: TestClient, seeded: SeedResult, app: App) -> None:
    with assert_num_queries(app.extensions["db"], 1):  # the product with its category
        assert client.get("/products/earl-grey/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/products/sakura-sencha/",  # inactive
        "/products/no-such-tea/",
        "/products/EARL-GREY/",
        "/products/%3Cscript%3E/",
        "/products/" + "a" * 5000 + "/",
    ],
)
def test_unknown_or_inactive_product_is_not_found(
    client: TestClient, seeded: SeedResult, url: str
) -> None:
    assert client.get(url).status_code == 404


def test_a_product_retired_in_the_admin_disappears_everywhere(
    client: TestClient, seeded: SeedResult, db: Session
) -> None:
    earl = db.scalars(select(Product).where(Product.slug == "earl-grey")).one()
    earl.is_active = False
    db.commit()
    assert client.get("/products/earl-grey/").status_code == 404
    assert "Earl Grey" not in client.get("/products/?q=earl").text
    assert "Earl Grey" not in client.get("/categories/black-tea/").text
    assert "Black tea 4 products" in [li.text for li in find_all(client.get("/").text, "li")]


# -- pictures ---------------------------------------------------------------------------------


def test_every_seeded_product_has_its_picture_served_as_svg(
    client: TestClient, seeded: SeedResult, db: Session
) -> None:
    products = db.scalars(select(Product)).all()
    assert len(products) == len(PRODUCTS)
    for product in products:
        assert product.image == f"catalog/products/{product.slug}.svg"
        response = client.get(f"/static/{product.image}")
        assert response.status_code == 200, product.image
        assert response.headers["content-type"] == "image/svg+xml"
        assert response.text.startswith("<svg") and "</svg>" in response.text


def test_pictures_are_distinct_and_small() -> None:
    pictures = sorted((STATIC / "catalog" / "products").glob("*.svg"))
    assert {picture.stem for picture in pictures} == {product.slug for product in PRODUCTS}
    contents = [picture.read_bytes() for picture in pictures]
    assert len(set(contents)) == len(contents)
    assert all(400 < len(content) < 4000 for content in contents)


def test_the_catalog_stylesheet_is_linked_and_served(
    client: TestClient, seeded: SeedResult
) -> None:
    assert '<link rel="stylesheet" href="/static/catalog/catalog.css">' in client.get("/").text
    assert client.get("/static/catalog/catalog.css").status_code == 200
