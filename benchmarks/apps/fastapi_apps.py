"""FastAPI: typed path operations; query, form and cookie values declared in the signature."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Cookie, FastAPI, Form, Query, Response
from fastapi.responses import PlainTextResponse

from benchmarks.apps import MANY_ROUTES, has_parameter
from benchmarks.apps.typed_models import Order, Receipt, receipt


def make_asgi_app() -> FastAPI:
    """The scenario routes on a ``FastAPI`` app (defaults kept, OpenAPI routes included)."""
    app = FastAPI()

    @app.get("/plaintext", response_class=PlainTextResponse)
    async def plaintext() -> str:
        return "Hello, World!"

    @app.get("/json")
    async def hello_json() -> dict[str, str]:
        return {"message": "Hello, World!"}

    @app.get("/users/{user_id}")
    async def user(user_id: int, page: int = 1, sort: str = "id") -> dict[str, Any]:
        return {"id": user_id, "page": page, "sort": sort}

    @app.post("/form")
    async def form(
        name: Annotated[str, Form()],
        email: Annotated[str, Form()],
        age: Annotated[str, Form()],
    ) -> dict[str, str]:
        return {"name": name, "email": email, "age": age}

    @app.get("/cookie", response_class=PlainTextResponse)
    async def cookie(response: Response, visits: Annotated[int, Cookie()] = 0) -> str:
        response.set_cookie("visits", str(visits + 1), httponly=True)
        return f"visits: {visits}"

    for index in range(MANY_ROUTES):
        if has_parameter(index):
            app.add_api_route(
                f"/api/res{index}/{{item_id}}",
                _numbered_item(index),
                response_class=PlainTextResponse,
            )
        else:
            app.add_api_route(
                f"/api/res{index}", _numbered(index), response_class=PlainTextResponse
            )

    @app.post("/typed/{store_id}")
    async def typed(
        store_id: int,
        order: Order,
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
        dry_run: bool = False,
    ) -> Receipt:
        return receipt(store_id, order, limit, dry_run)

    return app


def _numbered(index: int) -> Callable[[], Awaitable[str]]:
    text = f"route {index}"

    async def endpoint() -> str:
        return text

    return endpoint


def _numbered_item(index: int) -> Callable[[int], Awaitable[str]]:
    prefix = f"route {index}: item "

    async def endpoint(item_id: int) -> str:
        return f"{prefix}{item_id}"

    return endpoint
