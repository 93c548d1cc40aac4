"""The compiled router: precedence, methods, fallbacks, redirects, names and reversing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from trestle import App, Request, Response
from trestle.app import AppFrozenError
from trestle.routing import RouteError, Router, URLBuildError
from trestle.routing.router import STANDARD_METHODS, CompiledRouter, Fallbacks


def answer(label: str) -> Callable[..., dict[str, Any]]:
    """A view that answers its label and whatever path parameters it got."""

    def view(**params: Any) -> dict[str, Any]:
        return {"view": label, **{key: str(value) for key, value in params.items()}}

    view.__name__ = label
    return view


def app_with(*routes: str | tuple[str, list[str]]) -> App:
    """An app routing each pattern to a view named ``r0``, ``r1``... in registration order."""
    app = App()
    for index, route in enumerate(routes):
        path, methods = (route, ["GET"]) if isinstance(route, str) else route
        app.add_route(path, answer(f"r{index}"), methods=methods)
    return app


def which(client: Any, url: str) -> str | int:
    """The label of the view that answered ``url``, or the status when none did."""
    response = client.get(url)
    if response.status_code != 200:
        return int(response.status_code)
    return str(response.json()["view"])


# -- precedence ------------------------------------------------------------------------------


def test_static_route_beats_a_dynamic_one_registered_before_it(make_client: Any) -> None:
    client = make_client(app_with("/posts/<slug:slug>", "/posts/new", "/posts/<int:id>"))
    assert which(client, "/posts/new") == "r1"
    assert which(client, "/posts/hello") == "r0"
    assert which(client, "/posts/5") == "r0"  # the slug route came first


def test_overlapping_dynamic_routes_match_in_registration_order(make_client: Any) -> None:
    first = make_client(app_with("/items/<int:id>", "/items/<name>"))
    assert which(first, "/items/5") == "r0"
    assert which(first, "/items/abc") == "r1"
    second = make_client(app_with("/items/<name>", "/items/<int:id>"))
    assert which(second, "/items/5") == "r0"
    assert which(second, "/items/abc") == "r0"


def test_the_first_matching_path_owns_every_method(make_client: Any) -> None:
    """One match per request: a later route that would take the method is not consulted."""
    app = app_with(
        ("/users/me", ["GET"]),
        ("/users/<name>", ["DELETE"]),
        ("/posts/<int:id>", ["GET"]),
        ("/posts/<slug>", ["POST"]),
    )
    client = make_client(app)
    assert client.delete("/users/ada").json() == {"view": "r1", "name": "ada"}
    response = client.delete("/users/me")
    assert (response.status_code, response.headers["allow"]) == (405, "GET, HEAD, OPTIONS")
    assert client.post("/posts/x").json() == {"view": "r3", "slug": "x"}
    assert client.post("/posts/1").status_code == 405


def test_parameters_are_passed_by_name(make_client: Any) -> None:
    client = make_client(app_with("/a/<int:year>/<slug:slug>/<path:rest>"))
    assert client.get("/a/2024/hello/x/y.txt").json() == {
        "view": "r0",
        "year": "2024",
        "slug": "hello",
        "rest": "x/y.txt",
    }


PARAMETER_FIRST_ROUTES: tuple[str, ...] = (
    "/<slug:section>/about",  # r0: first segment is a parameter
    "/blog/<slug:post>",  # r1: literal first segment, after r0
    "/v<int:version>/status",  # r2: first segment only partly literal
    "/<slug:a>/<slug:b>",  # r3: parameter first, after r1
    "/blog/<slug:post>/<int:page>",  # r4
    "/<slug:a>/<slug:b>/<int:page>",  # r5
    "/shop/<int:id>",  # r6: shadowed by r3
    "/v1/<slug:thing>",  # r7: shadowed by r3
    "/<path:rest>",  # r8: the catch-all, last
)


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("/blog/about", "r0"),  # r0 was registered before the blog route
        ("/blog/hello", "r1"),
        ("/shop/about", "r0"),
        ("/shop/12", "r3"),  # r3 came before r6
        ("/news/hello", "r3"),  # a first segment no literal route has
        ("/blog/hello/3", "r4"),
        ("/news/hello/3", "r5"),
        ("/v2/status", "r2"),
        ("/v1/status", "r2"),  # r2 came before r3 and r7
        ("/vx/status", "r3"),
        ("/v1/thing", "r3"),
        ("/anything", "r8"),
        ("/a/b/c/d", "r8"),
        ("/blog", "r8"),
        ("/blog/", "r8"),
        ("/", 404),
    ],
)
def test_parameter_first_routes_keep_their_place_among_literal_first_ones(
    make_client: Any, url: str, label: str | int
) -> None:
    client = make_client(app_with(*PARAMETER_FIRST_ROUTES))
    assert which(client, url) == label


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("/blog/about", "r0"),
        ("/shop/about", "r1"),
        ("/blog/x", "r2"),
        ("/shop/x", "r3"),
        ("/blog/5", "r2"),
        ("/x/5", "r3"),
    ],
)
def test_literal_first_route_registered_first_wins_over_a_parameter_first_one(
    make_client: Any, url: str, label: str
) -> None:
    client = make_client(
        app_with("/blog/about", "/<slug:a>/about", "/blog/<slug:b>", "/<slug:a>/<slug:b>")
    )
    assert which(client, url) == label


def test_only_the_generic_bucket_answers_an_unknown_first_segment(make_client: Any) -> None:
    client = make_client(app_with("/blog/<slug:post>", "/docs/<path:page>"))
    assert which(client, "/blog/x") == "r0"
    assert which(client, "/docs/a/b") == "r1"
    assert which(client, "/other/x") == 404
    assert which(client, "/blogx/x") == 404
    assert which(client, "/blog") == 404


# -- 404, 405, HEAD, OPTIONS, unknown methods --------------------------------------------------


def test_unrouted_path_is_a_404(make_client: Any) -> None:
    client = make_client(app_with("/a", "/b/<int:n>"))
    for url in ("/", "/c", "/b/x", "/b/1/2", "/a/b"):
        assert client.get(url).status_code == 404, url


def test_wrong_method_is_a_405_with_allow(make_client: Any) -> None:
    app = app_with(("/things", ["GET", "POST"]), ("/things/<int:id>", ["PUT", "DELETE"]))
    client = make_client(app)
    response = client.delete("/things")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, OPTIONS, POST"
    response = client.get("/things/3")
    assert response.status_code == 405
    assert response.headers["allow"] == "DELETE, OPTIONS, PUT"
    assert client.head("/things/3").status_code == 405
    assert client.request("TRACE", "/things").status_code == 405


def test_head_is_answered_by_the_get_route_without_a_body(make_client: Any) -> None:
    app = App()
    calls: list[str] = []

    @app.get("/page")
    def page(request: Request) -> Response:
        calls.append(request.method)
        return Response("hello world", headers={"X-Extra": "1"}, media_type="text/plain")

    client = make_client(app)
    got = client.get("/page")
    head = client.head("/page")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == got.headers["content-length"] == "11"
    assert head.headers["content-type"] == "text/plain"
    assert head.headers["x-extra"] == "1"
    assert calls == ["GET", "HEAD"]


def test_head_on_a_dynamic_get_route(make_client: Any) -> None:
    client = make_client(app_with("/n/<int:n>"))
    response = client.head("/n/4")
    assert response.status_code == 200
    assert response.content == b""


def test_automatic_options_is_204_with_allow(make_client: Any) -> None:
    client = make_client(app_with(("/x", ["GET", "PATCH"]), ("/y/<int:n>", ["POST"])))
    response = client.options("/x")
    assert response.status_code == 204
    assert response.headers["allow"] == "GET, HEAD, OPTIONS, PATCH"
    assert response.content == b""
    response = client.options("/y/1")
    assert response.status_code == 204
    assert response.headers["allow"] == "OPTIONS, POST"


def test_explicit_options_and_head_routes_are_honoured(make_client: Any) -> None:
    app = App()

    @app.get("/r")
    def get_r() -> Response:
        return Response("body", headers={"X-From": "get"})

    @app.route("/r", methods=["HEAD"])
    def head_r() -> Response:
        return Response("ignored", headers={"X-From": "head"})

    @app.route("/r", methods=["OPTIONS"])
    def options_r() -> Response:
        return Response(b"", 200, {"X-From": "options", "Allow": "GET"})

    client = make_client(app)
    assert client.get("/r").headers["x-from"] == "get"
    head = client.head("/r")
    assert head.headers["x-from"] == "head"
    assert head.content == b""
    options = client.options("/r")
    assert options.status_code == 200
    assert options.headers["x-from"] == "options"
    assert options.headers["allow"] == "GET"
    allow = client.delete("/r").headers["allow"]
    assert allow == "GET, HEAD, OPTIONS"


def test_unknown_method_is_a_501(make_client: Any) -> None:
    client = make_client(app_with("/x", "/y/<int:n>"))
    for url in ("/x", "/y/1", "/nowhere"):
        response = client.request("FOO", url)
        assert response.status_code == 501, url


def test_custom_registered_method(make_client: Any) -> None:
    client = make_client(app_with(("/cache/<path:key>", ["PURGE"]), ("/x", ["GET"])))
    response = client.request("PURGE", "/cache/a/b")
    assert response.status_code == 200
    assert response.json() == {"view": "r0", "key": "a/b"}
    assert client.get("/cache/a").headers["allow"] == "OPTIONS, PURGE"
    # The app knows PURGE: elsewhere it is a 405 (or a 404), not "not implemented".
    response = client.request("PURGE", "/x")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, OPTIONS"
    assert client.request("PURGE", "/nowhere").status_code == 404
    assert client.request("BAN", "/x").status_code == 501


def test_methods_are_case_insensitive_at_registration(make_client: Any) -> None:
    client = make_client(app_with(("/x", ["get", "Post"])))
    assert client.get("/x").status_code == 200
    assert client.post("/x").status_code == 200


# -- trailing slashes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "status", "location"),
    [
        ("GET", "/dir", 301, "/dir/"),
        ("HEAD", "/dir", 301, "/dir/"),
        ("GET", "/file/", 301, "/file"),
        ("GET", "/dir?a=1&b=%20x", 301, "/dir/?a=1&b=%20x"),
        ("POST", "/dir", 308, "/dir/"),
        ("PUT", "/dir?x=1", 308, "/dir/?x=1"),
        ("DELETE", "/file/", 308, "/file"),
        ("GET", "/u/ada", 301, "/u/ada/"),
        ("GET", "/u/a%20b", 301, "/u/a%20b/"),
        ("POST", "/n/3/", 308, "/n/3"),
    ],
)
def test_trailing_slash_redirect(
    make_client: Any, method: str, url: str, status: int, location: str
) -> None:
    app = app_with(
        ("/dir/", ["GET", "POST", "PUT"]),
        ("/file", ["GET", "DELETE"]),
        "/u/<name>/",
        ("/n/<int:n>", ["POST"]),
    )
    response = make_client(app).request(method, url)
    assert response.status_code == status
    assert response.headers["location"] == location
    assert response.content == b""


def test_trailing_slash_redirect_is_followed_to_the_route(make_client: Any) -> None:
    client = make_client(app_with("/dir/"), follow_redirects=True)
    response = client.get("/dir?q=1")
    assert response.status_code == 200
    assert response.json() == {"view": "r0"}
    assert str(response.url) == "http://testserver/dir/?q=1"


def test_no_redirect_when_neither_form_exists_or_the_converter_refuses(make_client: Any) -> None:
    client = make_client(app_with("/n/<int:n>/"))
    assert client.get("/n/x").status_code == 404
    assert client.get("/n/1").status_code == 301
    assert client.get("/nope/").status_code == 404


def test_redirect_slashes_false_disables_it(make_client: Any) -> None:
    app = App({"REDIRECT_SLASHES": False})
    app.add_route("/dir/", answer("dir"))
    client = make_client(app)
    assert client.get("/dir").status_code == 404
    assert client.post("/dir").status_code == 404
    assert client.get("/dir/").status_code == 200


@pytest.mark.parametrize(
    ("target", "location"),
    [
        ("/u/%C3%A9t%C3%A9", "/u/%C3%A9t%C3%A9/"),
        ("/u/a%0D%0ASet-Cookie:%20x=1", "/u/a%0D%0ASet-Cookie:%20x=1/"),  # no header injection
        ("/u/a%3Fb%23c", "/u/a%3Fb%23c/"),  # an escaped '?' stays in the path
        ("/u/x?q=%C3%A9&r=a%26b", "/u/x/?q=%C3%A9&r=a%26b"),
    ],
)
def test_redirect_location_is_escaped(fetch: Any, target: str, location: str) -> None:
    status, headers, _ = fetch(app_with("/u/<name>/"), "GET", target)
    assert (status, headers["location"]) == (301, location)


def test_redirect_keeps_a_raw_utf8_query(fetch: Any) -> None:
    status, headers, _ = fetch(app_with("/dir/"), "GET", "/dir?q=é")
    assert (status, headers["location"]) == (301, "/dir/?q=%C3%A9")


def test_mounted_under_a_prefix_routes_the_path_below_it(
    fetch: Any, protocol: str, request: pytest.FixtureRequest
) -> None:
    app = app_with("/dir/", "/x")
    status, _, body = fetch(app, "GET", "/x", root="/api")
    assert (status, body) == (200, b'{"view":"r1"}')


def test_mounted_under_a_prefix_redirects_keep_it(fetch: Any) -> None:
    status, headers, _ = fetch(app_with("/dir/"), "GET", "/dir", root="/api")
    assert (status, headers["location"]) == (301, "/api/dir/")


@pytest.mark.parametrize("target", ["//evil.example", "//evil.example/x", "///evil.example"])
def test_no_redirect_to_another_host(fetch: Any, target: str) -> None:
    """``//host/`` in a Location is another site; a catch-all route must not lead there."""
    app = app_with("/<path:page>/")
    status, headers, _ = fetch(app, "GET", target)
    assert status == 404
    assert "location" not in headers
    status, headers, _ = fetch(app, "GET", "/docs")
    assert (status, headers["location"]) == (301, "/docs/")


# -- duplicates and names --------------------------------------------------------------------


TWICE = "is registered twice"
TWO_NAMES = "different parameter names"


@pytest.mark.parametrize(
    ("routes", "message"),
    [
        ([("/a", ["GET"]), ("/a", ["GET"])], TWICE),
        ([("/a", ["GET", "POST"]), ("/a", ["POST"])], TWICE),
        ([("/a", ["GET"]), ("/a", ["get"])], TWICE),
        ([("/a/<int:id>", ["GET"]), ("/a/<int:id>", ["GET"])], TWICE),
        ([("/a/<int:id>", ["GET"]), ("/a/<int:pk>", ["GET"])], TWICE),
        ([("/a/<x>", ["GET"]), ("/a/<str:y>", ["GET"])], TWICE),  # str is the default
        ([("/a/<int:id>", ["GET"]), ("/a/<int:pk>", ["POST"])], TWO_NAMES),
        ([("/a/<x>/<int:n>", ["PUT"]), ("/a/<n>/<int:x>", ["GET"])], TWO_NAMES),
    ],
)
def test_duplicate_routes_are_reported_at_build(
    routes: list[tuple[str, list[str]]], message: str
) -> None:
    app = app_with(*routes)
    with pytest.raises(RouteError, match=message):
        app.build()


def test_same_path_with_different_methods_or_converters_is_fine(make_client: Any) -> None:
    app = app_with(
        ("/a/<int:id>", ["GET"]),
        ("/a/<int:id>", ["POST"]),
        ("/a/<slug:id>", ["GET"]),
    )
    client = make_client(app)
    assert client.get("/a/1").json() == {"view": "r0", "id": "1"}
    assert client.post("/a/1").json() == {"view": "r1", "id": "1"}
    assert client.get("/a/x").json() == {"view": "r2", "id": "x"}


def test_explicit_name_for_two_patterns_is_an_error() -> None:
    app = App()
    app.add_route("/a", answer("a"), name="page")
    app.add_route("/b", answer("b"), name="page")
    with pytest.raises(RouteError, match="'page' is used for both '/a' and '/b'"):
        app.build()


def test_one_name_for_one_pattern_with_several_methods_is_fine() -> None:
    app = App()
    app.add_route("/a/<int:id>", answer("a"), name="thing")
    app.add_route("/a/<int:id>", answer("b"), name="thing", methods=["POST"])
    assert app.url_for("thing", id=3) == "/a/3"


def test_colliding_auto_names_ask_for_explicit_names() -> None:
    app = App()
    for path in ("/a", "/b", "/c"):
        app.add_route(path, answer("index"))
    app.add_route("/d", answer("other"))
    with pytest.raises(URLBuildError, match="explicit names"):
        app.url_for("index")
    assert app.url_for("other") == "/d"


def test_colliding_auto_names_for_one_pattern_are_not_ambiguous() -> None:
    app = App()
    app.add_route("/a", answer("index"))
    app.add_route("/a", answer("index"), methods=["POST"])
    assert app.url_for("index") == "/a"


@pytest.mark.parametrize("explicit_first", [True, False])
def test_an_explicit_name_beats_a_derived_one(explicit_first: bool) -> None:
    app = App()
    if explicit_first:
        app.add_route("/given", answer("x"), name="index")
        app.add_route("/a", answer("index"))
        app.add_route("/b", answer("index"))
    else:
        app.add_route("/a", answer("index"))
        app.add_route("/b", answer("index"))
        app.add_route("/given", answer("x"), name="index")
    assert app.url_for("index") == "/given"


# -- url_for / reverse -----------------------------------------------------------------------


def reverse_app() -> App:
    app = App()
    app.add_route("/", answer("home"))
    app.add_route("/users/<name>/", answer("user"), name="user-detail")
    app.add_route("/posts/<int:year>/<slug:slug>", answer("post"), name="post-detail")
    app.add_route("/files/<path:file>", answer("file"), name="file")
    return app


@pytest.mark.parametrize(
    ("name", "params", "url"),
    [
        ("home", {}, "/"),
        ("user-detail", {"name": "ada"}, "/users/ada/"),
        ("user-detail", {"name": "Ada Lovelace"}, "/users/Ada%20Lovelace/"),
        ("user-detail", {"name": "Zoë 日本"}, "/users/Zo%C3%AB%20%E6%97%A5%E6%9C%AC/"),
        ("user-detail", {"name": "why?#not"}, "/users/why%3F%23not/"),
        ("post-detail", {"year": 2024, "slug": "hi"}, "/posts/2024/hi"),
        ("file", {"file": "a/b c/d.txt"}, "/files/a/b%20c/d.txt"),
        ("file", {"file": "a?b#c"}, "/files/a%3Fb%23c"),
        ("home", {"page": 2}, "/?page=2"),
        ("home", {"q": "a b&c=d/é"}, "/?q=a+b%26c%3Dd%2F%C3%A9"),
        ("home", {"tag": ["x", "y"]}, "/?tag=x&tag=y"),
        ("post-detail", {"year": 1, "slug": "s", "ref": "x"}, "/posts/1/s?ref=x"),
    ],
)
def test_url_for_builds_and_quotes(name: str, params: dict[str, Any], url: str) -> None:
    app = reverse_app()
    assert app.url_for(name, **params) == url
    assert app.reverse(name, **params) == url


def test_built_urls_route_back_to_the_same_values(make_client: Any) -> None:
    app = reverse_app()
    client = make_client(app)
    url = app.url_for("post-detail", year=7, slug="a-b")
    assert client.get(url).json() == {"view": "post", "year": "7", "slug": "a-b"}
    url = app.url_for("file", file="dir/sub dir/x.txt")
    assert client.get(url).json() == {"view": "file", "file": "dir/sub dir/x.txt"}
    url = app.url_for("user-detail", name="what?#x y")
    assert client.get(url).json() == {"view": "user", "name": "what?#x y"}


def test_literal_text_with_spaces_unicode_and_percent_round_trips(fetch: Any) -> None:
    app = App()
    app.add_route("/about us/café/<name>", answer("about"), name="about")
    app.add_route("/100%/<int:n>", answer("percent"), name="percent")
    url = app.url_for("about", name="a b")
    assert url == "/about%20us/caf%C3%A9/a%20b"
    assert fetch(app, "GET", url)[2] == b'{"view":"about","name":"a b"}'
    url = app.url_for("percent", n=3)
    assert url == "/100%25/3"
    assert fetch(app, "GET", url)[2] == b'{"view":"percent","n":"3"}'


def test_request_url_for_uses_the_app(make_client: Any) -> None:
    app = reverse_app()

    @app.get("/link")
    def link(request: Request) -> dict[str, str]:
        return {"url": request.url_for("user-detail", name="b b")}

    assert make_client(app).get("/link").json() == {"url": "/users/b%20b/"}


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("user-detail", {}, "missing parameter 'name'"),
        ("post-detail", {"year": 1}, "missing parameter 'slug'"),
        ("post-detail", {"year": "x", "slug": "s"}, "bad value for 'year'"),
        ("post-detail", {"year": -3, "slug": "s"}, "bad value for 'year'"),
        ("post-detail", {"year": 1, "slug": "not a slug"}, "does not match <slug:slug>"),
        ("user-detail", {"name": "a/b"}, "does not match <str:name>"),
        ("nope", {}, "no route is named 'nope'$"),
        ("post-detial", {}, r"did you mean 'post-detail'\?"),
        ("blog:post-detail", {}, r"did you mean 'post-detail'\?"),
    ],
)
def test_url_for_errors(name: str, params: dict[str, Any], message: str) -> None:
    with pytest.raises(URLBuildError, match=message):
        reverse_app().url_for(name, **params)


def test_url_for_builds_the_app_and_then_freezes_it() -> None:
    app = reverse_app()
    assert app.url_for("home") == "/"
    with pytest.raises(AppFrozenError):
        app.add_route("/late", answer("late"))


# -- freezing and scale ------------------------------------------------------------------------


def test_registering_after_the_first_request_is_refused(make_client: Any) -> None:
    app = app_with("/a")
    assert make_client(app).get("/a").status_code == 200
    with pytest.raises(AppFrozenError):
        app.add_route("/b", answer("b"))
    with pytest.raises(AppFrozenError):
        app.get("/c")(answer("c"))
    with pytest.raises(AppFrozenError):
        app.include([])


@pytest.mark.parametrize("parameter_first", [False, True])
def test_a_hundred_routes_half_with_parameters(make_client: Any, parameter_first: bool) -> None:
    routes: list[str] = []
    for index in range(100):
        if index % 2 == 0:
            routes.append(f"/static{index}/page")
        elif parameter_first:
            routes.append(f"/<slug:s>/r{index}/<int:n>")
        else:
            routes.append(f"/r{index}/<slug:s>/<int:n>")
    client = make_client(app_with(*routes))
    last = "/s/r99/7" if parameter_first else "/r99/s/7"
    assert client.get(last).json() == {"view": "r99", "s": "s", "n": "7"}
    assert which(client, "/static98/page") == "r98"
    assert which(client, "/static0/page") == "r0"
    assert which(client, "/r99/s/x") == 404


# -- the router on its own -----------------------------------------------------------------------


def fallbacks(redirect: bool = True) -> Fallbacks[str]:
    return Fallbacks(
        not_found="404",
        method_not_allowed=lambda allowed: "405 " + ",".join(allowed),
        options=lambda allowed: "options " + ",".join(allowed),
        not_implemented="501",
        redirect=(lambda path, status: f"{status} {path}") if redirect else None,
    )


def compiled(*routes: tuple[str, str], redirect: bool = True) -> CompiledRouter[str]:
    router: Router[str] = Router()
    for path, handler in routes:
        router.add(path, ["GET"], handler)
    return router.compile(fallbacks(redirect))


def test_router_match_returns_the_handler_and_converted_params() -> None:
    router = compiled(("/", "home"), ("/p/<int:id>", "post"), ("/<slug:s>/<path:rest>", "any"))
    assert router.match("GET", "/") == ("home", {})
    assert router.match("GET", "/p/12") == ("post", {"id": 12})
    assert router.match("GET", "/x/a/b") == ("any", {"s": "x", "rest": "a/b"})
    assert router.match("HEAD", "/p/12") == ("post", {"id": 12})
    assert router.match("GET", "/p/x") == ("any", {"s": "p", "rest": "x"})
    assert router.match("GET", "/?") == ("404", {})


def test_router_fallbacks_get_the_allowed_methods() -> None:
    router: Router[str] = Router()
    router.add("/t/<int:n>", ["post", "PUT", "POST"], "t")
    table = router.compile(fallbacks())
    assert router.routes[0].methods == ("POST", "PUT")
    assert router.routes[0].path == "/t/<int:n>"
    assert table.match("DELETE", "/t/1") == ("405 OPTIONS,POST,PUT", {"n": 1})
    assert table.match("OPTIONS", "/t/1") == ("options OPTIONS,POST,PUT", {"n": 1})
    assert table.match("FOO", "/t/1") == ("501", {"n": 1})
    assert table.match("FOO", "/nowhere") == ("501", {})
    assert table.match("POST", "/t/") == ("404", {})


def test_router_redirect_fallback_and_without_one() -> None:
    assert compiled(("/d/", "d")).match("GET", "/d") == ("301 /d/", {})
    assert compiled(("/d/", "d")).match("PATCH", "/d") == ("308 /d/", {})
    assert compiled(("/d/", "d"), redirect=False).match("GET", "/d") == ("404", {})
    router: Router[str] = Router()
    router.add("/d/", ["GET"], "d")
    assert router.compile(fallbacks(), redirect_slashes=False).match("GET", "/d") == ("404", {})


def test_router_refuses_bad_methods() -> None:
    router: Router[str] = Router()
    with pytest.raises(RouteError, match="no methods"):
        router.add("/x", [], "x")
    with pytest.raises(RouteError, match="not a valid method name"):
        router.add("/x", ["GET POST"], "x")
    with pytest.raises(RouteError, match="not a valid method name"):
        router.add("/x", [""], "x")


def test_invalid_method_in_an_app_route_is_reported_at_build() -> None:
    app = app_with(("/x", ["GE T"]))
    with pytest.raises(RouteError, match="not a valid method name"):
        app.build()


def test_router_url_for_and_names() -> None:
    router: Router[str] = Router()
    router.add("/p/<int:id>", ["GET"], "p", "post")
    router.add("/q", ["GET"], "q", "q", auto_named=True)
    table = router.compile(fallbacks())
    assert table.url_for("post", {"id": 3, "x": "y z"}) == "/p/3?x=y+z"
    assert table.url_for("q", {}) == "/q"
    with pytest.raises(URLBuildError):
        table.url_for("nothing", {})


def test_standard_methods() -> None:
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= STANDARD_METHODS
    assert "PURGE" not in STANDARD_METHODS
