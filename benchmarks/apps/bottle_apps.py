"""Bottle: routes on a ``Bottle`` app, with its thread-local ``request`` and ``response``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bottle import Bottle, request, response

from benchmarks.apps import MANY_ROUTES, has_parameter

_TEXT = "text/plain; charset=utf-8"


def make_wsgi_app() -> Bottle:
    """The scenario routes on a ``Bottle`` app."""
    app = Bottle()

    @app.get("/plaintext")
    def plaintext() -> str:
        response.content_type = _TEXT
        return "Hello, World!"

    @app.get("/json")
    def hello_json() -> dict[str, str]:
        return {"message": "Hello, World!"}

    @app.get("/users/<user_id:int>")
    def user(user_id: int) -> dict[str, Any]:
        return {
            "id": user_id,
            "page": int(request.query.get("page", "1")),
            "sort": request.query.get("sort", "id"),
        }

    @app.post("/form")
    def form() -> dict[str, Any]:
        # getunicode: Bottle keeps raw values as latin-1 strings until asked for text.
        data = request.forms
        return {
            "name": data.getunicode("name"),
            "email": data.getunicode("email"),
            "age": data.getunicode("age"),
        }

    @app.get("/cookie")
    def cookie() -> str:
        visits = int(request.get_cookie("visits", "0"))
        response.content_type = _TEXT
        response.set_cookie("visits", str(visits + 1), path="/", httponly=True, samesite="lax")
        return f"visits: {visits}"

    for index in range(MANY_ROUTES):
        if has_parameter(index):
            app.route(f"/api/res{index}/<item_id:int>", "GET", _numbered_item(index))
        else:
            app.route(f"/api/res{index}", "GET", _numbered(index))
    return app


def _numbered(index: int) -> Callable[[], str]:
    text = f"route {index}"

    def view() -> str:
        response.content_type = _TEXT
        return text

    return view


def _numbered_item(index: int) -> Callable[[int], str]:
    prefix = f"route {index}: item "

    def view(item_id: int) -> str:
        response.content_type = _TEXT
        return f"{prefix}{item_id}"

    return view
