"""The App object: one callable for both protocols, registration rules, url_for."""

from __future__ import annotations

import asyncio
import inspect
import io
from typing import Any

import pytest

from trestle import App
from trestle.app import AppFrozenError
from trestle.routing import URLBuildError


def make_app() -> App:
    app = App()

    @app.get("/hello/<name>", name="hello")
    def hello(name: str) -> dict[str, str]:
        return {"hello": name}

    return app


def test_called_with_two_arguments_it_is_a_wsgi_app() -> None:
    app = make_app()
    seen: list[Any] = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/hello/wsgi",
        "QUERY_STRING": "",
        "SERVER_NAME": "x",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
    }
    body = b"".join(app(environ, lambda status, headers: seen.append((status, headers))))
    assert seen[0][0] == "200 OK"
    assert ("Content-Length", str(len(body))) in seen[0][1]
    assert body == b'{"hello":"wsgi"}'


def test_called_with_three_arguments_it_is_an_asgi_app() -> None:
    app = make_app()
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/hello/asgi",
        "raw_path": b"/hello/asgi",
        "query_string": b"",
        "headers": [],
        "scheme": "http",
        "server": ("x", 80),
    }
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 200
    assert sent[1]["body"] == b'{"hello":"asgi"}'
    asyncio.run(app.asgi(scope, receive, send))
    assert sent[3]["body"] == b'{"hello":"asgi"}'


def test_servers_that_sniff_for_asgi3_recognise_the_app() -> None:
    # uvicorn's default interface detection asks exactly this of the app's __call__.
    app = make_app()
    assert asyncio.iscoroutinefunction(app.__call__) or inspect.iscoroutinefunction(app.__call__)


def test_url_for_and_reverse() -> None:
    app = make_app()
    assert app.url_for("hello", name="Ada Lovelace") == "/hello/Ada%20Lovelace"
    assert app.reverse("hello", name="x", lang="en") == "/hello/x?lang=en"
    with pytest.raises(URLBuildError, match="no route is named"):
        app.url_for("goodbye")


def test_request_url_for_in_a_view(make_client) -> None:
    app = make_app()

    @app.get("/")
    def index(request: Any) -> str:
        return request.url_for("hello", name="me")

    assert make_client(app).get("/").text == "/hello/me"


def test_routes_cannot_be_added_once_serving(make_client) -> None:
    app = make_app()
    make_client(app).get("/hello/x")
    with pytest.raises(AppFrozenError):
        app.add_route("/late", lambda: "")
    with pytest.raises(AppFrozenError):
        app.on_startup(lambda: None)
    with pytest.raises(AppFrozenError):
        app.add_error_handler(404, lambda request, error: None)


def test_build_is_idempotent_and_reports_problems_early() -> None:
    app = make_app()
    assert app.build() is app.build()
    broken = App()
    broken.add_route("/a/<int:x>", lambda x: "")
    broken.add_route("/a/<int:y>", lambda y: "")
    with pytest.raises(ValueError, match=r"registered twice|different parameter names"):
        broken.build()


def test_settings_may_be_a_plain_mapping() -> None:
    assert App({"DEBUG": True}).debug is True
    assert "debug=True" in repr(App({"DEBUG": True}))


def test_not_a_view_is_refused() -> None:
    with pytest.raises(TypeError):
        App().add_route("/", "not callable")


# -- App.routes(): what OpenAPI and `trestle routes` read -------------------------------------


def test_routes_lists_every_view_in_registration_order() -> None:
    from trestle import View, path
    from trestle.app import RouteInfo, RouteMeta

    app = App()

    @app.get("/users/<int:id>", tags=["users"], operation_id="getUser", responses={404: "gone"})
    def user(id: int) -> dict[str, int]:
        """Show a user.

        With every detail
        we have.
        """
        return {"id": id}

    @app.route("/things", methods=["get", "post"], summary="Things", deprecated=True)
    def things() -> str:
        """Ignored: the summary was given."""
        return ""

    class Post(View):
        """Posts."""

        def get(self, slug: str) -> str:
            return slug

        def delete(self, slug: str) -> None:
            """Delete a post."""

    app.route("/posts/<slug:slug>", name="post")(Post)
    app.include([path("hidden", things)], prefix="/x", tags=["extra"])
    app.add_route("/quiet", things, include_in_schema=False, name="quiet", status_code=202)

    routes = app.routes()
    assert [(r.path, r.methods, r.name) for r in routes] == [
        ("/users/<int:id>", ("GET",), "user"),
        ("/things", ("GET", "POST"), "things"),
        ("/posts/<slug:slug>", ("GET",), "post"),
        ("/posts/<slug:slug>", ("DELETE",), "post"),
        ("/x/hidden", ("GET",), "things"),
        ("/quiet", ("GET",), "quiet"),
    ]
    first = routes[0]
    assert isinstance(first, RouteInfo) and first.view is user
    assert first.path_parameters == (("id", "int"),)
    assert first.endpoint.plan is not None and first.endpoint.plan.view is user
    assert first.meta == RouteMeta(
        tags=("users",),
        summary="Show a user.",
        description="With every detail\nwe have.",
        operation_id="getUser",
        deprecated=False,
        include_in_schema=True,
        status_code=None,
        response_model=None,
        responses={404: "gone"},
    )
    assert routes[1].meta.summary == "Things" and routes[1].meta.deprecated
    assert routes[2].view is Post.get and routes[2].meta.summary == "Posts."
    assert routes[3].meta.summary == "Delete a post."
    assert routes[4].meta.tags == ("extra",)
    assert routes[5].meta.include_in_schema is False and routes[5].meta.status_code == 202
    with pytest.raises(AttributeError, match="immutable"):
        first.path = "/other"  # type: ignore[misc]
    assert "RouteInfo(endpoint=" in repr(first) and hash(first.meta) == hash(first.meta)


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"tagz": ["a"]}, TypeError, "unknown option"),
        ({"tags": "users"}, TypeError, "tags must be a list of strings"),
        ({"status_code": 42}, ValueError, "must be an HTTP status"),
        ({"status_code": True}, ValueError, "must be an HTTP status"),
        ({"dependencies": [print]}, TypeError, "Depends"),
        ({"responses": {"404": "x"}}, TypeError, "map status codes"),
    ],
)
def test_route_options_are_checked_where_written(
    options: dict[str, Any], error: type[Exception], message: str
) -> None:
    app = App()
    with pytest.raises(error, match=message):
        app.add_route("/", lambda: "", **options)


def test_route_records_refuse_unknown_fields() -> None:
    from trestle.app import RouteMeta

    with pytest.raises(TypeError, match="no field"):
        RouteMeta(nonsense=1)  # type: ignore[call-arg]
