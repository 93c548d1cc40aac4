"""Fuzzing a typed endpoint: whatever the inputs, the answer is 200, 400, 413, 415 or 422.

Random query values, headers, cookies, content types and bodies (JSON of any shape, deep
nesting, garbage bytes) go to views with every kind of typed parameter, under WSGI and
ASGI. A 500 would mean that validation let something through that the view could not
take, or that validation itself broke.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, Field

from trestle import App, Cookie, Depends, Form, Header, Query
from trestle.testing import TestClient

ALLOWED = {200, 400, 413, 415, 422}


class Kind(enum.Enum):
    A = "a"
    B = "b"


class Address(BaseModel):
    street: str = Field(max_length=50)
    number: int = Field(ge=1)


class Order(BaseModel):
    name: str = Field(min_length=1)
    quantity: int = Field(ge=1, le=10)
    price: Decimal = Field(gt=0, max_digits=6, decimal_places=2)
    when: date | None = None
    tags: list[str] = []
    address: Address | None = None


class Receipt(BaseModel):
    name: str
    total: Decimal


def pager(page: Annotated[int, Query(ge=1)] = 1, size: Annotated[int, Query(le=50)] = 10) -> int:
    return (page - 1) * size


def make_app() -> App:
    app = App({"REQUEST_MAX_BODY_SIZE": 2048})

    @app.post("/orders/<int:store>")
    def order(
        store: int,
        order: Order,
        offset: Annotated[int, Depends(pager)],
        kind: Kind = Kind.A,
        key: UUID | None = None,
        flags: Annotated[list[bool], Query()] = [],  # noqa: B006
        x_count: Annotated[int, Header(ge=0)] = 0,
        session: Annotated[str | None, Cookie(max_length=8)] = None,
    ) -> Receipt:
        return Receipt(name=order.name, total=order.price * order.quantity)

    @app.post("/form")
    def form(
        name: Annotated[str, Form(max_length=10)],
        age: Annotated[int, Form(ge=0)],
        tags: Annotated[list[str], Form()] = [],  # noqa: B006
    ) -> dict[str, Any]:
        return {"name": name, "age": age}

    return app


@pytest.fixture(scope="module")
def clients() -> Iterator[dict[str, TestClient]]:
    app = make_app()
    opened = {"wsgi": TestClient(app), "asgi": TestClient(app, asgi=True)}
    yield opened
    for client in opened.values():
        client.close()


text = st.text(max_size=12)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats()
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)
orders = st.fixed_dictionaries(
    {},
    optional={
        "name": json_values,
        "quantity": st.integers(-5, 20) | json_values,
        "price": st.decimals(allow_nan=False, allow_infinity=False).map(str) | json_values,
        "when": st.dates().map(str) | text,
        "tags": st.lists(text, max_size=3) | json_values,
        "address": st.fixed_dictionaries({"street": text, "number": st.integers(-2, 5)})
        | json_values,
    },
)
bodies = (
    orders.map(orjson.dumps)
    | json_values.map(orjson.dumps)
    | st.binary(max_size=200)
    | st.integers(150, 400).map(lambda depth: b"[" * depth + b"]" * depth)
)
content_types = st.sampled_from(
    ["application/json", "application/problem+json", "text/plain", "", "multipart/form-data"]
)
queries = st.lists(
    st.tuples(
        st.sampled_from(["page", "size", "kind", "key", "flags", "other"]),
        text | st.integers().map(str),
    ),
    max_size=6,
)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("protocol", ["wsgi", "asgi"])
@FUZZ
@given(
    store=st.integers(0, 10**12),
    query=queries,
    body=bodies,
    content_type=content_types,
    count=text,
    session=text,
)
def test_the_typed_endpoint_never_fails(
    clients: dict[str, TestClient],
    protocol: str,
    store: int,
    query: list[tuple[str, str]],
    body: bytes,
    content_type: str,
    count: str,
    session: str,
) -> None:
    headers = {"x-count": count.encode("utf-8", "replace").decode("latin-1", "replace")}
    if content_type:
        headers["content-type"] = content_type
    client = clients[protocol]
    client.cookies.clear()
    if session.isprintable() and ";" not in session and session.isascii():
        client.cookies.set("session", session)
    try:
        response = client.post(f"/orders/{store}", params=query, content=body, headers=headers)
    except UnicodeEncodeError:
        return  # httpx refuses such a header before it is sent: nothing reached the app
    assert response.status_code in ALLOWED, response.text
    if response.status_code == 422:
        assert response.json()["errors"]


@pytest.mark.parametrize("protocol", ["wsgi", "asgi"])
@FUZZ
@given(fields=st.lists(st.tuples(st.sampled_from(["name", "age", "tags", "x"]), text)))
def test_the_form_endpoint_never_fails(
    clients: dict[str, TestClient], protocol: str, fields: list[tuple[str, str]]
) -> None:
    response = clients[protocol].post("/form", data=dict(fields))
    assert response.status_code in ALLOWED, response.text


@pytest.mark.parametrize("protocol", ["wsgi", "asgi"])
def test_a_valid_order_passes(clients: dict[str, TestClient], protocol: str) -> None:
    order = {"name": "tea", "quantity": 3, "price": "1.50", "address": {"street": "x", "number": 1}}
    response = clients[protocol].post("/orders/1?page=2&flags=yes&flags=0", json=order)
    assert response.json() == {"name": "tea", "total": "4.50"}
