"""Orders through the API: placing one, the 409 that takes nothing, 422s, and privacy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from catalog.models import Product
from orders.models import Order, OrderLine

from .conftest import bearer


def an_order(*lines: tuple[int, int], **fields: object) -> dict[str, object]:
    """An order's body for ``(product id, quantity)`` lines; ``fields`` replace its others."""
    body: dict[str, object] = {
        "lines": [{"product_id": product, "quantity": quantity} for product, quantity in lines],
        "full_name": "Ada Lovelace",
        "address": "12 St James's Square\nLondon",
    }
    body.update(fields)
    return body


def stock(db: Session, product_id: int) -> int:
    """How many of the product are left, as the database has it now."""
    db.rollback()  # a fresh transaction sees what the requests wrote since the last read
    return db.scalar(select(Product.stock).where(Product.id == product_id))


def count(db: Session, model: type[Any]) -> int:
    """How many rows ``model`` has now."""
    db.rollback()
    return db.scalar(select(func.count()).select_from(model))


# -- placing an order -------------------------------------------------------------------------


def test_an_order_is_placed_and_takes_its_stock(client, db, catalogue, ada, ada_auth):
    body = an_order((catalogue.sencha, 2), (catalogue.teapot, 1))
    response = client.post("/api/orders", json=body, headers=ada_auth)
    assert response.status_code == 201
    order = response.json()
    assert response.headers["location"] == f"/api/orders/{order['id']}"
    assert order["status"] == "placed"
    assert (order["full_name"], order["address"]) == (
        "Ada Lovelace",
        "12 St James's Square\nLondon",
    )
    assert order["email"] == "ada@example.com"  # the account's
    assert (order["total"], order["total_cents"]) == ("34.00", 3400)
    assert order["lines"] == [
        {
            "product_id": catalogue.sencha,
            "product_name": "Sencha",
            "unit_price": "4.50",
            "unit_price_cents": 450,
            "quantity": 2,
            "subtotal_cents": 900,
        },
        {
            "product_id": catalogue.teapot,
            "product_name": "Cast-iron teapot",
            "unit_price": "25.00",
            "unit_price_cents": 2500,
            "quantity": 1,
            "subtotal_cents": 2500,
        },
    ]
    created = datetime.fromisoformat(order["created_at"])
    assert created.tzinfo is not None
    assert abs(datetime.now(UTC) - created) < timedelta(minutes=1)
    assert (stock(db, catalogue.sencha), stock(db, catalogue.teapot)) == (8, 2)
    # The Location leads to the same order.
    assert client.get(response.headers["location"], headers=ada_auth).json() == order
    row = db.get(Order, order["id"])
    assert (row.user_id, row.total_cents, len(row.lines)) == (ada.id, 3400, 2)


def test_lines_for_the_same_product_add_up(client, db, catalogue, ada_auth):
    body = an_order((catalogue.sencha, 1), (catalogue.sencha, 2))
    response = client.post("/api/orders", json=body, headers=ada_auth)
    assert response.status_code == 201
    assert [(line["product_id"], line["quantity"]) for line in response.json()["lines"]] == [
        (catalogue.sencha, 3)
    ]
    assert stock(db, catalogue.sencha) == 7


def test_the_last_item_can_be_bought(client, db, catalogue, ada_auth):
    response = client.post("/api/orders", json=an_order((catalogue.matcha, 1)), headers=ada_auth)
    assert response.status_code == 201
    assert stock(db, catalogue.matcha) == 0


# -- out of stock: a 409 and nothing written ----------------------------------------------------


def test_asking_for_more_than_is_left_is_a_409_listing_every_shortage(
    client, db, catalogue, ada_auth
):
    body = an_order((catalogue.sencha, 2), (catalogue.matcha, 2), (catalogue.assam, 1))
    response = client.post("/api/orders", json=body, headers=ada_auth)
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert (problem["status"], problem["title"]) == (409, "Conflict")
    assert problem["detail"].startswith("not enough stock: ")
    assert problem["shortages"] == [
        {"product_id": catalogue.matcha, "name": "Matcha", "requested": 2, "available": 1},
        {"product_id": catalogue.assam, "name": "Assam", "requested": 1, "available": 0},
    ]
    # Nothing was taken, not even the sencha that was there, and no order exists.
    assert (stock(db, catalogue.sencha), stock(db, catalogue.matcha)) == (10, 1)
    assert stock(db, catalogue.assam) == 0
    assert count(db, Order) == 0
    assert count(db, OrderLine) == 0
    assert "location" not in response.headers


@pytest.mark.parametrize("which", ["retired", "unknown"])
def test_a_product_not_for_sale_is_a_shortage(client, db, catalogue, ada_auth, which):
    product_id = catalogue.retired if which == "retired" else 987654
    body = an_order((catalogue.sencha, 1), (product_id, 1))
    response = client.post("/api/orders", json=body, headers=ada_auth)
    assert response.status_code == 409
    (shortage,) = response.json()["shortages"]
    assert (shortage["product_id"], shortage["available"]) == (product_id, 0)
    assert stock(db, catalogue.sencha) == 10
    assert stock(db, catalogue.retired) == 5
    assert count(db, Order) == 0


# -- invalid orders: 422 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "location", "error"),
    [
        ({"lines": []}, ["body", "lines"], "too_short"),
        ({"lines": "sencha"}, ["body", "lines"], "list_type"),
        (
            {"lines": [{"product_id": 1, "quantity": 0}]},
            ["body", "lines", 0, "quantity"],
            "greater_than_equal",
        ),
        (
            {"lines": [{"product_id": 1, "quantity": -3}]},
            ["body", "lines", 0, "quantity"],
            "greater_than_equal",
        ),
        (
            {"lines": [{"product_id": 1, "quantity": 1001}]},
            ["body", "lines", 0, "quantity"],
            "less_than_equal",
        ),
        (
            {"lines": [{"product_id": 1, "quantity": 1.5}]},
            ["body", "lines", 0, "quantity"],
            "int_from_float",
        ),
        (
            {"lines": [{"product_id": 1, "quantity": "two"}]},
            ["body", "lines", 0, "quantity"],
            "int_parsing",
        ),
        (
            {"lines": [{"product_id": 2**40, "quantity": 1}]},
            ["body", "lines", 0, "product_id"],
            "less_than_equal",
        ),
        ({"lines": [{"product_id": 1}]}, ["body", "lines", 0, "quantity"], "missing"),
        (
            {"lines": [{"product_id": 1, "quantity": 1, "price": 0}]},
            ["body", "lines", 0, "price"],
            "extra_forbidden",
        ),
        ({"email": "me@example.com"}, ["body", "email"], "extra_forbidden"),
        ({"full_name": ""}, ["body", "full_name"], "string_too_short"),
        ({"full_name": "   "}, ["body", "full_name"], "value_error"),
        ({"full_name": "x" * 121}, ["body", "full_name"], "string_too_long"),
        ({"full_name": "Ada\nLovelace"}, ["body", "full_name"], "string_pattern_mismatch"),
        ({"address": "London\x00"}, ["body", "address"], "string_pattern_mismatch"),
        ({"address": None}, ["body", "address"], "string_type"),
    ],
)
def test_an_invalid_order_is_a_422_naming_the_field(
    client, db, catalogue, ada_auth, change, location, error
):
    body = {**an_order((catalogue.sencha, 1)), **change}
    response = client.post("/api/orders", json=body, headers=ada_auth)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [(e["loc"], e["type"]) for e in response.json()["errors"]] == [(location, error)]
    assert count(db, Order) == 0
    assert stock(db, catalogue.sencha) == 10


def test_huge_numbers_are_a_422_not_an_overflow(client, db, catalogue, ada_auth):
    huge = "1" + "0" * 30
    body = (
        f'{{"lines": [{{"product_id": {huge}, "quantity": {huge}}}], '
        '"full_name": "Ada", "address": "London"}'
    )
    headers = {**ada_auth, "Content-Type": "application/json"}
    response = client.post("/api/orders", content=body.encode(), headers=headers)
    assert response.status_code == 422
    assert {error["type"] for error in response.json()["errors"]} == {"less_than_equal"}
    assert count(db, Order) == 0


def test_too_many_lines_is_a_422(client, catalogue, ada_auth):
    body = an_order(*[(catalogue.sencha, 1)] * 51)
    response = client.post("/api/orders", json=body, headers=ada_auth)
    assert response.status_code == 422
    assert response.json()["errors"][0]["type"] == "too_long"


def test_a_body_that_is_not_a_json_order(client, catalogue, ada_auth):
    headers = {**ada_auth, "Content-Type": "application/json"}
    assert client.post("/api/orders", content=b"{oops", headers=headers).status_code == 400
    assert client.post("/api/orders", content=b'"\\ud800"', headers=headers).status_code == 400
    assert client.post("/api/orders", content=b"[]", headers=headers).status_code == 422
    assert client.post("/api/orders", headers=ada_auth).status_code == 422
    form = client.post("/api/orders", data={"lines": "1"}, headers=ada_auth)
    assert form.status_code == 415
    assert form.headers["content-type"] == "application/problem+json"


# -- reading orders -----------------------------------------------------------------------------


def test_orders_are_listed_newest_first_and_paginated(client, db, catalogue, ada_auth):
    ids = []
    for quantity in (1, 2, 3):
        response = client.post(
            "/api/orders", json=an_order((catalogue.sencha, quantity)), headers=ada_auth
        )
        ids.append(response.json()["id"])
    # Two orders placed in the same instant are told apart by their ids.
    db.execute(update(Order).values(created_at=datetime(2026, 3, 1, tzinfo=UTC)))
    db.commit()
    listing = client.get("/api/orders", headers=ada_auth).json()
    assert [order["id"] for order in listing["items"]] == ids[::-1]
    assert [listing["page"], listing["total"], listing["pages"]] == [1, 3, 1]
    assert listing["items"][0]["lines"][0]["quantity"] == 3
    second = client.get("/api/orders?per_page=2&page=2", headers=ada_auth).json()
    assert [order["id"] for order in second["items"]] == [ids[0]]
    assert client.get("/api/orders?page=3&per_page=2", headers=ada_auth).status_code == 404
    assert client.get("/api/orders?per_page=101", headers=ada_auth).status_code == 422


def test_others_orders_are_invisible(client, catalogue, make_user, make_token, ada_auth):
    grace = bearer(make_token(make_user("grace")))
    mine = client.post("/api/orders", json=an_order((catalogue.sencha, 1)), headers=ada_auth)
    order_id = mine.json()["id"]
    assert client.get("/api/orders", headers=grace).json()["items"] == []
    hidden = client.get(f"/api/orders/{order_id}", headers=grace)
    assert hidden.status_code == 404
    assert hidden.headers["content-type"] == "application/problem+json"
    unknown = client.get(f"/api/orders/{order_id + 1}", headers=grace)
    assert (hidden.json()["title"], unknown.status_code) == ("Not Found", 404)
    assert client.get(f"/api/orders/{order_id}", headers=ada_auth).status_code == 200


@pytest.mark.parametrize("order_id", ["999999", "99999999999999999999999", "abc", "-1"])
def test_unknown_order_ids_are_a_404(client, ada_auth, order_id):
    response = client.get(f"/api/orders/{order_id}", headers=ada_auth)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_a_page_of_orders_costs_four_queries_whatever_their_number(
    client, app, db, catalogue, ada_auth
):
    from trestle.db import assert_num_queries

    db.execute(update(Product).where(Product.id == catalogue.sencha).values(stock=100))
    db.commit()
    for _ in range(12):
        client.post("/api/orders", json=an_order((catalogue.sencha, 1)), headers=ada_auth)
    database = app.extensions["db"]
    with assert_num_queries(database, 4):
        # The token with its user, the count, the page, the lines of the page's orders: none
        # per order. (The token's use was recorded by the requests above, within the minute.)
        assert len(client.get("/api/orders", headers=ada_auth).json()["items"]) == 12
