"""Parameters from type hints, through HTTP: path, query, header, cookie, form, file, request."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

import pytest

from trestle import App, Cookie, File, Form, Header, Query, Request
from trestle.http.forms import UploadedFile
from trestle.params import Path


class Colour(enum.Enum):
    RED = "red"
    GREEN = "green"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


def errors_of(response: Any) -> list[tuple[str, str, str]]:
    """``(in, name, type)`` of each error of a 422."""
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return [(e["in"], e["name"], e["type"]) for e in response.json()["errors"]]


def make_app() -> App:
    app = App()

    @app.get("/path/<id>")
    def typed_path(id: int) -> dict[str, Any]:
        return {"id": id, "type": type(id).__name__}

    @app.get("/bounded/<int:id>")
    def bounded_path(id: Annotated[int, Path(ge=10, le=20)]) -> dict[str, Any]:
        return {"id": id}

    @app.get("/converted/<uuid:key>/<int:n>")
    def converted(key: UUID, n: int) -> dict[str, Any]:
        return {"key": str(key), "n": n}

    @app.get("/query")
    def query(
        page: int = 1,
        size: Annotated[int, Query(ge=1, le=100, alias="per-page")] = 10,
        tags: list[str] = Query(default_factory=list),  # noqa: B008 (a marker as the default)
        colour: Colour | None = None,
        level: Level = Level.LOW,
        when: date | None = None,
        at: datetime | None = None,
        price: Decimal | None = None,
        key: UUID | None = None,
        flag: bool = False,
        plain=None,
    ) -> dict[str, Any]:
        return {
            "page": page,
            "size": size,
            "tags": tags,
            "colour": colour.value if colour else None,
            "level": level.name,
            "when": when.isoformat() if when else None,
            "at": at.isoformat() if at else None,
            "price": str(price) if price is not None else None,
            "key": str(key) if key else None,
            "flag": flag,
            "plain": plain,
        }

    @app.get("/required")
    def required(q: str, n: Annotated[int, Query(gt=0)]) -> dict[str, Any]:
        return {"q": q, "n": n}

    @app.get("/headers")
    def headers(
        user_agent: Annotated[str, Header()],
        x_request_count: Annotated[int, Header(ge=0)] = 0,
        x_tag: Annotated[list[str], Header()] = [],  # noqa: B006 (copied by validation)
        raw_name: Annotated[str | None, Header(convert_underscores=False)] = None,
    ) -> dict[str, Any]:
        return {"ua": user_agent, "count": x_request_count, "tags": x_tag, "raw": raw_name}

    @app.get("/cookies")
    def cookies(
        session_id: Annotated[str, Cookie(min_length=4)],
        visits: int = Cookie(0),
    ) -> dict[str, Any]:
        return {"session_id": session_id, "visits": visits}

    @app.post("/form")
    def form(
        name: Annotated[str, Form(min_length=1)],
        age: Annotated[int, Form(ge=0)],
        hobbies: Annotated[list[str], Form()] = [],  # noqa: B006
        newsletter: Annotated[bool, Form()] = False,
    ) -> dict[str, Any]:
        return {"name": name, "age": age, "hobbies": hobbies, "newsletter": newsletter}

    @app.post("/upload")
    def upload(
        title: Annotated[str, Form()],
        document: Annotated[UploadedFile, File()],
        raw: Annotated[bytes | None, File()] = None,
        extras: Annotated[list[UploadedFile], File()] = [],  # noqa: B006
    ) -> dict[str, Any]:
        return {
            "title": title,
            "filename": document.filename,
            "content": document.read().decode(),
            "raw": raw.decode() if raw is not None else None,
            "extras": [extra.filename for extra in extras],
        }

    @app.get("/request/<int:id>")
    def with_request(request: Request, id: int, q: str = "") -> dict[str, Any]:
        return {"path": request.path, "id": id, "q": q}

    @app.get("/request-annotated")
    def annotated_request(req: Request, q: int = 0) -> dict[str, Any]:
        return {"method": req.method, "q": q}

    return app


@pytest.fixture
def client(make_client: Any) -> Any:
    return make_client(make_app())


def test_path_parameters_are_converted_by_their_annotation(client: Any) -> None:
    assert client.get("/path/42").json() == {"id": 42, "type": "int"}
    assert errors_of(client.get("/path/forty-two")) == [("path", "id", "int_parsing")]


def test_path_constraints(client: Any) -> None:
    assert client.get("/bounded/15").json() == {"id": 15}
    assert errors_of(client.get("/bounded/9")) == [("path", "id", "greater_than_equal")]
    assert errors_of(client.get("/bounded/21")) == [("path", "id", "less_than_equal")]


def test_converters_stay_the_type(client: Any) -> None:
    key = "9f1c2e6a-3b1d-4c7e-9a55-0f3a2b1c4d5e"
    assert client.get(f"/converted/{key}/3").json() == {"key": key, "n": 3}
    assert client.get("/converted/not-a-uuid/3").status_code == 404  # the router refuses it


def test_query_defaults(client: Any) -> None:
    assert client.get("/query").json() == {
        "page": 1,
        "size": 10,
        "tags": [],
        "colour": None,
        "level": "LOW",
        "when": None,
        "at": None,
        "price": None,
        "key": None,
        "flag": False,
        "plain": None,
    }


def test_query_values_of_every_kind(client: Any) -> None:
    response = client.get(
        "/query",
        params=[
            ("page", "3"),
            ("per-page", "50"),
            ("tags", "a"),
            ("tags", "b"),
            ("colour", "green"),
            ("level", "2"),
            ("when", "2024-02-29"),
            ("at", "2024-02-29T12:30:00+01:00"),
            ("price", "19.99"),
            ("key", "9f1c2e6a-3b1d-4c7e-9a55-0f3a2b1c4d5e"),
            ("flag", "true"),
            ("plain", "as is"),
        ],
    )
    assert response.json() == {
        "page": 3,
        "size": 50,
        "tags": ["a", "b"],
        "colour": "green",
        "level": "HIGH",
        "when": "2024-02-29",
        "at": "2024-02-29T12:30:00+01:00",
        "price": "19.99",
        "key": "9f1c2e6a-3b1d-4c7e-9a55-0f3a2b1c4d5e",
        "flag": True,
        "plain": "as is",
    }


def test_a_bool_flag_without_a_value_is_true(client: Any) -> None:
    assert client.get("/query?flag").json()["flag"] is True
    assert client.get("/query?flag=").json()["flag"] is True
    assert client.get("/query?flag=0").json()["flag"] is False
    assert errors_of(client.get("/query?page=")) == [("query", "page", "int_parsing")]


def test_the_last_repeated_value_wins_for_a_scalar(client: Any) -> None:
    assert client.get("/query?page=1&page=2").json()["page"] == 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("page=x", [("query", "page", "int_parsing")]),
        ("per-page=0", [("query", "per-page", "greater_than_equal")]),
        ("per-page=101", [("query", "per-page", "less_than_equal")]),
        ("colour=blue", [("query", "colour", "enum")]),
        ("level=3", [("query", "level", "enum")]),
        ("when=2024-02-30", [("query", "when", "date_from_datetime_parsing")]),
        ("at=yesterday", [("query", "at", "datetime_from_date_parsing")]),
        ("price=cheap", [("query", "price", "decimal_parsing")]),
        ("key=42", [("query", "key", "uuid_parsing")]),
        ("flag=maybe", [("query", "flag", "bool_parsing")]),
        (
            "page=x&per-page=500",
            [("query", "page", "int_parsing"), ("query", "per-page", "less_than_equal")],
        ),
    ],
)
def test_bad_query_values_are_422(client: Any, query: str, expected: list[Any]) -> None:
    assert errors_of(client.get(f"/query?{query}")) == expected


def test_required_query_parameters(client: Any) -> None:
    assert client.get("/required?q=x&n=2").json() == {"q": "x", "n": 2}
    assert errors_of(client.get("/required")) == [
        ("query", "q", "missing"),
        ("query", "n", "missing"),
    ]
    assert errors_of(client.get("/required?q=x&n=0")) == [("query", "n", "greater_than")]


def test_the_error_entries(client: Any) -> None:
    body = client.get("/query?page=x&per-page=500").json()
    assert body["type"] == "about:blank"
    assert body["status"] == 422
    assert body["detail"] == "2 invalid inputs: query 'page', query 'per-page'"
    assert body["errors"][0] == {
        "in": "query",
        "name": "page",
        "loc": ["query", "page"],
        "message": "Input should be a valid integer, unable to parse string as an integer",
        "type": "int_parsing",
        "input": "x",
    }
    missing = client.get("/required?n=1").json()["errors"]
    assert missing == [
        {
            "in": "query",
            "name": "q",
            "loc": ["query", "q"],
            "message": "Field required",
            "type": "missing",
            "input": None,
        }
    ]


def test_headers(client: Any) -> None:
    response = client.get(
        "/headers",
        headers=[
            ("User-Agent", "tester"),
            ("X-REQUEST-COUNT", "3"),
            ("x-tag", "a, b"),
            ("X-Tag", "c"),
        ],
    )
    # Repeated list headers may arrive joined with commas (WSGI joins them): both count.
    assert response.json()["tags"] in (["a", "b", "c"], ["c"])
    assert response.json()["ua"] == "tester"
    assert response.json()["count"] == 3
    assert client.get("/headers", headers={"x-tag": "a, b"}).json()["tags"] == ["a", "b"]
    assert errors_of(client.get("/headers", headers={"x-request-count": "-1"})) == [
        ("header", "x-request-count", "greater_than_equal")
    ]
    assert errors_of(client.get("/headers", headers={"x-request-count": "many"})) == [
        ("header", "x-request-count", "int_parsing")
    ]


def test_a_missing_required_header(make_client: Any) -> None:
    app = App()

    @app.get("/")
    def view(x_api_version: Annotated[int, Header()]) -> dict[str, int]:
        return {"version": x_api_version}

    client = make_client(app)
    assert client.get("/", headers={"X-Api-Version": "2"}).json() == {"version": 2}
    assert errors_of(client.get("/")) == [("header", "x-api-version", "missing")]


def test_cookies(client: Any) -> None:
    client.cookies.set("session_id", "abcdef")
    client.cookies.set("visits", "41")
    assert client.get("/cookies").json() == {"session_id": "abcdef", "visits": 41}
    client.cookies.set("visits", "lots")
    client.cookies.set("session_id", "ab")
    assert errors_of(client.get("/cookies")) == [
        ("cookie", "session_id", "string_too_short"),
        ("cookie", "visits", "int_parsing"),
    ]
    client.cookies.clear()
    assert errors_of(client.get("/cookies")) == [("cookie", "session_id", "missing")]


def test_form_fields(client: Any) -> None:
    data = {"name": "Ada", "age": "36", "hobbies": ["maths", "poetry"], "newsletter": "on"}
    assert client.post("/form", data=data).json() == {
        "name": "Ada",
        "age": 36,
        "hobbies": ["maths", "poetry"],
        "newsletter": True,
    }
    assert errors_of(client.post("/form", data={"name": "", "age": "-1"})) == [
        ("form", "name", "string_too_short"),
        ("form", "age", "greater_than_equal"),
    ]
    assert errors_of(client.post("/form", data={"age": "old"})) == [
        ("form", "name", "missing"),
        ("form", "age", "int_parsing"),
    ]


def test_a_form_view_refuses_json(client: Any) -> None:
    response = client.post("/form", json={"name": "Ada", "age": 36})
    assert response.status_code == 415
    missing = [("form", "name", "missing"), ("form", "age", "missing")]
    assert errors_of(client.post("/form")) == missing


def test_uploaded_files(client: Any) -> None:
    files = [
        ("document", ("notes.txt", b"hello", "text/plain")),
        ("raw", ("raw.bin", b"bytes!", "application/octet-stream")),
        ("extras", ("a.txt", b"a", "text/plain")),
        ("extras", ("b.txt", b"b", "text/plain")),
    ]
    response = client.post("/upload", data={"title": "Report"}, files=files)
    assert response.json() == {
        "title": "Report",
        "filename": "notes.txt",
        "content": "hello",
        "raw": "bytes!",
        "extras": ["a.txt", "b.txt"],
    }


def test_a_missing_file_or_a_text_field_in_its_place(client: Any) -> None:
    assert errors_of(client.post("/upload", data={"title": "Report"})) == [
        ("file", "document", "missing")
    ]
    response = client.post(
        "/upload", data={"title": "T", "document": "not a file"}, files={"x": ("x", b"x")}
    )
    assert errors_of(response) == [("file", "document", "missing")]


def test_request_and_typed_parameters_together(client: Any) -> None:
    assert client.get("/request/7?q=hi").json() == {"path": "/request/7", "id": 7, "q": "hi"}
    assert client.get("/request-annotated?q=2").json() == {"method": "GET", "q": 2}
    assert errors_of(client.get("/request-annotated?q=two")) == [("query", "q", "int_parsing")]


def test_an_unannotated_parameter_with_a_default_is_a_query_parameter(make_client: Any) -> None:
    app = App()

    @app.get("/hello/<name>")
    def hello(name, excited="no"):  # type: ignore[no-untyped-def]
        return {"name": name, "excited": excited}

    client = make_client(app)
    assert client.get("/hello/ada").json() == {"name": "ada", "excited": "no"}
    assert client.get("/hello/ada?excited=yes").json() == {"name": "ada", "excited": "yes"}
