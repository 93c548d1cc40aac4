"""Falcon: resource classes, ``falcon.App`` for WSGI and ``falcon.asgi.App`` for ASGI."""

from __future__ import annotations

import falcon
import falcon.asgi

from benchmarks.apps import MANY_ROUTES, has_parameter

# -- WSGI ---------------------------------------------------------------------------------


class PlainText:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = "Hello, World!"


class Json:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"message": "Hello, World!"}


class User:
    def on_get(self, req: falcon.Request, resp: falcon.Response, user_id: int) -> None:
        resp.media = {
            "id": user_id,
            "page": req.get_param_as_int("page", default=1),
            "sort": req.get_param("sort", default="id"),
        }


class Form:
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        # Falcon's default media handlers decode urlencoded bodies into a dict.
        data = req.get_media()
        resp.media = {"name": data.get("name"), "email": data.get("email"), "age": data.get("age")}


class Cookie:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        visits = int(req.cookies.get("visits", "0"))
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = f"visits: {visits}"
        # HttpOnly is Falcon's default; Path and SameSite match Trestle's defaults.
        resp.set_cookie("visits", str(visits + 1), path="/", same_site="Lax")


class Numbered:
    def __init__(self, index: int) -> None:
        self.text = f"route {index}"

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = self.text


class NumberedItem:
    def __init__(self, index: int) -> None:
        self.prefix = f"route {index}: item "

    def on_get(self, req: falcon.Request, resp: falcon.Response, item_id: int) -> None:
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = f"{self.prefix}{item_id}"


def make_wsgi_app() -> falcon.App:
    """The scenario routes on a WSGI ``falcon.App``."""
    app = falcon.App()
    app.add_route("/plaintext", PlainText())
    app.add_route("/json", Json())
    app.add_route("/users/{user_id:int}", User())
    app.add_route("/form", Form())
    app.add_route("/cookie", Cookie())
    for index in range(MANY_ROUTES):
        if has_parameter(index):
            app.add_route(f"/api/res{index}/{{item_id:int}}", NumberedItem(index))
        else:
            app.add_route(f"/api/res{index}", Numbered(index))
    return app


# -- ASGI ---------------------------------------------------------------------------------


class AsyncPlainText:
    async def on_get(self, req: falcon.asgi.Request, resp: falcon.asgi.Response) -> None:
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = "Hello, World!"


class AsyncJson:
    async def on_get(self, req: falcon.asgi.Request, resp: falcon.asgi.Response) -> None:
        resp.media = {"message": "Hello, World!"}


class AsyncUser:
    async def on_get(
        self, req: falcon.asgi.Request, resp: falcon.asgi.Response, user_id: int
    ) -> None:
        resp.media = {
            "id": user_id,
            "page": req.get_param_as_int("page", default=1),
            "sort": req.get_param("sort", default="id"),
        }


class AsyncForm:
    async def on_post(self, req: falcon.asgi.Request, resp: falcon.asgi.Response) -> None:
        data = await req.get_media()
        resp.media = {"name": data.get("name"), "email": data.get("email"), "age": data.get("age")}


class AsyncCookie:
    async def on_get(self, req: falcon.asgi.Request, resp: falcon.asgi.Response) -> None:
        visits = int(req.cookies.get("visits", "0"))
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = f"visits: {visits}"
        resp.set_cookie("visits", str(visits + 1), path="/", same_site="Lax")


class AsyncNumbered:
    def __init__(self, index: int) -> None:
        self.text = f"route {index}"

    async def on_get(self, req: falcon.asgi.Request, resp: falcon.asgi.Response) -> None:
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = self.text


class AsyncNumberedItem:
    def __init__(self, index: int) -> None:
        self.prefix = f"route {index}: item "

    async def on_get(
        self, req: falcon.asgi.Request, resp: falcon.asgi.Response, item_id: int
    ) -> None:
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = f"{self.prefix}{item_id}"


def make_asgi_app() -> falcon.asgi.App:
    """The scenario routes on a ``falcon.asgi.App``."""
    app = falcon.asgi.App()
    app.add_route("/plaintext", AsyncPlainText())
    app.add_route("/json", AsyncJson())
    app.add_route("/users/{user_id:int}", AsyncUser())
    app.add_route("/form", AsyncForm())
    app.add_route("/cookie", AsyncCookie())
    for index in range(MANY_ROUTES):
        if has_parameter(index):
            app.add_route(f"/api/res{index}/{{item_id:int}}", AsyncNumberedItem(index))
        else:
            app.add_route(f"/api/res{index}", AsyncNumbered(index))
    return app
