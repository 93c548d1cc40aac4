"""Trestle: ``def`` views served over WSGI, ``async def`` views served over ASGI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from benchmarks.apps import MANY_ROUTES, has_parameter
from benchmarks.apps.typed_models import Order, Receipt, receipt
from trestle import App, PlainTextResponse, Query, Request


def make_wsgi_app() -> App:
    """The scenario routes with ``def`` views."""
    app = App()

    @app.get("/plaintext")
    def plaintext() -> PlainTextResponse:
        return PlainTextResponse("Hello, World!")

    @app.get("/json")
    def json() -> dict[str, str]:
        return {"message": "Hello, World!"}

    @app.get("/users/<int:id>")
    def user(request: Request, id: int) -> dict[str, Any]:
        query = request.query
        return {"id": id, "page": int(query.get("page", "1")), "sort": query.get("sort", "id")}

    @app.post("/form")
    def form(request: Request) -> dict[str, Any]:
        data = request.form
        return {"name": data.get("name"), "email": data.get("email"), "age": data.get("age")}

    @app.get("/cookie")
    def cookie(request: Request) -> PlainTextResponse:
        visits = int(request.cookies.get("visits", "0"))
        response = PlainTextResponse(f"visits: {visits}")
        response.set_cookie("visits", str(visits + 1))  # HttpOnly, SameSite=Lax, Path=/
        return response

    for index in range(MANY_ROUTES):
        _add_numbered_route(app, index, is_async=False)

    @app.post("/typed/<int:store_id>")
    def typed(
        store_id: int,
        order: Order,
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
        dry_run: bool = False,
    ) -> Receipt:
        return receipt(store_id, order, limit, dry_run)

    return app


def make_asgi_app() -> App:
    """The scenario routes with ``async def`` views."""
    app = App()

    @app.get("/plaintext")
    async def plaintext() -> PlainTextResponse:
        return PlainTextResponse("Hello, World!")

    @app.get("/json")
    async def json() -> dict[str, str]:
        return {"message": "Hello, World!"}

    @app.get("/users/<int:id>")
    async def user(request: Request, id: int) -> dict[str, Any]:
        query = request.query
        return {"id": id, "page": int(query.get("page", "1")), "sort": query.get("sort", "id")}

    @app.post("/form")
    async def form(request: Request) -> dict[str, Any]:
        # The ASGI body is received before the view runs, so request.form does not block.
        data = request.form
        return {"name": data.get("name"), "email": data.get("email"), "age": data.get("age")}

    @app.get("/cookie")
    async def cookie(request: Request) -> PlainTextResponse:
        visits = int(request.cookies.get("visits", "0"))
        response = PlainTextResponse(f"visits: {visits}")
        response.set_cookie("visits", str(visits + 1))
        return response

    for index in range(MANY_ROUTES):
        _add_numbered_route(app, index, is_async=True)

    @app.post("/typed/<int:store_id>")
    async def typed(
        store_id: int,
        order: Order,
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
        dry_run: bool = False,
    ) -> Receipt:
        return receipt(store_id, order, limit, dry_run)

    return app


def _add_numbered_route(app: App, index: int, *, is_async: bool) -> None:
    view: Callable[..., Any]
    if not has_parameter(index):
        text = f"route {index}"
        if is_async:

            async def view() -> PlainTextResponse:
                return PlainTextResponse(text)
        else:

            def view() -> PlainTextResponse:
                return PlainTextResponse(text)

        app.add_route(f"/api/res{index}", view, name=f"res{index}")
        return

    prefix = f"route {index}: item "
    if is_async:

        async def view(item_id: int) -> PlainTextResponse:
            return PlainTextResponse(f"{prefix}{item_id}")
    else:

        def view(item_id: int) -> PlainTextResponse:
            return PlainTextResponse(f"{prefix}{item_id}")

    app.add_route(f"/api/res{index}/<int:item_id>", view, name=f"res{index}")
