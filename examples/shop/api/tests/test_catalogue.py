"""The public half of the API: products, one product, categories; search and pages."""

from __future__ import annotations

from typing import Any

import pytest

from catalog.demo_data import CATEGORIES, PRODUCTS

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def names(response: Any) -> list[str]:
    """The names of the products a listing answered."""
    return [item["name"] for item in response.json()["items"]]


def test_products_are_listed_with_their_prices_stock_category_and_image(client, catalogue):
    response = client.get("/api/products")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    # The retired product is not for sale; the sold-out one is, marked as such.
    assert names(response) == ["Assam", "Cast-iron teapot", "Matcha", "Sencha"]
    assert {key: body[key] for key in ("page", "per_page", "total", "pages")} == {
        "page": 1,
        "per_page": 20,
        "total": 4,
        "pages": 1,
    }
    sencha = body["items"][3]
    assert sencha == {
        "id": catalogue.sencha,
        "slug": "sencha",
        "name": "Sencha",
        "description": "Grassy and bright.",
        "price": "4.50",
        "price_cents": 450,
        "stock": 10,
        "in_stock": True,
        "category": "green-tea",
        "image_url": "http://localhost/static/catalog/products/sencha-fukamushi.svg",
    }
    assam = body["items"][0]
    assert (assam["price"], assam["stock"], assam["in_stock"]) == ("3.95", 0, False)
    assert body["items"][1]["price"] == "25.00"
    assert body["items"][2]["image_url"] is None  # matcha has no picture


def test_the_image_url_is_one_the_site_serves(client, catalogue):
    url = client.get(f"/api/products/{catalogue.sencha}").json()["image_url"]
    picture = client.get(url)
    assert picture.status_code == 200
    assert picture.headers["content-type"].startswith("image/svg+xml")


def test_search_looks_in_names_and_descriptions_for_every_word(client, catalogue):
    assert names(client.get("/api/products?q=sencha")) == ["Sencha"]
    assert names(client.get("/api/products?q=MALTY")) == ["Assam"]
    assert names(client.get("/api/products?q=grassy bright")) == ["Sencha"]
    assert names(client.get("/api/products?q=grassy malty")) == []
    assert names(client.get("/api/products?q=100%25")) == []  # % is text, not a wildcard
    assert names(client.get("/api/products?q=")) == names(client.get("/api/products"))


def test_the_category_filter_takes_a_slug(client, catalogue):
    assert names(client.get("/api/products?category=green-tea")) == ["Matcha", "Sencha"]
    both = client.get("/api/products?category=green-tea&q=matcha")
    assert names(both) == ["Matcha"]
    unknown = client.get("/api/products?category=coffee")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
    assert unknown.json()["detail"] == "no category 'coffee'"


def test_pages_of_products(client, catalogue):
    first = client.get("/api/products?per_page=3").json()
    assert [first["page"], first["per_page"], first["total"], first["pages"]] == [1, 3, 4, 2]
    assert len(first["items"]) == 3
    second = client.get("/api/products?per_page=3&page=2").json()
    assert [item["name"] for item in second["items"]] == ["Sencha"]
    past = client.get("/api/products?per_page=3&page=3")
    assert past.status_code == 404
    assert past.json()["detail"] == "page 3 is past the last page"
    assert client.get("/api/products?per_page=100").json()["per_page"] == 100


@pytest.mark.parametrize(
    ("query", "name", "error"),
    [
        ("page=0", "page", "greater_than_equal"),
        ("page=-1", "page", "greater_than_equal"),
        ("page=abc", "page", "int_parsing"),
        ("page=1.5", "page", "int_parsing"),
        ("page=100001", "page", "less_than_equal"),
        ("page=99999999999999999999999999", "page", "less_than_equal"),
        ("per_page=0", "per_page", "greater_than_equal"),
        ("per_page=101", "per_page", "less_than_equal"),
        ("category=green%20tea", "category", "string_pattern_mismatch"),
        ("q=" + "x" * 101, "q", "string_too_long"),
        ("q=tea%00", "q", "string_pattern_mismatch"),
    ],
)
def test_invalid_query_values_are_a_422_naming_them(client, catalogue, query, name, error):
    response = client.get(f"/api/products?{query}")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [(e["in"], e["name"], e["type"]) for e in response.json()["errors"]] == [
        ("query", name, error)
    ]


def test_one_product(client, catalogue):
    response = client.get(f"/api/products/{catalogue.teapot}")
    assert response.status_code == 200
    assert response.json()["name"] == "Cast-iron teapot"
    assert response.json()["category"] == "teaware"


@pytest.mark.parametrize("path", ["retired", "unknown", "huge", "text", "negative"])
def test_a_product_not_for_sale_is_a_json_404(client, catalogue, path):
    url = {
        "retired": f"/api/products/{catalogue.retired}",
        "unknown": "/api/products/999999",
        "huge": "/api/products/99999999999999999999999",
        "text": "/api/products/sencha",
        "negative": "/api/products/-1",
    }[path]
    response = client.get(url)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_categories_are_listed_by_name(client, catalogue):
    response = client.get("/api/categories")
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": response.json()["items"][0]["id"],
                "slug": "black-tea",
                "name": "Black tea",
                "description": "",
            },
            {
                "id": response.json()["items"][1]["id"],
                "slug": "green-tea",
                "name": "Green tea",
                "description": "Unoxidised.",
            },
            {
                "id": response.json()["items"][2]["id"],
                "slug": "teaware",
                "name": "Teaware",
                "description": "",
            },
        ]
    }


def test_the_demo_catalogue_through_the_api(client, seeded):
    on_sale = [product for product in PRODUCTS if product.is_active]
    listing = client.get("/api/products?per_page=100").json()
    assert listing["total"] == len(on_sale)
    assert sorted(item["slug"] for item in listing["items"]) == sorted(p.slug for p in on_sale)
    for item in listing["items"]:
        assert item["price"] == f"{item['price_cents'] // 100}.{item['price_cents'] % 100:02d}"
        assert item["in_stock"] is (item["stock"] > 0)
        assert client.get(item["image_url"]).status_code == 200, item["image_url"]
    categories = client.get("/api/categories").json()["items"]
    assert sorted(c["slug"] for c in categories) == sorted(c.slug for c in CATEGORIES)


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/api/products/999999", 404),
        ("GET", "/api/no-such-thing", 404),
        ("GET", "/api/products?page=0", 422),
        ("GET", "/api/orders", 401),
        ("DELETE", "/api/products", 405),
    ],
)
def test_errors_are_json_even_for_a_browser(client, catalogue, method, url, status):
    response = client.request(method, url, headers=BROWSER)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == status


def test_pages_outside_the_api_still_show_html_errors_to_browsers(client):
    response = client.get("/no-such-page/", headers=BROWSER)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
