"""Litestar: route handlers with typed parameters; pydantic models through its pydantic plugin."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from litestar import Litestar, MediaType, Response, get, post
from litestar.datastructures import Cookie
from litestar.enums import RequestEncodingType
from litestar.handlers import HTTPRouteHandler
from litestar.params import Body, Parameter

from benchmarks.apps import MANY_ROUTES, has_parameter
from benchmarks.apps.typed_models import Order, Receipt, receipt


@get("/plaintext", media_type=MediaType.TEXT)
async def plaintext() -> str:
    return "Hello, World!"


@get("/json")
async def hello_json() -> dict[str, str]:
    return {"message": "Hello, World!"}


@get("/users/{user_id:int}")
async def user(user_id: int, page: int = 1, sort: str = "id") -> dict[str, Any]:
    return {"id": user_id, "page": page, "sort": sort}


@post("/form", status_code=200)
async def form(
    data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)],
) -> dict[str, Any]:
    return {"name": data.get("name"), "email": data.get("email"), "age": data.get("age")}


@get("/cookie", media_type=MediaType.TEXT)
async def cookie(visits: Annotated[int, Parameter(cookie="visits")] = 0) -> Response[str]:
    return Response(
        f"visits: {visits}",
        cookies=[Cookie(key="visits", value=str(visits + 1), httponly=True, samesite="lax")],
    )


@post("/typed/{store_id:int}", status_code=200)
async def typed(
    store_id: int,
    data: Order,
    limit: Annotated[int, Parameter(ge=1, le=100)] = 10,
    dry_run: bool = False,
) -> Receipt:
    return receipt(store_id, data, limit, dry_run)


def _numbered(index: int) -> HTTPRouteHandler:
    text = f"route {index}"

    async def endpoint() -> str:
        return text

    return get(f"/api/res{index}", media_type=MediaType.TEXT, name=f"res{index}")(endpoint)


def _numbered_item(index: int) -> HTTPRouteHandler:
    prefix = f"route {index}: item "

    async def endpoint(item_id: int) -> str:
        return f"{prefix}{item_id}"

    return get(f"/api/res{index}/{{item_id:int}}", media_type=MediaType.TEXT, name=f"res{index}")(
        endpoint
    )


def make_asgi_app() -> Litestar:
    """The scenario routes on a ``Litestar`` app (defaults kept: debug off, OpenAPI on)."""
    handlers: list[HTTPRouteHandler | Callable[..., Awaitable[Any]]] = [
        plaintext,
        hello_json,
        user,
        form,
        cookie,
    ]
    for index in range(MANY_ROUTES):
        handlers.append(_numbered_item(index) if has_parameter(index) else _numbered(index))
    handlers.append(typed)
    return Litestar(route_handlers=handlers)
