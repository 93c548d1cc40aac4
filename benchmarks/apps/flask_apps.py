"""Flask: view functions on a ``Flask`` app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, Response, make_response, request

from benchmarks.apps import MANY_ROUTES, has_parameter

_TEXT = "text/plain"


def make_wsgi_app() -> Flask:
    """The scenario routes on a ``Flask`` app."""
    app = Flask(__name__)

    @app.get("/plaintext")
    def plaintext() -> Response:
        return Response("Hello, World!", mimetype=_TEXT)

    @app.get("/json")
    def hello_json() -> dict[str, str]:
        return {"message": "Hello, World!"}

    @app.get("/users/<int:user_id>")
    def user(user_id: int) -> dict[str, Any]:
        return {
            "id": user_id,
            "page": request.args.get("page", 1, type=int),
            "sort": request.args.get("sort", "id"),
        }

    @app.post("/form")
    def form() -> dict[str, Any]:
        data = request.form
        return {"name": data.get("name"), "email": data.get("email"), "age": data.get("age")}

    @app.get("/cookie")
    def cookie() -> Response:
        visits = int(request.cookies.get("visits", "0"))
        response = make_response(f"visits: {visits}")
        response.mimetype = _TEXT
        response.set_cookie("visits", str(visits + 1), httponly=True, samesite="Lax")
        return response

    for index in range(MANY_ROUTES):
        if has_parameter(index):
            app.add_url_rule(f"/api/res{index}/<int:item_id>", f"res{index}", _numbered_item(index))
        else:
            app.add_url_rule(f"/api/res{index}", f"res{index}", _numbered(index))
    return app


def _numbered(index: int) -> Callable[[], Response]:
    text = f"route {index}"

    def view() -> Response:
        return Response(text, mimetype=_TEXT)

    return view


def _numbered_item(index: int) -> Callable[[int], Response]:
    prefix = f"route {index}: item "

    def view(item_id: int) -> Response:
        return Response(f"{prefix}{item_id}", mimetype=_TEXT)

    return view
