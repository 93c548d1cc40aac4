"""Response models: return annotations and response_model= validate and filter the output."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

import pytest
from pydantic import BaseModel

from trestle import App, JSONResponse, Response


class UserIn(BaseModel):
    name: str
    password: str


class UserOut(BaseModel):
    name: str


@dataclasses.dataclass
class Point:
    x: int
    y: int


class Row:
    """An ORM-like object: read by attribute."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.password = "hunter2"


def make_app(settings: dict[str, Any] | None = None) -> App:
    app = App(settings)

    @app.get("/user")
    def user() -> UserOut:
        return UserIn(name="ada", password="hunter2")  # type: ignore[return-value]

    @app.get("/users")
    def users() -> list[UserOut]:
        return [{"name": "ada", "password": "x"}, Row("grace")]  # type: ignore[list-item]

    @app.get("/explicit", response_model=UserOut)
    def explicit() -> dict[str, str]:
        return {"name": "ada", "password": "hunter2"}

    @app.get("/disabled", response_model=None)
    def disabled() -> UserOut:
        return UserIn(name="ada", password="shown")  # type: ignore[return-value]

    @app.get("/point")
    def point() -> Point:
        return Point(1, 2)

    @app.get("/maybe/<int:n>")
    def maybe(n: int) -> UserOut | None:
        return UserOut(name="ada") if n else None

    @app.get("/or-response/<int:n>")
    def or_response(n: int) -> UserOut | Response:
        return UserOut(name="ada") if n else JSONResponse({"raw": True}, 202)

    @app.get("/broken")
    def broken() -> UserOut:
        return {"nom": "ada"}  # type: ignore[return-value]

    @app.post("/created", status_code=201)
    def created() -> UserOut:
        return UserOut(name="new")

    @app.post("/created-dict", status_code=201)
    def created_dict() -> dict[str, str]:
        return {"plain": "dict"}

    @app.post("/tuple", response_model=UserOut)
    def with_status() -> tuple[dict[str, str], int, dict[str, str]]:
        return {"name": "ada", "password": "x"}, 202, {"X-Extra": "1"}

    @app.get("/dict")
    def plain_dict() -> dict[str, str]:
        return {"a": "b"}

    return app


@pytest.fixture
def client(make_client: Any) -> Any:
    return make_client(make_app())


def test_the_return_annotation_filters_the_output(client: Any) -> None:
    response = client.get("/user")
    assert response.json() == {"name": "ada"}
    assert response.headers["content-type"] == "application/json"


def test_lists_dicts_and_objects_read_by_attribute(client: Any) -> None:
    assert client.get("/users").json() == [{"name": "ada"}, {"name": "grace"}]


def test_response_model_argument(client: Any) -> None:
    assert client.get("/explicit").json() == {"name": "ada"}
    assert client.get("/disabled").json() == {"name": "ada", "password": "shown"}


def test_dataclasses_and_optional_models(client: Any) -> None:
    assert client.get("/point").json() == {"x": 1, "y": 2}
    assert client.get("/maybe/1").json() == {"name": "ada"}
    response = client.get("/maybe/0")
    assert (response.status_code, response.text) == (200, "null")


def test_a_response_bypasses_the_model(client: Any) -> None:
    assert client.get("/or-response/1").json() == {"name": "ada"}
    response = client.get("/or-response/0")
    assert (response.status_code, response.json()) == (202, {"raw": True})


def test_status_codes(client: Any) -> None:
    response = client.post("/created")
    assert (response.status_code, response.json()) == (201, {"name": "new"})
    response = client.post("/created-dict")
    assert (response.status_code, response.json()) == (201, {"plain": "dict"})
    response = client.post("/tuple")
    assert (response.status_code, response.json()) == (202, {"name": "ada"})
    assert response.headers["x-extra"] == "1"


def test_plain_annotations_use_no_machinery() -> None:
    app = make_app()
    plans = {route.path: route.endpoint.plan for route in app.routes()}
    assert plans["/dict"] is not None and not plans["/dict"].typed
    assert plans["/dict"].response_model is None
    assert plans["/user"] is not None and plans["/user"].response_model is UserOut


def test_invalid_output_is_a_logged_500_in_production(
    make_client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="trestle.error")
    response = make_client(make_app({"DEBUG": False})).get("/broken")
    assert response.status_code == 500
    assert "nom" not in response.text
    (record,) = caplog.records
    assert record.exc_info is not None
    message = str(record.exc_info[1])
    assert "does not match its response model" in message
    assert "name: Field required" in message


def test_invalid_output_is_loud_in_debug(
    make_client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="trestle.error")
    client = make_client(make_app({"DEBUG": True}))
    body = client.get("/broken").json()
    assert body["exceptions"][-1]["type"] == "trestle.params.errors.ResponseValidationError"
    assert "name: Field required (got {'nom': 'ada'})" in body["exceptions"][-1]["message"]
    page = client.get("/broken", headers={"Accept": "text/html"})
    assert "ResponseValidationError" in page.text and "does not match" in page.text
