"""JSON bodies: models, dataclasses, TypedDicts, embedding, and every way a body can be wrong."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

from trestle import App, Body, Query


class Item(BaseModel):
    name: str = Field(min_length=1)
    price: float = Field(gt=0)
    tags: list[str] = []


class StrictItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str


@dataclasses.dataclass
class Point:
    x: int
    y: int = 0


class Movie(TypedDict):
    title: str
    year: int


class User(BaseModel):
    username: str


def errors_of(response: Any) -> list[tuple[str, list[Any], str]]:
    assert response.status_code == 422, response.text
    return [(e["name"], e["loc"], e["type"]) for e in response.json()["errors"]]


def make_app() -> App:
    app = App()

    @app.post("/items")
    def create_item(item: Item) -> dict[str, Any]:
        return {"item": item.model_dump(), "type": type(item).__name__}

    @app.post("/strict")
    def strict(item: StrictItem) -> dict[str, Any]:
        return item.model_dump()

    @app.post("/points")
    def points(point: Point) -> dict[str, Any]:
        return {"x": point.x, "y": point.y, "type": type(point).__name__}

    @app.post("/movies")
    def movies(movie: Movie) -> dict[str, Any]:
        return {"movie": movie}

    @app.post("/several")
    def several(item: Item, user: User, importance: Annotated[int, Body(ge=1)]) -> dict[str, Any]:
        return {"item": item.name, "user": user.username, "importance": importance}

    @app.post("/embedded")
    def embedded(item: Annotated[Item, Body(embed=True)]) -> dict[str, Any]:
        return {"item": item.name}

    @app.post("/optional")
    def optional(item: Item | None = None) -> dict[str, Any]:
        return {"item": item.name if item else None}

    @app.post("/numbers")
    def numbers(values: Annotated[list[int], Body(max_length=3)]) -> dict[str, Any]:
        return {"sum": sum(values)}

    @app.post("/raw")
    def raw(data: dict[str, Any]) -> dict[str, Any]:
        return {"keys": sorted(data)}

    @app.put("/items/<int:id>")
    def update(id: int, item: Item, notify: bool = Query(False)) -> dict[str, Any]:
        return {"id": id, "name": item.name, "notify": notify}

    return app


@pytest.fixture
def client(make_client: Any) -> Any:
    return make_client(make_app())


def test_a_model_body(client: Any) -> None:
    response = client.post("/items", json={"name": "Tea", "price": 4.5})
    assert response.json() == {
        "item": {"name": "Tea", "price": 4.5, "tags": []},
        "type": "Item",
    }


def test_a_model_body_with_bad_fields(client: Any) -> None:
    response = client.post("/items", json={"name": "", "price": -1, "tags": ["a", 2]})
    assert errors_of(response) == [
        ("name", ["body", "name"], "string_too_short"),
        ("price", ["body", "price"], "greater_than"),
        ("tags", ["body", "tags", 1], "string_type"),
    ]
    assert errors_of(client.post("/items", json={})) == [
        ("name", ["body", "name"], "missing"),
        ("price", ["body", "price"], "missing"),
    ]
    assert errors_of(client.post("/items", json=[1, 2])) == [("", ["body"], "model_type")]


def test_unknown_fields_are_ignored_unless_the_model_forbids_them(client: Any) -> None:
    response = client.post("/items", json={"name": "Tea", "price": 1, "admin": True})
    assert "admin" not in response.json()["item"]
    assert client.post("/strict", json={"name": "x"}).json() == {"name": "x"}
    assert errors_of(client.post("/strict", json={"name": "x", "admin": True})) == [
        ("admin", ["body", "admin"], "extra_forbidden")
    ]


def test_dataclass_and_typeddict_bodies(client: Any) -> None:
    assert client.post("/points", json={"x": 1}).json() == {"x": 1, "y": 0, "type": "Point"}
    assert errors_of(client.post("/points", json={"x": "left"})) == [
        ("x", ["body", "x"], "int_parsing")
    ]
    movie = {"title": "Metropolis", "year": 1927}
    assert client.post("/movies", json=movie).json() == {"movie": movie}
    assert errors_of(client.post("/movies", json={"title": "M"})) == [
        ("year", ["body", "year"], "missing")
    ]


def test_several_body_parameters_are_embedded_by_name(client: Any) -> None:
    body = {"item": {"name": "Tea", "price": 2}, "user": {"username": "ada"}, "importance": 3}
    assert client.post("/several", json=body).json() == {
        "item": "Tea",
        "user": "ada",
        "importance": 3,
    }
    bad = {"item": {"name": "Tea"}, "importance": 0}
    assert errors_of(client.post("/several", json=bad)) == [
        ("item", ["body", "item", "price"], "missing"),
        ("user", ["body", "user"], "missing"),
        ("importance", ["body", "importance"], "greater_than_equal"),
    ]


def test_embed_true_wraps_a_single_body(client: Any) -> None:
    assert client.post("/embedded", json={"item": {"name": "T", "price": 1}}).json() == {
        "item": "T"
    }
    assert errors_of(client.post("/embedded", json={"name": "T", "price": 1})) == [
        ("item", ["body", "item"], "missing")
    ]


def test_optional_and_required_bodies(client: Any) -> None:
    assert client.post("/optional").json() == {"item": None}
    assert client.post("/optional", json={"name": "T", "price": 1}).json() == {"item": "T"}
    response = client.post("/items")
    assert errors_of(response) == [("", ["body"], "missing")]


def test_body_constraints_and_plain_types(client: Any) -> None:
    assert client.post("/numbers", json=[1, 2, 3]).json() == {"sum": 6}
    assert errors_of(client.post("/numbers", json=[1, 2, 3, 4])) == [("", ["body"], "too_long")]
    assert client.post("/raw", json={"b": 1, "a": 2}).json() == {"keys": ["a", "b"]}


def test_body_with_path_and_query(client: Any) -> None:
    response = client.put("/items/3?notify=yes", json={"name": "T", "price": 1})
    assert response.json() == {"id": 3, "name": "T", "notify": True}
    response = client.put("/items/3?notify=perhaps", json={"name": "", "price": 1})
    assert [e["in"] for e in response.json()["errors"]] == ["query", "body"]


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b'{"name": "Tea", "price": 1', "application/json", 400),
        (b"not json at all", "application/json", 400),
        (b'{"name": "Tea", "price": 1}', "text/plain", 415),
        (b'{"name": "Tea", "price": 1}', None, 415),
        (b"name=Tea&price=1", "application/x-www-form-urlencoded", 415),
        (b'{"name": "Tea", "price": 1}', "application/merge-patch+json", 200),
        (b"\xff\xfe", "application/json", 400),
    ],
)
def test_what_is_not_a_json_body(
    client: Any, content: bytes, content_type: str | None, status: int
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/items", content=content, headers=headers)
    assert response.status_code == status, response.text
    if status != 200:
        assert response.headers["content-type"] == "application/problem+json"


def test_an_empty_body_with_a_wrong_content_type_is_415(client: Any) -> None:
    response = client.post("/items", headers={"content-type": "text/plain"})
    assert response.status_code == 415


def test_deeply_nested_json_is_refused(client: Any) -> None:
    depth = 1000
    response = client.post(
        "/raw",
        content=b'{"a":' + b"[" * depth + b"]" * depth + b"}",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400
    assert "recursion limit" in response.json()["detail"]
    shallow = b'{"a":' + b"[" * 100 + b"]" * 100 + b"}"
    ok = client.post("/raw", content=shallow, headers={"content-type": "application/json"})
    assert ok.json() == {"keys": ["a"]}


def test_huge_bodies_are_refused_before_parsing(make_client: Any) -> None:
    app = App({"REQUEST_MAX_BODY_SIZE": 1000})

    @app.post("/")
    def view(data: dict[str, Any]) -> dict[str, int]:
        return {"n": len(data)}

    client = make_client(app)
    assert client.post("/", json={"a": "x" * 100}).json() == {"n": 1}
    assert client.post("/", json={"a": "x" * 2000}).status_code == 413


def test_optional_embedded_bodies_and_default_factories(make_client: Any) -> None:
    app = App()

    @app.post("/embedded")
    def embedded(
        note: Annotated[str, Body(embed=True)] = "none",
        count: Annotated[int, Body(embed=True)] = 0,
    ) -> dict[str, Any]:
        return {"note": note, "count": count}

    @app.post("/factory")
    def factory(values: Annotated[list[int], Body(default_factory=list)]) -> list[int]:
        values.append(len(values))
        return values

    client = make_client(app)
    assert client.post("/embedded").json() == {"note": "none", "count": 0}
    assert client.post("/embedded", json={"count": 2}).json() == {"note": "none", "count": 2}
    assert client.post("/factory").json() == [0]
    assert client.post("/factory").json() == [0]  # a fresh list each time
    assert client.post("/factory", json=[5]).json() == [5, 1]
