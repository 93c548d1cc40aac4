"""URL configuration: ``path()``, ``include()``, namespaces, and class-based views."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from trestle import App, Depends, Request, View, include, path
from trestle.app import AppFrozenError
from trestle.routing import RouteError, URLBuildError
from trestle.routing.urlconf import URLInclude, URLPattern, flatten
from trestle.views import ViewError


def home() -> dict[str, str]:
    return {"view": "home"}


def post_list() -> dict[str, str]:
    return {"view": "post-list"}


def post_detail(id: int) -> dict[str, Any]:
    return {"view": "post-detail", "id": id}


def comment(id: int, n: int) -> dict[str, Any]:
    return {"view": "comment", "id": id, "n": n}


def test_path_and_include_with_a_list(make_client: Any) -> None:
    blog = [
        path("", post_list, name="post-list"),
        path("<int:id>/", post_detail, name="post-detail"),
    ]
    app = App(urlpatterns=[path("", home, name="home"), path("blog/", include(blog))])
    client = make_client(app)
    assert client.get("/").json() == {"view": "home"}
    assert client.get("/blog/").json() == {"view": "post-list"}
    assert client.get("/blog/3/").json() == {"view": "post-detail", "id": 3}
    assert client.get("/blog/3").status_code == 301
    assert app.url_for("home") == "/"
    assert app.url_for("post-detail", id=3) == "/blog/3/"


def test_leading_slashes_are_optional_in_path(make_client: Any) -> None:
    app = App(urlpatterns=[path("/a/", home, name="a"), path("b", post_list, name="b")])
    client = make_client(app)
    assert client.get("/a/").status_code == 200
    assert client.get("/b").status_code == 200
    assert (app.url_for("a"), app.url_for("b")) == ("/a/", "/b")


def test_nested_includes_join_prefixes_and_namespaces(make_client: Any) -> None:
    comments = [path("<int:n>/", comment, name="comment")]
    posts = [
        path("", post_list, name="post-list"),
        path("<int:id>/", post_detail, name="post-detail"),
        path("<int:id>/comments/", include(comments, namespace="comments")),
    ]
    app = App(
        urlpatterns=[
            path("", home, name="home"),
            path("blog/", include(posts, namespace="blog")),
            path("archive/", include(posts, namespace="archive")),
        ]
    )
    client = make_client(app)
    assert app.url_for("blog:post-list") == "/blog/"
    assert app.url_for("blog:post-detail", id=7) == "/blog/7/"
    assert app.url_for("archive:post-detail", id=7) == "/archive/7/"
    assert app.url_for("blog:comments:comment", id=7, n=2) == "/blog/7/comments/2/"
    assert client.get("/blog/7/comments/2/").json() == {"view": "comment", "id": 7, "n": 2}
    assert client.get("/archive/7/").json() == {"view": "post-detail", "id": 7}
    with pytest.raises(URLBuildError, match="did you mean 'blog:post-detail'"):
        app.url_for("post-detail")
    with pytest.raises(URLBuildError, match="did you mean 'blog:comments:comment'"):
        app.url_for("comments:comment")


def test_include_prefix_argument_and_app_include(make_client: Any) -> None:
    app = App()
    app.include([path("<int:id>", post_detail, name="detail")], prefix="/api/v1", namespace="api")
    app.include([include([path("ping", home, name="ping")], prefix="tools")])
    client = make_client(app)
    assert client.get("/api/v1/5").json() == {"view": "post-detail", "id": 5}
    assert client.get("/tools/ping").json() == {"view": "home"}
    assert app.url_for("api:detail", id=5) == "/api/v1/5"
    assert app.url_for("ping") == "/tools/ping"


def test_prefix_of_path_and_of_include_combine() -> None:
    inner = include([path("x/", home, name="x")], prefix="inner/")
    routes = [(route, name) for route, _, name in flatten([path("outer/", inner)])]
    assert routes == [("/outer/inner/x/", "x")]


def write_module(directory: Path, name: str, source: str) -> None:
    (directory / f"{name}.py").write_text(textwrap.dedent(source))


@pytest.fixture
def blog_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A ``urls`` module on sys.path, as ``trestle startapp`` lays one out."""
    monkeypatch.syspath_prepend(str(tmp_path))
    package = tmp_path / "blogapp_for_urlconf_tests"
    package.mkdir()
    (package / "__init__.py").write_text("")
    write_module(
        package,
        "urls",
        """
        from trestle import View, path

        app_name = "blog"


        def post_list():
            return {"view": "post-list"}


        def post_detail(id: int):
            return {"view": "post-detail", "id": id}


        class Archive(View):
            def get(self, year: int):
                return {"view": "archive", "year": year}


        urlpatterns = [
            path("", post_list, name="post-list"),
            path("<int:id>/", post_detail, name="post-detail"),
            path("archive/<int:year>/", Archive, name="archive"),
        ]
        """,
    )
    return "blogapp_for_urlconf_tests.urls"


def test_include_a_module_by_dotted_name(make_client: Any, blog_module: str) -> None:
    app = App(urlpatterns=[path("", home, name="home"), path("blog/", include(blog_module))])
    client = make_client(app)
    assert app.url_for("blog:post-detail", id=4) == "/blog/4/"
    assert app.url_for("blog:post-list") == "/blog/"
    assert app.url_for("blog:archive", year=2020) == "/blog/archive/2020/"
    assert client.get("/blog/4/").json() == {"view": "post-detail", "id": 4}
    assert client.get("/blog/archive/2020/").json() == {"view": "archive", "year": 2020}
    assert client.post("/blog/archive/2020/").status_code == 405


def test_include_a_module_object_and_override_its_namespace(
    make_client: Any, blog_module: str
) -> None:
    import importlib

    module = importlib.import_module(blog_module)
    app = App(
        urlpatterns=[
            path("news/", include(module, namespace="news")),
            path("site/", include([path("blog/", include(module))], namespace="site")),
        ]
    )
    client = make_client(app)
    assert app.url_for("news:post-detail", id=1) == "/news/1/"
    assert app.url_for("site:blog:post-detail", id=1) == "/site/blog/1/"
    assert client.get("/site/blog/1/").json() == {"view": "post-detail", "id": 1}
    with pytest.raises(URLBuildError):
        app.url_for("blog:post-detail", id=1)


def test_app_include_takes_a_dotted_module_name(make_client: Any, blog_module: str) -> None:
    app = App()
    app.include(blog_module, prefix="/b/")
    assert make_client(app).get("/b/").json() == {"view": "post-list"}
    assert app.url_for("blog:post-list") == "/b/"


def test_include_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    write_module(tmp_path, "no_patterns_for_urlconf_tests", "x = 1\n")
    write_module(tmp_path, "broken_for_urlconf_tests", "import does_not_exist_anywhere\n")
    with pytest.raises(RouteError, match="cannot import"):
        include("surely_no_such_module_for_urlconf_tests")
    with pytest.raises(RouteError, match="cannot import"):
        include("broken_for_urlconf_tests")
    with pytest.raises(RouteError, match="has no 'urlpatterns'"):
        include("no_patterns_for_urlconf_tests")
    with pytest.raises(RouteError, match="module or a list"):
        include(42)  # type: ignore[arg-type]
    with pytest.raises(RouteError, match="takes no name, methods or options"):
        path("x/", include([]), name="x")
    with pytest.raises(RouteError, match="takes no name, methods or options"):
        path("x/", include([]), tags=["x"])
    with pytest.raises(RouteError, match="path\\(\\) and include\\(\\) items"):
        App(urlpatterns=[path("a", home), "b"])  # type: ignore[list-item]


def test_path_returns_plain_data() -> None:
    pattern = path("a/", home, name="a", methods=["GET", "POST"])
    assert pattern == URLPattern("a/", home, "a", ("GET", "POST"))
    assert isinstance(path("a/", include([])), URLInclude)


def test_path_takes_the_route_options_of_app_route(make_client: Any) -> None:
    def created() -> dict[str, bool]:
        """Make one."""
        return {"created": True}

    def hidden() -> str:
        return "hidden"

    app = App(
        urlpatterns=[
            path(
                "things",
                created,
                methods=["POST"],
                status_code=201,
                tags=["things"],
                responses={409: "Already there"},
            ),
            path("hidden", hidden, include_in_schema=False),
        ]
    )
    assert make_client(app).post("/things").status_code == 201
    meta = {route.path: route.meta for route in app.routes()}
    assert meta["/things"].tags == ("things",)
    assert meta["/things"].responses == {409: "Already there"}
    assert meta["/hidden"].include_in_schema is False


def test_a_route_s_own_options_meet_those_of_its_include(make_client: Any) -> None:
    calls: list[str] = []

    def outer() -> None:
        calls.append("outer")

    def inner() -> None:
        calls.append("inner")

    patterns = [
        path("a", home, name="a", tags=["own"], dependencies=[Depends(inner)]),
        path("b", home, name="b"),
    ]
    app = App()
    app.include(patterns, prefix="/x", tags=["shared"], dependencies=[Depends(outer)])
    client = make_client(app)
    client.get("/x/a")
    assert calls == ["outer", "inner"]  # the include's dependencies first
    tags = {route.path: route.meta.tags for route in app.routes()}
    assert tags == {"/x/a": ("own",), "/x/b": ("shared",)}


def test_misspelt_route_options_in_path_are_refused_when_included() -> None:
    with pytest.raises(TypeError, match="unknown option\\(s\\) tag;"):
        App(urlpatterns=[path("a", home, tag=["x"])]).build()


def test_patterns_with_options_compare_and_hash_by_value() -> None:
    first = path("a", home, name="a", tags=["x"], responses={404: "gone"})
    second = path("a", home, name="a", tags=["x"], responses={404: "gone"})
    assert first == second
    assert hash(first) == hash(second)
    assert first != path("a", home, name="a", tags=["y"])


def test_function_views_in_path_answer_get_only_unless_told(make_client: Any) -> None:
    app = App(
        urlpatterns=[
            path("read/", home),
            path("write/", post_list, methods=["POST", "PUT"]),
        ]
    )
    client = make_client(app)
    assert client.get("/read/").status_code == 200
    assert client.head("/read/").status_code == 200
    response = client.post("/read/")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, OPTIONS"
    assert client.post("/write/").status_code == 200
    assert client.put("/write/").status_code == 200
    assert client.get("/write/").status_code == 405


def test_unnamed_views_in_urlpatterns_are_named_after_the_function() -> None:
    app = App(urlpatterns=[path("x/", home), path("blog/", include([path("", post_list)]))])
    assert app.url_for("home") == "/x/"
    assert app.url_for("post_list") == "/blog/"


def test_duplicate_routes_from_includes_are_reported_at_build() -> None:
    def by_pk(pk: int) -> int:
        return pk

    app = App(urlpatterns=[path("a/<int:id>/", post_detail), path("a/<int:pk>/", by_pk)])
    with pytest.raises(RouteError, match="registered twice"):
        app.build()


def test_app_with_urlpatterns_is_frozen_after_the_first_request(make_client: Any) -> None:
    app = App(urlpatterns=[path("", home)])
    make_client(app).get("/")
    with pytest.raises(AppFrozenError):
        app.include([path("late/", home)])


# -- class-based views ---------------------------------------------------------------------------


class Article(View):
    """Each request gets a fresh instance: state set on self never leaks."""

    def __init__(self) -> None:
        self.touched = False

    def get(self, id: int) -> dict[str, Any]:
        seen = self.touched
        self.touched = True
        return {"method": "get", "id": id, "seen": seen}

    def post(self, request: Request, id: int) -> dict[str, Any]:
        return {"method": "post", "id": id, "form": dict(request.form)}

    async def delete(self, id: int) -> None:
        return None


def test_view_class_through_path(make_client: Any) -> None:
    app = App(urlpatterns=[path("articles/<int:id>/", Article, name="article")])
    client = make_client(app)
    assert client.get("/articles/1/").json() == {"method": "get", "id": 1, "seen": False}
    assert client.get("/articles/1/").json() == {"method": "get", "id": 1, "seen": False}
    assert client.post("/articles/2/", data={"a": "b"}).json() == {
        "method": "post",
        "id": 2,
        "form": {"a": "b"},
    }
    assert client.delete("/articles/3/").status_code == 204
    assert client.head("/articles/3/").status_code == 200
    response = client.put("/articles/3/")
    assert response.status_code == 405
    assert response.headers["allow"] == "DELETE, GET, HEAD, OPTIONS, POST"
    assert client.options("/articles/3/").headers["allow"] == "DELETE, GET, HEAD, OPTIONS, POST"
    assert app.url_for("article", id=9) == "/articles/9/"


def test_view_class_through_app_route(make_client: Any) -> None:
    app = App()
    app.route("/articles/<int:id>")(Article)
    client = make_client(app)
    assert client.get("/articles/5").json()["id"] == 5
    assert client.delete("/articles/5").status_code == 204
    assert app.url_for("Article", id=5) == "/articles/5"


def test_view_class_methods_restriction(make_client: Any) -> None:
    app = App(urlpatterns=[path("ro/<int:id>", Article, methods=["get"])])
    app.add_route("/rw/<int:id>", Article, methods=["GET", "POST"])
    client = make_client(app)
    assert client.get("/ro/1").status_code == 200
    response = client.post("/ro/1")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, OPTIONS"
    assert client.post("/rw/1").status_code == 200
    assert client.delete("/rw/1").status_code == 405


def test_view_class_without_a_wanted_method_is_refused_at_build() -> None:
    app = App(urlpatterns=[path("x/<int:id>", Article, methods=["PUT"])])
    with pytest.raises(ViewError, match="no method"):
        app.build()


def test_view_class_with_explicit_head_and_options(make_client: Any) -> None:
    class Probe(View):
        def get(self) -> str:
            return "body"

        def head(self) -> Any:
            from trestle import Response

            return Response(b"", headers={"X-Probe": "head"})

        def options(self) -> Any:
            from trestle import Response

            return Response(b"", 200, {"Allow": "GET, HEAD"})

    client = make_client(App(urlpatterns=[path("p", Probe)]))
    assert client.head("/p").headers["x-probe"] == "head"
    options = client.options("/p")
    assert (options.status_code, options.headers["allow"]) == (200, "GET, HEAD")


def test_view_class_and_function_share_a_path(make_client: Any) -> None:
    class ReadOnly(View):
        def get(self, id: int) -> dict[str, Any]:
            return {"from": "class", "id": id}

    def update(id: int) -> dict[str, Any]:
        return {"from": "function", "id": id}

    app = App(
        urlpatterns=[
            path("t/<int:id>", ReadOnly, name="t"),
            path("t/<int:id>", update, name="t", methods=["PUT"]),
        ]
    )
    client = make_client(app)
    assert client.get("/t/1").json() == {"from": "class", "id": 1}
    assert client.put("/t/1").json() == {"from": "function", "id": 1}
