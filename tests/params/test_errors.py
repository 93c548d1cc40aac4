"""The 422 format: problem details with every error, matching its own JSON Schema."""

from __future__ import annotations

from typing import Annotated, Any

import jsonschema_rs  # schemathesis's validator: checks the schema OpenAPI publishes
import pytest
from pydantic import BaseModel

from trestle import App, Cookie, File, Form, Header, Query, Request
from trestle.http.forms import UploadedFile
from trestle.params import (
    RequestValidationError,
    validation_error_body,
    validation_error_schema,
)


class Item(BaseModel):
    name: str
    price: float


def make_app() -> App:
    app = App()

    @app.post("/items/<int:id>")
    def create(
        id: int,
        item: Item,
        page: Annotated[int, Query(ge=1)] = 1,
        x_count: Annotated[int, Header()] = 0,
        theme: Annotated[str, Cookie(pattern="^(light|dark)$")] = "light",
    ) -> dict[str, Any]:
        return {"id": id}

    @app.post("/upload")
    def upload(
        title: Annotated[str, Form(max_length=5)], doc: Annotated[UploadedFile, File()]
    ) -> dict[str, Any]:
        return {"title": title}

    return app


def test_every_source_in_one_answer_matching_the_schema(make_client: Any) -> None:
    client = make_client(make_app())
    client.cookies.set("theme", "neon")
    response = client.post(
        "/items/1?page=0",
        json={"name": ["not", "a", "string"]},
        headers={"X-Count": "many"},
    )
    assert response.status_code == 422
    body = response.json()
    assert [(e["in"], e["name"], e["loc"]) for e in body["errors"]] == [
        ("query", "page", ["query", "page"]),
        ("header", "x-count", ["header", "x-count"]),
        ("cookie", "theme", ["cookie", "theme"]),
        ("body", "name", ["body", "name"]),
        ("body", "price", ["body", "price"]),
    ]
    assert body["detail"] == (
        "5 invalid inputs: query 'page', header 'x-count', cookie 'theme', body 'name', "
        "body 'price'"
    )
    jsonschema_rs.validate(validation_error_schema(), body)

    form = client.post("/upload", data={"title": "far too long"})
    assert form.status_code == 422
    jsonschema_rs.validate(validation_error_schema(), form.json())
    assert [(e["in"], e["name"]) for e in form.json()["errors"]] == [
        ("form", "title"),
        ("file", "doc"),
    ]


def test_a_browser_gets_a_page(make_client: Any) -> None:
    response = make_client(make_app()).post(
        "/items/1?page=0", json={"name": "x", "price": 1}, headers={"Accept": "text/html"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "1 invalid input: query &#x27;page&#x27;" in response.text


def test_an_error_handler_can_reshape_the_422(make_client: Any) -> None:
    app = make_app()

    @app.errorhandler(RequestValidationError)
    def flat(request: Request, error: RequestValidationError) -> tuple[dict[str, Any], int]:
        return {"invalid": [e["name"] for e in error.errors]}, 400

    response = make_client(app).post("/items/1?page=0", json={"name": "x", "price": 1})
    assert (response.status_code, response.json()) == (400, {"invalid": ["page"]})


def test_values_that_are_not_json_are_shown_as_text() -> None:
    class Thing:
        def __str__(self) -> str:
            return "a thing"

    from trestle.params.runtime import _json_safe

    assert _json_safe({"a": (1, Thing()), 2: None}) == {"a": [1, "a thing"], "2": None}


class Line(BaseModel):
    quantity: int


def test_a_number_too_big_for_json_is_shown_as_text(make_client: Any) -> None:
    app = App()

    @app.post("/lines")
    def add(line: Line, page: int = 1) -> dict[str, int]:
        return {"quantity": line.quantity}

    huge = "1" + "0" * 30
    client = make_client(app)
    body = f'{{"quantity": {{"n": {huge}}}}}'.encode()
    response = client.post(
        f"/lines?page={huge}x", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert [error["input"] for error in response.json()["errors"]] == [f"{huge}x", {"n": huge}]
    from trestle.params.runtime import _json_safe

    assert _json_safe([2**64 - 1, -(2**63), 2**64, -(2**63) - 1]) == [
        2**64 - 1,
        -(2**63),
        str(2**64),
        str(-(2**63) - 1),
    ]


def test_the_body_builder_and_the_schema_agree() -> None:
    errors = [
        {
            "in": "query",
            "name": "page",
            "loc": ["query", "page"],
            "message": "Input should be a valid integer",
            "type": "int_parsing",
            "input": "x",
        }
    ]
    body = validation_error_body(errors)
    assert body == {
        "type": "about:blank",
        "title": "Unprocessable Entity",
        "status": 422,
        "detail": "1 invalid input: query 'page'",
        "errors": errors,
    }
    jsonschema_rs.validate(validation_error_schema(), body)
    with pytest.raises(jsonschema_rs.ValidationError):
        jsonschema_rs.validate(validation_error_schema(), {**body, "status": 400})
