"""The OpenAPI 3.1 document generated from app.routes(): every part, and a valid document.

Each document is checked against the OpenAPI 3.1 schema (the one schemathesis ships, so no
download), each Schema Object against the JSON Schema 2020-12 meta-schema, and every
``$ref`` must point at something in the document.
"""

import datetime
import enum
import uuid
from collections.abc import Iterator
from typing import Annotated, Any, Literal

import jsonschema_rs
import pytest
from pydantic import BaseModel, Field
from schemathesis.specs.openapi.definitions import OPENAPI_31

from trestle import App, Converter, View, include, path
from trestle.api import APIKeyCookie, HTTPBearer, OpenAPI, Resource, resource_urls
from trestle.api.openapi import build_document, openapi_path
from trestle.http.forms import UploadedFile
from trestle.params import Body, Cookie, Depends, File, Form, Header, Path, Query

_VALIDATOR = jsonschema_rs.Draft202012Validator(OPENAPI_31)


def _schemas(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every Schema Object of the document."""
    yield from document.get("components", {}).get("schemas", {}).values()
    for item in document["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                yield parameter["schema"]
            bodies = [operation.get("requestBody", {}), *operation["responses"].values()]
            for body in bodies:
                for media in body.get("content", {}).values():
                    if "schema" in media:
                        yield media["schema"]


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def valid(document: dict[str, Any]) -> dict[str, Any]:
    """``document``, after checking it is a valid OpenAPI 3.1 document."""
    errors = [f"{e.instance_path}: {e.message}" for e in _VALIDATOR.iter_errors(document)]
    assert errors == []
    for schema in _schemas(document):
        jsonschema_rs.meta.validate(schema)
    for ref in _refs(document):
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.rpartition("/")[2] in document["components"]["schemas"], ref
    return document


def document_of(app: App, **options: Any) -> dict[str, Any]:
    return valid(OpenAPI(**options).document(app))


class Color(enum.Enum):
    red = "red"
    green = "green"


class Address(BaseModel):
    street: str = Field(max_length=100)
    city: str


class UserIn(BaseModel):
    """A new user."""

    name: str = Field(min_length=1, max_length=50, description="The full name")
    email: str = Field(pattern=r"^[^@]+@[^@]+$")
    favourite: Color = Color.red
    born: datetime.date | None = None
    address: Address | None = None


class UserOut(BaseModel):
    id: int
    name: str
    favourite: Color


# -- paths and parameters ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "template"),
    [
        ("/users/<int:id>", "/users/{id}"),
        ("/<name>", "/{name}"),
        ("/a/<slug:s>/b/<path:rest>", "/a/{s}/b/{rest}"),
        ("/static", "/static"),
    ],
)
def test_paths(pattern: str, template: str) -> None:
    assert openapi_path(pattern) == template


class Year(Converter):
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)


def test_path_parameters_take_their_converters_schema() -> None:
    app = App()
    app.register_converter("year", Year)

    @app.get("/i/<int:i>/s/<s>/g/<slug:g>/u/<uuid:u>/p/<path:p>/y/<year:y>")
    def every(i: int, s: str, g: str, u: uuid.UUID, p: str, y: int) -> dict[str, str]:
        return {}

    @app.get("/c/<int:n>")
    def constrained(n: Annotated[int, Path(ge=1, le=9, description="A digit")]) -> dict[str, str]:
        return {}

    paths = document_of(app)["paths"]
    schemas = {
        p["name"]: p["schema"]
        for p in paths["/i/{i}/s/{s}/g/{g}/u/{u}/p/{p}/y/{y}"]["get"]["parameters"]
    }
    assert schemas == {
        "i": {"type": "integer", "minimum": 0},
        "s": {"type": "string", "pattern": "^[^/]+$"},
        "g": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
        "u": {"type": "string", "format": "uuid"},
        "p": {"type": "string", "minLength": 1},
        "y": {"type": "integer"},  # the app's own converter: the type its to_python returns
    }
    (digit,) = paths["/c/{n}"]["get"]["parameters"]
    assert digit["required"] is True and digit["description"] == "A digit"
    assert digit["schema"]["minimum"] == 1 and digit["schema"]["maximum"] == 9
    # A converted path value never fails validation: no 422, but a 404.
    assert "422" not in paths["/i/{i}/s/{s}/g/{g}/u/{u}/p/{p}/y/{y}"]["get"]["responses"]
    assert set(paths["/c/{n}"]["get"]["responses"]) == {"200", "404", "422"}


def test_query_header_and_cookie_parameters() -> None:
    app = App()

    @app.get("/search")
    def search(
        q: Annotated[str, Query(min_length=2, description="What to look for", examples=["tea"])],
        page: Annotated[int, Query(ge=1, alias="p")] = 1,
        color: Color | None = None,
        tags: Annotated[list[str], Query()] = [],  # noqa: B006
        since: datetime.datetime | None = None,
        kind: Literal["a", "b"] = "a",
        old: Annotated[int, Query(deprecated=True)] = 0,
        x_request_id: Annotated[str | None, Header()] = None,
        session: Annotated[str, Cookie(description="The session id")] = "",
        accept: Annotated[str, Header()] = "*/*",
        hidden: Annotated[int, Query(include_in_schema=False)] = 0,
    ) -> dict[str, str]:
        return {}

    operation = document_of(app)["paths"]["/search"]["get"]
    parameters = {(p["in"], p["name"]): p for p in operation["parameters"]}
    assert list(parameters) == [
        ("query", "q"),
        ("query", "p"),
        ("query", "color"),
        ("query", "tags"),
        ("query", "since"),
        ("query", "kind"),
        ("query", "old"),
        ("header", "x-request-id"),
        ("cookie", "session"),
    ]  # Accept is a header OpenAPI ignores; hidden is left out
    q = parameters[("query", "q")]
    assert q["required"] is True and q["description"] == "What to look for"
    assert q["schema"]["minLength"] == 2 and q["schema"]["examples"] == ["tea"]
    page = parameters[("query", "p")]
    assert page["required"] is False
    assert page["schema"]["minimum"] == 1 and page["schema"]["default"] == 1
    assert parameters[("query", "color")]["schema"]["anyOf"][0] == {
        "$ref": "#/components/schemas/Color"
    }
    assert parameters[("query", "tags")]["schema"]["type"] == "array"
    assert parameters[("query", "since")]["schema"]["anyOf"][0] == {
        "type": "string",
        "format": "date-time",
    }
    assert parameters[("query", "kind")]["schema"]["enum"] == ["a", "b"]
    assert parameters[("query", "old")]["deprecated"] is True
    assert parameters[("cookie", "session")]["description"] == "The session id"
    assert "422" in operation["responses"]


# -- bodies ------------------------------------------------------------------------------------


def test_json_body_and_response_model() -> None:
    app = App()

    @app.post("/users", status_code=201, tags=["users"])
    def create_user(user: UserIn) -> UserOut:
        """Create a user.

        The name must be unique.
        """
        return UserOut(id=1, name=user.name, favourite=user.favourite)

    document = document_of(app)
    operation = document["paths"]["/users"]["post"]
    assert operation["summary"] == "Create a user."
    assert operation["description"] == "The name must be unique."
    assert operation["operationId"] == "create_user"
    assert operation["tags"] == ["users"]
    assert operation["requestBody"] == {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UserIn"}}},
    }
    assert set(operation["responses"]) == {"201", "400", "415", "422"}
    assert operation["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/UserOut"
    }
    problem = operation["responses"]["422"]["content"]["application/problem+json"]
    assert problem["schema"] == {"$ref": "#/components/schemas/ValidationProblem"}
    schemas = document["components"]["schemas"]
    assert set(schemas) >= {"UserIn", "UserOut", "Address", "Color", "ValidationProblem"}
    name = schemas["UserIn"]["properties"]["name"]
    assert (name["minLength"], name["maxLength"], name["description"]) == (1, 50, "The full name")
    assert schemas["Color"]["enum"] == ["red", "green"]
    assert document["tags"] == [{"name": "users"}]


def test_embedded_bodies_are_one_object() -> None:
    app = App()

    @app.put("/move")
    def move(
        x: Annotated[int, Body(embed=True, ge=0)], y: Annotated[int, Body(embed=True)] = 0
    ) -> dict[str, int]:
        return {}

    document = document_of(app)
    body = document["paths"]["/move"]["put"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"]
    model = document["components"]["schemas"][ref.rpartition("/")[2]]
    assert set(model["properties"]) == {"x", "y"}
    assert model["required"] == ["x"]
    assert model["properties"]["x"]["minimum"] == 0


def test_forms_and_files_are_multipart() -> None:
    app = App()

    @app.post("/photos")
    def upload(
        title: Annotated[str, Form(max_length=80)],
        photo: Annotated[UploadedFile, File(description="A JPEG")],
        extras: Annotated[list[UploadedFile], File()] = [],  # noqa: B006
    ) -> dict[str, str]:
        return {}

    @app.post("/login")
    def login(username: Annotated[str, Form()], remember: Annotated[bool, Form()] = False):
        return {}

    paths = document_of(app)["paths"]
    multipart = paths["/photos"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert multipart["schema"]["required"] == ["title", "photo"]
    properties = multipart["schema"]["properties"]
    assert properties["title"]["maxLength"] == 80
    assert properties["photo"] == {"type": "string", "format": "binary", "description": "A JPEG"}
    assert properties["extras"] == {
        "type": "array",
        "items": {"type": "string", "format": "binary"},
    }
    urlencoded = paths["/login"]["post"]["requestBody"]["content"]
    assert list(urlencoded) == ["application/x-www-form-urlencoded"]


# -- responses ---------------------------------------------------------------------------------


class NotFoundBody(BaseModel):
    detail: str


def test_extra_responses_and_no_content() -> None:
    app = App()

    @app.get(
        "/things/<int:id>",
        responses={
            404: NotFoundBody,
            409: {"description": "Locked", "model": NotFoundBody},
            418: "I'm a teapot",
        },
    )
    def thing(id: int) -> dict[str, int]:
        return {}

    @app.delete("/things/<int:id>", status_code=204)
    def remove(id: int) -> None:
        pass

    @app.get("/plain")
    def plain() -> str:
        return "text"

    paths = document_of(app)["paths"]
    responses = paths["/things/{id}"]["get"]["responses"]
    assert list(responses) == ["200", "404", "409", "418"]
    assert responses["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/NotFoundBody"
    }
    assert responses["409"]["description"] == "Locked"
    assert responses["418"] == {"description": "I'm a teapot"}
    assert paths["/things/{id}"]["delete"]["responses"]["204"] == {"description": "No Content"}
    assert paths["/plain"]["get"]["responses"] == {"200": {"description": "OK"}}
    assert "parameters" not in paths["/plain"]["get"]


def test_an_extra_response_model_in_another_media_type() -> None:
    app = App()

    @app.post(
        "/orders",
        responses={
            409: {
                "description": "Out of stock",
                "model": NotFoundBody,
                "media_type": "application/problem+json",
            }
        },
    )
    def order() -> dict[str, int]:
        return {}

    conflict = document_of(app)["paths"]["/orders"]["post"]["responses"]["409"]
    assert conflict == {
        "description": "Out of stock",
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/NotFoundBody"}}
        },
    }


def test_a_default_that_is_not_json_is_left_out() -> None:
    class Opaque:
        pass

    marker = Opaque()
    app = App()

    @app.get("/odd")
    def odd(when: datetime.date = datetime.date(2024, 1, 2), x: Any = marker) -> dict[str, str]:
        return {}

    parameters = document_of(app)["paths"]["/odd"]["get"]["parameters"]
    assert parameters[0]["schema"]["default"] == "2024-01-02"
    assert "default" not in parameters[1]["schema"]


# -- operations --------------------------------------------------------------------------------


def test_operation_ids_are_unique() -> None:
    app = App()

    def view() -> dict[str, str]:
        return {}

    app.add_route("/a", view, name="same")
    app.add_route("/b", view, name="same-x")
    app.add_route("/c", view, name="same_x")  # the same id once "-" becomes "_"
    app.add_route("/d", view, methods=["GET", "POST"], name="both")
    app.add_route("/e", view, operation_id="chosen")
    app.include([path("blog/", include([path("p", view, name="post")], namespace="blog"))])

    class Items(View):
        def get(self) -> dict[str, str]:
            return {}

        def post(self) -> dict[str, str]:
            return {}

    app.add_route("/items", Items, name="items")
    paths = document_of(app)["paths"]
    ids = {
        (route, method): operation["operationId"]
        for route, item in paths.items()
        for method, operation in item.items()
    }
    assert ids == {
        ("/a", "get"): "same",
        ("/b", "get"): "same_x",
        ("/c", "get"): "same_x_2",
        ("/d", "get"): "both_get",
        ("/d", "post"): "both_post",
        ("/e", "get"): "chosen",
        ("/blog/p", "get"): "blog_post",
        ("/items", "get"): "items",
        ("/items", "post"): "items_2",
    }


def test_a_chosen_operation_id_used_twice_is_an_error() -> None:
    app = App()
    app.add_route("/a", lambda: {}, name="a", operation_id="x")
    app.add_route("/b", lambda: {}, name="b", operation_id="x")
    with pytest.raises(ValueError, match="operation_id 'x' is used twice"):
        OpenAPI().document(app)


def test_left_out_deprecated_and_tagged_routes() -> None:
    app = App()

    @app.get("/internal", include_in_schema=False)
    def internal() -> dict[str, str]:
        return {}

    @app.get("/old", deprecated=True, tags=["legacy"], summary="The old way")
    def old() -> dict[str, str]:
        return {}

    @app.get("/new", tags=["current"])
    def new() -> dict[str, str]:
        return {}

    document = document_of(app, tags=[{"name": "current", "description": "Use these"}])
    assert list(document["paths"]) == ["/old", "/new"]
    assert document["paths"]["/old"]["get"]["deprecated"] is True
    assert document["paths"]["/old"]["get"]["summary"] == "The old way"
    assert document["paths"]["/new"]["get"]["summary"] == "New"
    assert document["tags"] == [
        {"name": "current", "description": "Use these"},
        {"name": "legacy"},
    ]


def test_info_and_servers() -> None:
    app = App()
    document = document_of(
        app,
        title="Shop",
        version="3.1",
        summary="Buy things",
        description="Long text",
        info={"contact": {"name": "Ada"}, "license": {"name": "MIT", "identifier": "MIT"}},
        servers=[{"url": "https://api.example.com", "description": "Production"}],
    )
    assert document["info"] == {
        "title": "Shop",
        "version": "3.1",
        "summary": "Buy things",
        "description": "Long text",
        "contact": {"name": "Ada"},
        "license": {"name": "MIT", "identifier": "MIT"},
    }
    assert document["servers"] == [{"url": "https://api.example.com", "description": "Production"}]
    assert document["paths"] == {}


def test_build_document_excludes_what_it_is_told() -> None:
    app = App()

    @app.get("/a")
    def a() -> dict[str, str]:
        return {}

    @app.get("/b")
    def b() -> dict[str, str]:
        return {}

    document = build_document(app.routes(), title="t", version="1", exclude=lambda v: v is b)
    assert list(valid(document)["paths"]) == ["/a"]


# -- resources and security in one document ----------------------------------------------------


bearer = HTTPBearer()
session_key = APIKeyCookie(name="sid", auto_error=False)


class Users(Resource):
    """Users."""

    item = "<uuid:id>"
    dependencies = [Depends(bearer)]

    def list(self, page: int = 1) -> list[UserOut]:
        """List users."""
        return []

    def create(self, user: UserIn) -> UserOut:
        return UserOut(id=1, name=user.name, favourite=user.favourite)

    def retrieve(self, id: uuid.UUID) -> UserOut:
        return UserOut(id=1, name="x", favourite=Color.red)

    def delete(self, id: uuid.UUID) -> None:
        pass


@pytest.mark.parametrize("form", ["register", "urlpatterns"])
def test_resources_are_documented_the_same_either_way(form: str) -> None:
    app = App()
    if form == "register":
        Users.register(app, "/users")
    else:
        app.include(resource_urls("/users", Users))
    document = document_of(app)
    paths = document["paths"]
    assert set(paths) == {"/users", "/users/{id}"}
    assert {m: o["operationId"] for m, o in paths["/users"].items()} == {
        "get": "users_list",
        "post": "users_create",
    }
    assert {m: o["operationId"] for m, o in paths["/users/{id}"].items()} == {
        "get": "users_retrieve",
        "delete": "users_delete",
    }
    assert all(o["tags"] == ["users"] for item in paths.values() for o in item.values())
    assert all(
        o["security"] == [{"HTTPBearer": []}] for item in paths.values() for o in item.values()
    )
    assert "201" in paths["/users"]["post"]["responses"]
    assert "204" in paths["/users/{id}"]["delete"]["responses"]
    assert paths["/users/{id}"]["get"]["parameters"][0]["schema"] == {
        "type": "string",
        "format": "uuid",
    }
    assert paths["/users"]["get"]["summary"] == "List users."
