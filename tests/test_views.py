"""Views: call plans from signatures, class-based views, sync and async under both protocols."""

from __future__ import annotations

import functools
from typing import Annotated

import pytest
from pydantic import BaseModel

from trestle import App, Header, Request, View
from trestle.views import ViewError, is_async_callable


def test_function_views_get_path_params_and_request(make_client) -> None:
    app = App()

    @app.get("/a/<int:id>")
    def by_keyword(id: int) -> dict[str, int]:
        return {"id": id}

    @app.get("/b/<int:id>")
    def with_request(request: Request, id: int) -> dict[str, object]:
        return {"id": id, "method": request.method}

    @app.get("/c/<int:id>")
    def request_last(id: int, req: Request) -> dict[str, object]:
        return {"id": id, "path": req.path}

    @app.get("/d")
    def nothing() -> str:
        return "ok"

    @app.get("/e/<slug:a>/<int:b>")
    def catch_all(**params: object) -> dict[str, object]:
        return dict(params)

    client = make_client(app)
    assert client.get("/a/7").json() == {"id": 7}
    assert client.get("/b/7").json() == {"id": 7, "method": "GET"}
    assert client.get("/c/7").json() == {"id": 7, "path": "/c/7"}
    assert client.get("/d").text == "ok"
    assert client.get("/e/x-y/3").json() == {"a": "x-y", "b": 3}


def test_async_and_sync_views_side_by_side(make_client) -> None:
    app = App()

    @app.get("/sync")
    def sync_view() -> str:
        return "sync"

    @app.get("/async")
    async def async_view() -> str:
        return "async"

    client = make_client(app)
    assert client.get("/sync").text == "sync"
    assert client.get("/async").text == "async"


def test_class_based_view_dispatches_by_method(make_client) -> None:
    app = App()

    class Post(View):
        created = 0

        def get(self, id: int) -> dict[str, object]:
            self.seen = id  # per-request instance: never leaks between requests
            return {"id": id}

        async def put(self, request: Request, id: int) -> dict[str, object]:
            return {"id": id, "body": request.json}

        def delete(self, id: int) -> None:
            return None

    app.route("/posts/<int:id>")(Post)
    client = make_client(app)
    assert client.get("/posts/1").json() == {"id": 1}
    assert client.put("/posts/2", json={"x": 1}).json() == {"id": 2, "body": {"x": 1}}
    assert client.delete("/posts/3").status_code == 204
    response = client.post("/posts/3")
    assert response.status_code == 405
    assert response.headers["allow"] == "DELETE, GET, HEAD, OPTIONS, PUT"


def test_class_view_restricted_methods(make_client) -> None:
    app = App()

    class Thing(View):
        def get(self) -> str:
            return "get"

        def post(self) -> str:
            return "post"

    app.add_route("/thing", Thing, methods=["GET"])
    client = make_client(app)
    assert client.get("/thing").text == "get"
    assert client.post("/thing").status_code == 405


class Unknown:
    """Not a type pydantic can read from a query string."""


def test_view_with_unfillable_parameter_fails_at_build() -> None:
    app = App()

    @app.get("/x")
    def view(missing: Unknown) -> str:
        return "never"

    with pytest.raises(ViewError, match="cannot validate"):
        app.build()


def test_view_without_its_path_parameter_fails_at_build() -> None:
    app = App()

    @app.get("/x/<int:id>")
    def view() -> str:
        return "never"

    with pytest.raises(ViewError, match="does not take the path parameter"):
        app.build()


def test_class_view_without_matching_method_fails_at_build() -> None:
    app = App()

    class OnlyGet(View):
        def get(self) -> str:
            return ""

    app.add_route("/x", OnlyGet, methods=["POST"])
    with pytest.raises(ViewError, match="has no method"):
        app.build()


def test_is_async_callable_sees_through_partials_and_objects() -> None:
    async def coroutine_function() -> None:
        pass

    class AsyncCallable:
        async def __call__(self) -> None:
            pass

    assert is_async_callable(coroutine_function)
    assert is_async_callable(functools.partial(coroutine_function))
    assert is_async_callable(AsyncCallable())
    assert not is_async_callable(lambda: None)


class Item(BaseModel):
    name: str


class ItemOut(BaseModel):
    id: int
    name: str


def test_class_based_views_take_typed_parameters(make_client) -> None:
    app = App()

    class ItemView(View):
        def get(self, id: int, verbose: bool = False) -> dict[str, object]:
            return {"id": id, "verbose": verbose}

        async def put(self, id: int, item: Item, x_token: Annotated[str, Header()]) -> ItemOut:
            return ItemOut(id=id, name=f"{item.name} by {x_token}")

    app.route("/items/<int:id>")(ItemView)
    client = make_client(app)
    assert client.get("/items/1?verbose=yes").json() == {"id": 1, "verbose": True}
    response = client.put("/items/2", json={"name": "tea"}, headers={"x-token": "ada"})
    assert response.json() == {"id": 2, "name": "tea by ada"}
    assert client.put("/items/2", json={}).status_code == 422


def test_plain_views_skip_the_typed_machinery() -> None:
    app = App()

    @app.get("/a/<int:id>")
    def plain(request: Request, id: int) -> dict[str, int]:
        return {"id": id}

    @app.get("/b/<int:id>")
    def typed(id: int, q: int = 0) -> dict[str, int]:
        return {"id": id}

    plain_endpoint, typed_endpoint = (route.endpoint for route in app.routes())
    assert plain_endpoint._plan is None  # compiled only when asked for
    assert plain_endpoint.plan is not None and not plain_endpoint.plan.typed
    assert typed_endpoint.plan is not None and typed_endpoint.plan.typed
