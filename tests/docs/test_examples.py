"""The documentation's examples: each one runs here, under WSGI and ASGI, and never drifts.

Every ``python`` block in ``docs/*.md`` follows a marker naming the file it copies::

    <!-- example: docs/examples/routing_decorators.py -->

and must equal that file. After editing an example, copy it into the pages with::

    .venv/bin/python tests/docs/test_examples.py --fix

A file ``X_tests.py`` holds the behaviour a page shows for the app in ``X.py``: each of its
``test_*`` functions is called here with a test client for a fresh copy of that app.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import logging
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from trestle import App, abort
from trestle.testing import TestClient

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
EXAMPLES = DOCS / "examples"

MakeClient = Callable[..., TestClient]

# -- loading examples ------------------------------------------------------------------------


def load(name: str) -> ModuleType:
    """Execute ``docs/examples/<name>.py`` into a fresh module (no state shared between tests)."""
    path = EXAMPLES / f"{name}.py"
    module_name = f"docs_example_{name}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _no_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The examples document the defaults: the test runner's environment must not change them."""
    for key in list(os.environ):
        if key.startswith("TRESTLE_") or key in ("SECRET_KEY", "DATABASE_URL"):
            monkeypatch.delenv(key)


def _clean_environ() -> dict[str, str]:
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("TRESTLE_") and key not in ("SECRET_KEY", "DATABASE_URL")
    }


# -- the markdown copies the files exactly ---------------------------------------------------

_MARKER = re.compile(
    r"<!-- example: (?P<path>docs/examples/[\w.]+) -->\n\n?```python\n(?P<code>.*?)```",
    re.S,
)
_PYTHON_BLOCK = re.compile(r"^```python\n", re.M)


def _pages() -> list[Path]:
    return sorted(DOCS.glob("*.md"))


def _blocks(page: Path) -> list[tuple[str, str]]:
    return [(m.group("path"), m.group("code")) for m in _MARKER.finditer(page.read_text())]


@pytest.mark.parametrize("page", _pages(), ids=lambda page: page.name)
def test_every_python_block_copies_an_example(page: Path) -> None:
    text = page.read_text()
    blocks = _blocks(page)
    assert len(_PYTHON_BLOCK.findall(text)) == len(blocks), (
        f"{page.name}: every ```python block needs a <!-- example: docs/examples/... --> marker "
        "right above it"
    )
    for path, code in blocks:
        source = ROOT / path
        assert source.is_file(), f"{page.name}: {path} does not exist"
        assert code == source.read_text(), (
            f"{page.name}: the block for {path} differs from the file; run "
            "`.venv/bin/python tests/docs/test_examples.py --fix`"
        )


def test_every_example_is_shown_somewhere() -> None:
    shown = {path for page in _pages() for path, _ in _blocks(page)}
    files = {f"docs/examples/{file.name}" for file in EXAMPLES.glob("*.py")}
    assert files - shown == set(), "examples that no page shows"


def _anchors(page: Path) -> set[str]:
    """GitHub's anchors for the page's headings."""
    headings = re.findall(r"^#+ (.+)$", page.read_text(), re.M)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


def test_the_pages_link_to_pages_and_headings_that_exist() -> None:
    for page in _pages():
        for target, anchor in re.findall(r"\]\(([\w-]+\.md)?(?:#([\w-]+))?\)", page.read_text()):
            linked = DOCS / target if target else page
            assert linked.is_file(), f"{page.name} links to a missing {target}"
            if anchor:
                assert anchor in _anchors(linked), f"{page.name} links to a missing #{anchor}"


def fix_pages() -> None:
    """Copy each example file into the blocks that show it."""
    for page in _pages():
        text = page.read_text()

        def copy(match: re.Match[str]) -> str:
            code = (ROOT / match.group("path")).read_text()
            start, end = match.span("code")
            whole = match.string
            return whole[match.start() : start] + code + whole[end : match.end()]

        fixed = _MARKER.sub(copy, text)
        if fixed != text:
            page.write_text(fixed)
            print(f"updated {page.relative_to(ROOT)}")


# -- the behaviour each page shows, as X_tests.py files --------------------------------------


def _client_tests() -> list[tuple[str, str]]:
    found = []
    for file in sorted(EXAMPLES.glob("*_tests.py")):
        tree = ast.parse(file.read_text())
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                found.append((file.stem.removesuffix("_tests"), node.name))
    return found


@pytest.mark.parametrize(("example", "test_name"), _client_tests())
def test_documented_behaviour(make_client: MakeClient, example: str, test_name: str) -> None:
    app = load(example).app
    tests = load(f"{example}_tests")
    getattr(tests, test_name)(make_client(app))


# -- example suites that readers run with pytest ---------------------------------------------


def _run_suite(tmp_path: Path, files: dict[str, str], expected_passed: int) -> None:
    """Copy examples under the names a reader gives them and run pytest on them."""
    for target, example in files.items():
        (tmp_path / target).write_text((EXAMPLES / example).read_text())
    (tmp_path / "pytest.ini").write_text("[pytest]\nfilterwarnings = error\n")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=_clean_environ(),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{expected_passed} passed" in result.stdout, result.stdout


def test_quickstart_suite(tmp_path: Path) -> None:
    files = {"hello.py": "quickstart_hello.py", "test_hello.py": "quickstart_test_hello.py"}
    _run_suite(tmp_path, files, 3)


def test_testing_suite(tmp_path: Path) -> None:
    files = {
        "myapp.py": "testing_myapp.py",
        "test_myapp.py": "testing_test_myapp.py",
        "conftest.py": "testing_conftest.py",
        "test_both.py": "testing_test_both.py",
    }
    _run_suite(tmp_path, files, 6 + 2 * 2)


# -- quickstart ------------------------------------------------------------------------------


def test_quickstart(make_client: MakeClient) -> None:
    client = make_client(load("quickstart_hello").app)
    page = client.get("/")
    assert page.text == "<h1>Hello from Trestle</h1>"
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert client.get("/hello/Ada").json() == {"greeting": "Hello, Ada."}
    assert client.get("/hello/Ada?excited").json() == {"greeting": "Hello, Ada!"}


# -- routing ---------------------------------------------------------------------------------


def test_routing_names_and_reverse() -> None:
    app = load("routing_decorators").app
    assert app.url_for("article_detail", id=2) == "/articles/2"
    assert app.reverse("article_detail", id=2) == "/articles/2"
    assert app.url_for("article_list", page=2) == "/articles/?page=2"
    assert app.url_for("tag", tag="python") == "/tags/python"
    assert app.url_for("docs_page", page="guide/a b.md") == "/docs/guide/a%20b.md"


def test_routing_decorated_function_answers_get_only(make_client: MakeClient) -> None:
    client = make_client(load("routing_decorators").app)
    response = client.post("/articles/2")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, OPTIONS"


def test_routing_custom_converter(make_client: MakeClient) -> None:
    app = load("routing_converters").app
    client = make_client(app)
    assert client.get("/diary/2024-02-29").json() == {"day": "2024-02-29", "weekday": "Thursday"}
    assert client.get("/diary/2024-02-30").status_code == 404  # to_python raised ValueError
    assert client.get("/diary/24-2-1").status_code == 404  # the regex does not match
    assert app.url_for("diary", day=date(2024, 3, 1)) == "/diary/2024-03-01"


def test_routing_urlconf(make_client: MakeClient) -> None:
    app = load("routing_urlconf").app
    client = make_client(app)
    assert client.get("/").json() == {
        "blog": "/blog/",
        "first_post": "/blog/hello-world/",
        "second_page": "/blog/?page=2",
    }
    assert client.get("/blog/").json() == ["hello-world", "second-post"]
    assert client.get("/blog/second-post/").json() == {
        "slug": "second-post",
        "url": "/blog/second-post/",
    }
    comment = client.post("/blog/second-post/comments/", data={"text": "Nice"})
    assert comment.status_code == 201
    assert comment.json() == {"slug": "second-post", "comment": "Nice"}
    assert client.get("/blog/second-post/comments/").status_code == 405  # path() is GET only
    assert app.reverse("blog:comment", slug="x") == "/blog/x/comments/"


def test_routing_url_for_errors() -> None:
    from trestle.routing import URLBuildError

    app = load("routing_urlconf").app
    with pytest.raises(URLBuildError, match="did you mean 'blog:detail'"):
        app.url_for("detail", slug="x")
    with pytest.raises(URLBuildError, match="missing parameter 'slug'"):
        app.url_for("blog:detail")


def test_routing_registration_errors() -> None:
    from trestle.app import AppFrozenError
    from trestle.routing import RouteError
    from trestle.views import ViewError

    app = App()

    @app.get("/x")
    def first() -> str:
        return ""

    @app.get("/x")
    def second() -> str:
        return ""

    with pytest.raises(RouteError, match="GET /x is registered twice"):
        app.build()

    app = App()

    @app.get("/y/<int:id>")
    def takes_the_wrong_name(ident: int) -> str:
        return ""

    with pytest.raises(ViewError, match="needs 'ident'"):
        app.build()

    app = App()
    app.build()
    with pytest.raises(AppFrozenError):
        app.add_route("/late", first)


def test_routing_details_stated_in_prose(make_client: MakeClient) -> None:
    from trestle import View, include, path
    from trestle.routing import RouteError

    app = App()
    with pytest.raises(RouteError, match="unknown converter 'date'"):
        app.add_route("/diary/<date:day>", lambda day: day)

    def webdav() -> str:
        return "multistatus"

    class Ping(View):
        def get(self) -> str:
            return "pong"

    shop = [path("items/<int:id>", lambda id: id, name="item")]
    app.add_route("/dav", webdav, methods=["PROPFIND"])
    app.route("/ping")(Ping)
    app.include(
        [path("admin/", include(shop, prefix="shop/", namespace="shop"))], namespace="admin"
    )
    app.include([path("health", Ping)])
    assert app.url_for("admin:shop:item", id=3) == "/admin/shop/items/3"
    client = make_client(app)
    assert client.request("PROPFIND", "/dav").text == "multistatus"
    assert client.get("/ping").text == "pong"
    assert client.get("/health").text == "pong"
    assert client.post("/health").status_code == 405

    clash = App()
    clash.add_route("/a", webdav, name="same")
    clash.add_route("/b", webdav, name="same")
    with pytest.raises(RouteError, match="route name 'same' is used for both"):
        clash.build()


def test_routing_class_based_view(make_client: MakeClient) -> None:
    app = load("routing_views").app
    client = make_client(app)
    assert client.get("/tasks/1").json() == {"id": 1, "title": "Write the docs"}
    assert client.head("/tasks/1").status_code == 200
    replaced = client.put("/tasks/1", json={"title": "Ship it"})
    assert replaced.json() == {"id": 1, "title": "Ship it"}
    options = client.options("/tasks/1")
    assert options.headers["allow"] == "DELETE, GET, HEAD, OPTIONS, PUT"
    assert client.post("/tasks/1").status_code == 405
    assert client.delete("/tasks/1").status_code == 204
    assert client.get("/tasks/1").status_code == 404
    assert app.url_for("task", id=1) == "/tasks/1"


def test_routing_slash_redirects_can_be_turned_off(make_client: MakeClient) -> None:
    app = App({"REDIRECT_SLASHES": False})

    @app.get("/notes/")
    def notes() -> list[str]:
        return []

    assert make_client(app).get("/notes").status_code == 404


# -- requests --------------------------------------------------------------------------------


def test_request_attributes(make_client: MakeClient) -> None:
    client = make_client(load("requests_inspect").app)
    client.cookies.set("theme", "dark")
    seen = client.get("/inspect/a/b%20c?page=1&page=2&tag=x&tag=y").json()
    assert seen == {
        "method": "GET",
        "path": "/inspect/a/b c",
        "path_params": {"rest": "a/b c"},
        "query_string": "page=1&page=2&tag=x&tag=y",
        "page": "2",
        "tags": ["x", "y"],
        "user_agent": seen["user_agent"],
        "theme": "dark",
        "url": "http://testserver/inspect/a/b%20c?page=1&page=2&tag=x&tag=y",
        "scheme": "http",
        "host": "testserver",
        "client_host": "127.0.0.1",
    }
    assert seen["user_agent"].startswith("python-httpx/")


def test_request_forward_headers_need_a_trusted_proxy(make_client: MakeClient) -> None:
    module = load("requests_inspect")
    forwarded = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    ignored = make_client(module.app).get("/inspect/x", headers=forwarded).json()
    assert (ignored["client_host"], ignored["scheme"]) == ("127.0.0.1", "http")

    trusting = App({"TRUSTED_PROXIES": ["127.0.0.1"]})
    trusting.add_route("/inspect/<path:rest>", module.inspect_request)
    believed = make_client(trusting).get("/inspect/x", headers=forwarded).json()
    assert (believed["client_host"], believed["scheme"]) == ("203.0.113.9", "https")


def test_request_forms_and_uploads(
    make_client: MakeClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = load("requests_forms")
    monkeypatch.setattr(module, "UPLOAD_DIR", tmp_path)
    client = make_client(module.app)

    plain = client.post("/profile", data={"name": " Ada ", "interest": ["maths", "looms"]})
    assert plain.json() == {"name": "Ada", "interests": ["maths", "looms"]}

    uploaded = client.post(
        "/profile",
        data={"name": "Ada"},
        files={"avatar": ("ada.png", b"\x89PNG fake", "image/png")},
    ).json()
    stored = uploaded["avatar"].pop("stored_as")
    assert uploaded["avatar"] == {"filename": "ada.png", "content_type": "image/png", "size": 9}
    assert (tmp_path / stored).read_bytes() == b"\x89PNG fake"

    assert client.post("/profile", data={"name": ""}).status_code == 422
    two_files = {"avatar": ("a.png", b"1", "image/png"), "other": ("b.png", b"2", "image/png")}
    too_many = client.post("/profile", data={"name": "Ada"}, files=two_files)
    assert too_many.status_code == 413
    too_big = client.post(
        "/profile", data={"name": "Ada"}, files={"avatar": ("big", b"x" * (5 * 1024 * 1024))}
    )
    assert too_big.status_code == 413


def test_request_limits_from_settings(make_client: MakeClient) -> None:
    app = App({"REQUEST_MAX_FORM_FIELDS": 2, "REQUEST_MAX_QUERY_FIELDS": 2})

    @app.route("/", methods=["GET", "POST"])
    def echo(request: Any) -> dict[str, object]:
        return {"form": request.form.to_dict(), "query": request.query.to_dict()}

    client = make_client(app)
    assert client.post("/", data={"a": "1", "b": "2", "c": "3"}).status_code == 413
    assert client.get("/?a=1&b=2&c=3").status_code == 413
    assert client.get("/?a=1&a=2").json() == {"form": {}, "query": {"a": ["1", "2"]}}


def test_request_body_limit_depends_on_reading_under_wsgi(protocol: str) -> None:
    app = App({"REQUEST_MAX_BODY_SIZE": 10})

    @app.post("/ignores-the-body")
    def ignores() -> str:
        return "ok"

    @app.post("/reads-the-body")
    def reads(request: Any) -> dict[str, int]:
        return {"size": len(request.body)}

    client = app.test_client(asgi=protocol == "asgi")
    assert client.post("/reads-the-body", content=b"x" * 11).status_code == 413
    ignored = client.post("/ignores-the-body", content=b"x" * 11).status_code
    # Under ASGI every body is received before the view; under WSGI only when it is read.
    assert ignored == (413 if protocol == "asgi" else 200)


def test_request_json(make_client: MakeClient) -> None:
    client = make_client(load("requests_json").app)
    created = client.post("/api/notes", json={"text": "Buy milk"})
    assert created.status_code == 201
    assert created.headers["location"] == "/api/notes/1"
    assert created.json() == {"id": 1, "text": "Buy milk"}
    assert client.get("/api/notes/1").json() == {"id": 1, "text": "Buy milk"}

    not_json = client.post("/api/notes", content=b"text=x", headers={"Content-Type": "text/plain"})
    assert not_json.status_code == 415
    broken = client.post("/api/notes", content=b"{", headers={"Content-Type": "application/json"})
    assert broken.status_code == 400
    assert broken.json()["detail"].startswith("malformed JSON")
    assert client.post("/api/notes", json=["a list"]).status_code == 422


def test_request_stream(make_client: MakeClient) -> None:
    client = make_client(load("requests_stream").app)
    body = os.urandom(200_000)
    answer = client.put("/blobs/random.bin", content=body).json()
    assert answer == {
        "name": "random.bin",
        "size": 200_000,
        "sha256": hashlib.sha256(body).hexdigest(),
    }


def test_request_body_is_read_once_and_cached(make_client: MakeClient) -> None:
    app = App()

    @app.post("/")
    def twice(request: Any) -> dict[str, object]:
        return {"same": request.body is request.body, "json": request.json}

    assert make_client(app).post("/", json={"a": 1}).json() == {"same": True, "json": {"a": 1}}


def test_cookies(make_client: MakeClient) -> None:
    app = load("requests_cookies").app
    client = make_client(app)
    chosen = client.post("/theme/dark")
    assert chosen.status_code == 303
    cookie = chosen.headers["set-cookie"]
    assert cookie.startswith("theme=dark; Max-Age=31536000; Expires=")
    assert cookie.endswith("; Path=/; SameSite=Lax; HttpOnly")
    assert client.get("/").json() == {"theme": "dark"}
    forgotten = client.delete("/theme")
    assert forgotten.headers["set-cookie"] == (
        "theme=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; SameSite=Lax; HttpOnly"
    )
    assert client.get("/").json() == {"theme": "light"}

    secure = make_client(app, base_url="https://testserver").post("/theme/dark")
    assert secure.headers["set-cookie"].endswith("; Path=/; SameSite=Lax; Secure; HttpOnly")


def test_cookie_values_are_checked_when_set() -> None:
    from trestle import Response

    response = Response()
    with pytest.raises(ValueError, match="invalid characters"):
        response.set_cookie("name", "two words")
    with pytest.raises(ValueError, match="must also be Secure"):
        response.set_cookie("name", "x", samesite="None", secure=False)


# -- responses -------------------------------------------------------------------------------


def test_what_views_return(make_client: MakeClient) -> None:
    client = make_client(load("responses_returns").app)
    expected = {
        "/html": (200, "text/html; charset=utf-8", b"<p>A str is HTML.</p>"),
        "/json": (200, "application/json", b'{"a dict or a list":"is JSON"}'),
        "/model": (200, "application/json", b'{"name":"Ada","admin":false}'),
        "/bytes": (200, "application/octet-stream", b"\x89PNG..."),
        "/nothing": (204, None, b""),
        "/created": (201, "application/json", b'{"id":7}'),
        "/text": (200, "text/plain; charset=utf-8", b"Any Response is sent as it is."),
    }
    for url, (status, content_type, body) in expected.items():
        response = client.get(url)
        assert (response.status_code, response.headers.get("content-type")) == (
            status,
            content_type,
        ), url
        assert response.content == body, url
    assert client.get("/created").headers["location"] == "/things/7"


def test_an_unknown_return_type_is_a_500(make_client: MakeClient) -> None:
    app = App()

    @app.get("/")
    def number() -> int:
        return 42

    assert make_client(app).get("/").status_code == 500


def test_response_classes(make_client: MakeClient) -> None:
    client = make_client(load("responses_classes").app)
    robots = client.get("/robots.txt")
    assert robots.headers["content-type"] == "text/plain; charset=utf-8"
    assert robots.text == "User-agent: *\nDisallow: /admin/\n"
    maintenance = client.get("/maintenance")
    assert (maintenance.status_code, maintenance.headers["retry-after"]) == (503, "120")
    status = client.get("/status")
    assert status.json() == {"checked_at": "2024-05-01T12:00:00+00:00"}
    assert status.headers["cache-control"] == "no-store"
    assert client.get("/logo.svg").headers["content-type"] == "image/svg+xml"
    moved = client.get("/old-status")
    assert (moved.status_code, moved.headers["location"]) == (308, "/status")


def test_response_header_injection_is_refused() -> None:
    from trestle import Response
    from trestle.http.headers import HeaderError

    with pytest.raises(HeaderError):
        Response().headers["X-Evil"] = "a\r\nSet-Cookie: x=1"


def test_content_length_is_computed(make_client: MakeClient) -> None:
    from trestle import Response

    app = App()

    @app.get("/")
    def index() -> Response:
        response = Response("hello")
        response.headers["Content-Length"] = "3"
        return response

    response = make_client(app).get("/")
    assert response.headers.get_list("content-length") == ["5"]


def test_streaming(make_client: MakeClient) -> None:
    client = make_client(load("responses_streaming").app)
    export = client.get("/export.csv")
    assert export.text == "id,name\n1,Ada\n2,Grace\n3,Edsger\n"
    assert export.headers["content-type"] == "text/csv; charset=utf-8"
    assert export.headers["content-disposition"] == 'attachment; filename="export.csv"'
    assert client.get("/countdown").text == "3\n2\n1\nliftoff\n"
    assert client.head("/export.csv").content == b""


# -- middleware ------------------------------------------------------------------------------


def test_middleware_order(make_client: MakeClient) -> None:
    module = load("middleware_order")
    client = make_client(module.app)
    assert client.get("/", headers={"Authorization": "Bearer s3cret"}).text == "Hello"
    assert module.calls == [
        "outer.before_request",
        "inner.before_request",
        "view",
        "inner.after_request",
        "outer.after_request",
        "inner.teardown",
        "outer.teardown",
    ]
    module.calls.clear()
    refused = client.get("/")
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == "Bearer"
    assert module.calls == ["outer.before_request", "outer.after_request", "outer.teardown"]


def test_middleware_context_survives_streaming(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="myapp")
    client = make_client(load("middleware_context").app)
    response = client.get("/report")
    request_id = response.headers["x-request-id"]
    assert re.fullmatch("[0-9a-f]{32}", request_id)
    assert response.text == "".join(f"line {n} of request {request_id}\n" for n in range(3))
    (record,) = [r for r in caplog.records if r.name == "myapp"]
    assert record.getMessage().startswith("GET /report done in ")
    assert record.getMessage().endswith(f" ms [{request_id}]")


def test_middleware_context_survives_with_async_hooks_too(make_client: MakeClient) -> None:
    import contextvars

    from trestle import StreamingResponse

    user: contextvars.ContextVar[str] = contextvars.ContextVar("user", default="-")
    seen: list[str] = []
    app = App()

    @app.before_request
    async def login(request: Any) -> None:
        user.set("ada")

    @app.teardown
    def check(request: Any, error: Any) -> None:
        seen.append(user.get())

    @app.get("/")
    async def stream() -> StreamingResponse:
        return StreamingResponse(iter([user.get(), user.get()]))

    assert make_client(app).get("/").text == "adaada"
    assert seen == ["ada"]


def test_middleware_decorators(make_client: MakeClient) -> None:
    module = load("middleware_decorators")
    client = make_client(module.app)
    me = client.get("/api/me", headers={"X-API-Key": "k-123"})
    assert me.json() == {"user": "ada"}
    assert me.headers["cache-control"] == "no-store"
    assert "cache-control" not in client.get("/").headers

    refused = client.get("/api/me", headers={"X-API-Key": "wrong"})
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"
    # authenticate refused, but every after_request and teardown function still ran.
    assert refused.headers["cache-control"] == "no-store"
    assert module.finished == ["/api/me", "/", "/api/me"]


def test_middleware_after_request_can_replace_the_response(make_client: MakeClient) -> None:
    from trestle import PlainTextResponse

    app = App()

    @app.after_request
    def maintenance(request: Any, response: Any) -> PlainTextResponse:
        return PlainTextResponse("Back soon", 503)

    @app.get("/")
    def index() -> str:
        return "normal"

    response = make_client(app).get("/")
    assert (response.status_code, response.text) == (503, "Back soon")


def test_middleware_errors_in_after_request_become_responses(make_client: MakeClient) -> None:
    seen: list[int] = []

    class Outer:
        def after_request(self, request: Any, response: Any) -> None:
            seen.append(response.status_code)

    app = App(middleware=[Outer()])

    @app.after_request
    def broken(request: Any, response: Any) -> None:
        abort(409, "refused late")

    @app.get("/")
    def index() -> str:
        return "fine"

    response = make_client(app).get("/")
    assert (response.status_code, response.json()["detail"]) == (409, "refused late")
    assert seen == [409]


def test_middleware_must_have_a_hook() -> None:
    from trestle.middleware import MiddlewareError

    with pytest.raises(MiddlewareError, match="none of before_request"):
        App(middleware=[object()]).build()
    with pytest.raises(MiddlewareError, match="none of before_request"):
        App().add_middleware(object())


# -- errors ----------------------------------------------------------------------------------


def test_error_handlers(make_client: MakeClient, caplog: pytest.LogCaptureFixture) -> None:
    client = make_client(load("errors_handlers").app)

    stock = client.post("/cart/tea-42")
    assert stock.status_code == 409
    assert stock.headers["content-type"] == "application/problem+json"
    assert stock.json()["sku"] == "tea-42"

    missing = client.get("/nowhere")
    assert missing.status_code == 404
    assert missing.text == "<h1>Nothing at /nowhere</h1><p>Not Found</p>"

    wrong_method = client.get("/cart/tea-42")  # 405 has no handler: the default answer
    assert wrong_method.headers["content-type"] == "application/problem+json"

    caplog.set_level(logging.WARNING)
    crash = client.get("/crash")
    assert crash.status_code == 500
    body = crash.json()
    assert body["detail"] == "Sorry, something broke."
    assert "hunter2" not in crash.text
    assert [r.name for r in caplog.records] == ["trestle.error", "shop"]
    assert body["request_id"] in caplog.records[0].getMessage()
    assert caplog.records[0].exc_info is not None  # the traceback is in the log


def test_error_handler_by_class_comes_before_by_status(make_client: MakeClient) -> None:
    from trestle.http.exceptions import NotFound

    class NoSuchUser(NotFound):
        pass

    app = App()

    @app.get("/users/<int:id>")
    def user(id: int) -> None:
        raise NoSuchUser(f"no user {id}")

    @app.errorhandler(NoSuchUser)
    def no_user(request: Any, error: NoSuchUser) -> tuple[dict[str, str], int]:
        return {"user": "missing"}, 404

    @app.errorhandler(404)
    def other(request: Any, error: Any) -> tuple[dict[str, str], int]:
        return {"page": "missing"}, 404

    client = make_client(app)
    assert client.get("/users/1").json() == {"user": "missing"}
    assert client.get("/pages/1").json() == {"page": "missing"}


def test_a_failing_error_handler_gives_the_default_500(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    app = App()

    @app.get("/")
    def index() -> None:
        raise KeyError("first")

    @app.errorhandler(KeyError)
    def broken(request: Any, error: KeyError) -> None:
        raise ValueError("second")

    caplog.set_level(logging.ERROR, logger="trestle.error")
    response = make_client(app).get("/")
    assert response.status_code == 500
    assert response.json()["detail"] == "The server could not handle this request."
    assert any("KeyError('first')" in r.getMessage() for r in caplog.records)


def test_errors_in_production_leak_nothing(
    make_client: MakeClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("TRESTLE_DEBUG", "0")  # what production sets, over the file's DEBUG
    client = make_client(load("errors_debug").app)
    caplog.set_level(logging.ERROR, logger="trestle.error")

    crash = client.get("/ratio/1/0")
    assert crash.status_code == 500
    assert crash.headers["content-type"] == "application/problem+json"
    body = crash.json()
    assert set(body) == {"type", "title", "status", "detail", "request_id"}
    assert body["detail"] == "The server could not handle this request."
    assert "ZeroDivisionError" not in crash.text
    (record,) = caplog.records
    assert body["request_id"] in record.getMessage()
    assert record.exc_info is not None and record.exc_info[0] is ZeroDivisionError

    page = client.get("/ratio/1/0", headers={"Accept": "text/html"})
    assert "ZeroDivisionError" not in page.text and "Request id" in page.text


def test_errors_debug_page(make_client: MakeClient) -> None:
    client = make_client(load("errors_debug").app)
    secret_headers = {"Cookie": "sessionid=abc123", "Authorization": "Bearer xyz789"}

    crash = client.get("/ratio/1/0", headers=secret_headers)
    assert crash.status_code == 500
    body = crash.json()
    assert body["detail"] == "ZeroDivisionError: division by zero"
    frame = body["exceptions"][-1]["frames"][-1]
    assert frame["function"] == "ratio"
    assert frame["locals"] == {"a": "1", "b": "0"}
    assert body["request"]["headers"]["cookie"] == "********"
    assert "abc123" not in crash.text and "xyz789" not in crash.text

    page = client.get("/ratio/1/0", headers={"Accept": "text/html", **secret_headers})
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "ZeroDivisionError" in page.text
    assert "abc123" not in page.text and "xyz789" not in page.text


def test_error_status_codes_must_be_errors() -> None:
    app = App()
    with pytest.raises(ValueError, match="4xx or 5xx"):
        app.add_error_handler(302, lambda request, error: None)


# -- lifespan --------------------------------------------------------------------------------


def test_lifespan_under_asgi() -> None:
    module = load("lifespan_hooks")
    with module.app.test_client(asgi=True) as client:
        assert module.events == ["database connected", "cache loaded"]
        assert client.get("/health").json() == {"database": True}
    assert module.events[2:] == ["database disconnected", "cache dropped"]


def test_lifespan_under_asgi_without_the_lifespan_protocol() -> None:
    module = load("lifespan_hooks")
    client = module.app.test_client(asgi=True)  # no `with`: no lifespan messages
    assert module.events == []
    assert client.get("/health").json() == {"database": True}  # started on first request
    client.close()
    assert module.events == ["database connected", "cache loaded"]  # never shut down


def test_lifespan_under_wsgi() -> None:
    script = textwrap.dedent(
        f"""
        import atexit, importlib.util
        spec = importlib.util.spec_from_file_location("hooks", {str(EXAMPLES / "lifespan_hooks.py")!r})
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        atexit.register(lambda: print("at exit:", module.events))
        print("before:", module.events)
        print(module.app.test_client().get("/health").json())
        print("after:", module.events)
        """  # noqa: E501
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env=_clean_environ(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "before: []",
        "{'database': True}",
        "after: ['database connected', 'cache loaded']",
        "at exit: ['database connected', 'cache loaded', 'database disconnected', 'cache dropped']",
    ]


def test_lifespan_startup_failure_under_asgi() -> None:
    app = App()

    @app.on_startup
    def fail() -> None:
        raise RuntimeError("database unreachable")

    with (
        pytest.raises(RuntimeError, match="lifespan startup failed: database unreachable"),
        app.test_client(asgi=True),
    ):
        pass


# -- settings --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["settings_basics", "settings_environment", "settings_errors"])
def test_settings_examples_run(name: str) -> None:
    load(name)  # each example checks itself with assert statements


def test_settings_from_a_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from trestle import Settings

    (tmp_path / "mysite_settings.py").write_text("DEBUG = True\nlowercase_is_ignored = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    settings = Settings.from_module("mysite_settings")
    assert settings.DEBUG is True
    assert settings.get("lowercase_is_ignored") is None


def test_settings_defaults_are_documented() -> None:
    from trestle.conf import defaults

    page = (DOCS / "settings.md").read_text()
    for name in dir(defaults):
        if name.isupper():
            assert f"`{name}`" in page, f"settings.md does not describe {name}"


# -- running this file -----------------------------------------------------------------------


if __name__ == "__main__":
    if sys.argv[1:] != ["--fix"]:
        sys.exit("usage: python tests/docs/test_examples.py --fix")
    fix_pages()
