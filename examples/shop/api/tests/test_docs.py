"""The API's OpenAPI 3.1 document and its Swagger UI page, served from the package."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import jsonschema_rs
from schemathesis.specs.openapi.definitions import OPENAPI_31

OPERATIONS = {
    ("get", "/api/products"): "products",
    ("get", "/api/products/{id}"): "products",
    ("get", "/api/categories"): "products",
    ("get", "/api/orders"): "orders",
    ("post", "/api/orders"): "orders",
    ("get", "/api/orders/{id}"): "orders",
}


def document(client: Any) -> dict[str, Any]:
    """The document the shop serves."""
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    return response.json()


def references(node: Any) -> Iterator[str]:
    """Every ``$ref`` in a piece of the document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from references(value)
    elif isinstance(node, list):
        for item in node:
            yield from references(item)


def test_the_document_is_valid_openapi_3_1(client):
    spec = document(client)
    assert spec["openapi"] == "3.1.0"
    errors = [
        error.message for error in jsonschema_rs.Draft202012Validator(OPENAPI_31).iter_errors(spec)
    ]
    assert errors == []
    for schema in spec["components"]["schemas"].values():
        jsonschema_rs.meta.validate(schema)
    refs = list(references(spec))
    assert len(refs) > 10
    for ref in refs:
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.removeprefix("#/components/schemas/") in spec["components"]["schemas"], ref


def test_the_document_covers_the_api_only(client):
    spec = document(client)
    assert spec["info"]["title"] == "Trestle Shop API"
    operations = {
        (method, path): operation["tags"]
        for path, item in spec["paths"].items()
        for method, operation in item.items()
    }
    # No catalogue pages, no token pages, no admin, no docs routes.
    assert operations == {key: [tag] for key, tag in OPERATIONS.items()}
    assert [tag["name"] for tag in spec["tags"]] == ["products", "orders"]


def test_orders_need_the_bearer_scheme_and_products_do_not(client):
    spec = document(client)
    assert spec["components"]["securitySchemes"] == {
        "bearerAuth": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "tshop_…",
            "description": "An API token, made on the API tokens page (/api/tokens/) once "
            "logged in.",
        }
    }
    for (method, path), tag in OPERATIONS.items():
        operation = spec["paths"][path][method]
        if tag == "orders":
            assert operation["security"] == [{"bearerAuth": []}], path
            assert "401" in operation["responses"], path
        else:
            assert "security" not in operation, path


def test_the_answers_are_documented(client):
    paths = document(client)["paths"]
    create = paths["/api/orders"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/OrderIn"
    }
    assert set(create["responses"]) == {"201", "400", "401", "409", "415", "422"}
    assert create["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/OrderOut"
    }
    assert create["responses"]["409"]["content"] == {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/OutOfStockProblem"}}
    }
    listing = paths["/api/products"]["get"]
    assert [p["name"] for p in listing["parameters"]] == ["q", "category", "page", "per_page"]
    per_page = listing["parameters"][3]["schema"]
    assert (per_page["minimum"], per_page["maximum"], per_page["default"]) == (1, 100, 20)
    assert set(listing["responses"]) == {"200", "404", "422"}


def test_unknown_fields_of_an_order_are_forbidden_in_the_schema_too(client):
    schemas = document(client)["components"]["schemas"]
    assert schemas["OrderIn"]["additionalProperties"] is False
    assert schemas["OrderLineIn"]["additionalProperties"] is False
    assert schemas["OrderIn"]["properties"]["lines"]["minItems"] == 1
    assert schemas["OrderLineIn"]["properties"]["quantity"]["minimum"] == 1


def test_the_docs_page_is_swagger_ui_from_the_package(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert 'data-openapi-url="/api/openapi.json"' in page.text
    assert "<title>Trestle Shop API - API docs</title>" in page.text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert len(assets) == 4  # icon, stylesheet, Swagger UI, its start-up script
    for url in assets:
        assert url.startswith("/api/docs/assets/"), url  # nothing from a CDN
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert "immutable" in asset.headers["cache-control"]
    assert "https://" not in page.text and "http://" not in page.text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy


def test_every_page_of_the_shop_links_the_docs(client):
    home = client.get("/")
    assert home.status_code == 200
    assert 'href="/api/docs"' in home.text


def test_the_document_and_docs_route_names(app):
    assert app.url_for("api:docs") == "/api/docs"
    assert app.url_for("api:openapi") == "/api/openapi.json"
    assert app.url_for("api:tokens") == "/api/tokens/"
