"""Starlette: a ``routes`` list of async endpoints."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from benchmarks.apps import MANY_ROUTES, has_parameter

Endpoint = Callable[[Request], Awaitable[Response]]


async def plaintext(request: Request) -> Response:
    return PlainTextResponse("Hello, World!")


async def hello_json(request: Request) -> Response:
    return JSONResponse({"message": "Hello, World!"})


async def user(request: Request) -> Response:
    query = request.query_params
    return JSONResponse(
        {
            "id": request.path_params["user_id"],
            "page": int(query.get("page", "1")),
            "sort": query.get("sort", "id"),
        }
    )


async def form(request: Request) -> Response:
    async with request.form() as data:
        return JSONResponse(
            {"name": data.get("name"), "email": data.get("email"), "age": data.get("age")}
        )


async def cookie(request: Request) -> Response:
    visits = int(request.cookies.get("visits", "0"))
    response = PlainTextResponse(f"visits: {visits}")
    # Path=/ and SameSite=Lax are Starlette's defaults; HttpOnly matches Trestle's.
    response.set_cookie("visits", str(visits + 1), httponly=True)
    return response


def _numbered(index: int) -> Endpoint:
    text = f"route {index}"

    async def endpoint(request: Request) -> Response:
        return PlainTextResponse(text)

    return endpoint


def _numbered_item(index: int) -> Endpoint:
    prefix = f"route {index}: item "

    async def endpoint(request: Request) -> Response:
        return PlainTextResponse(f"{prefix}{request.path_params['item_id']}")

    return endpoint


def make_asgi_app() -> Starlette:
    """The scenario routes on a ``Starlette`` app."""
    routes = [
        Route("/plaintext", plaintext),
        Route("/json", hello_json),
        Route("/users/{user_id:int}", user),
        Route("/form", form, methods=["POST"]),
        Route("/cookie", cookie),
    ]
    for index in range(MANY_ROUTES):
        if has_parameter(index):
            routes.append(Route(f"/api/res{index}/{{item_id:int}}", _numbered_item(index)))
        else:
            routes.append(Route(f"/api/res{index}", _numbered(index)))
    return Starlette(routes=routes)
