"""The OpenAPI battery's routes: /openapi.json, the Swagger UI page and its vendored assets."""

import hashlib
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from trestle import App, include, path
from trestle.api import OpenAPI, openapi_urls
from trestle.api.docs import ASSETS, STATIC

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


def small_app(**options: Any) -> App:
    app = App()

    @app.get("/hello/<name>", tags=["greetings"])
    def hello(name: str, excited: bool = False) -> dict[str, str]:
        """Say hello."""
        return {"greeting": f"Hello, {name}{'!' if excited else '.'}"}

    OpenAPI(app, title="Hello API", version="2.0", **options)
    return app


# -- /openapi.json -----------------------------------------------------------------------------


def test_the_document_is_served(make_client) -> None:
    response = make_client(small_app()).get("/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    document = response.json()
    assert document["openapi"] == "3.1.0"
    assert document["info"] == {"title": "Hello API", "version": "2.0"}
    assert list(document["paths"]) == ["/hello/{name}"]  # the battery's own routes left out


def test_the_document_is_made_once(make_client) -> None:
    app = small_app()
    api = app.extensions["openapi"]
    calls = []
    original = api.document

    def counting(target: App) -> dict[str, Any]:
        calls.append(target)
        return original(target)

    api.document = counting
    client = make_client(app)
    first = client.get("/openapi.json").content
    assert client.get("/openapi.json").content == first
    assert calls == [app]


def test_urls_are_configurable_and_can_be_off(make_client) -> None:
    client = make_client(small_app(openapi_url="/api/schema.json", docs_url="/api/docs/"))
    assert client.get("/api/schema.json").status_code == 200
    page = client.get("/api/docs")
    assert 'data-openapi-url="/api/schema.json"' in page.text
    assert client.get("/openapi.json").status_code == 404

    client = make_client(small_app(docs_url=None))
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/docs").status_code == 404

    client = make_client(small_app(openapi_url=None, docs_url=None))
    assert client.get("/openapi.json").status_code == 404


def test_path_prefixes_keep_the_document_to_those_routes(make_client) -> None:
    def ping() -> dict[str, bool]:
        return {"pong": True}

    def page() -> str:
        return "a page"

    app = App()
    app.include(
        [
            path("api/ping", ping, name="ping"),
            path("apiary", page, name="apiary"),  # shares the letters, not the prefix
            path("about/", page, name="about"),
            path("api/", include(openapi_urls(title="Only the API", path_prefixes=["/api/"]))),
        ]
    )
    document = make_client(app).get("/api/openapi.json").json()
    assert list(document["paths"]) == ["/api/ping"]  # not the pages, nor the docs' own routes


def test_without_path_prefixes_every_route_is_documented(make_client) -> None:
    document = make_client(small_app(path_prefixes=())).get("/openapi.json").json()
    assert list(document["paths"]) == ["/hello/{name}"]


def test_path_prefixes_must_be_a_list_of_paths() -> None:
    with pytest.raises(TypeError, match="a list of prefixes"):
        OpenAPI(path_prefixes="/api/")
    with pytest.raises(ValueError, match="start with '/'"):
        OpenAPI(path_prefixes=["api/"])


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"openapi_url": None}, "the docs page needs the document"),
        ({"openapi_url": "openapi.json"}, "must start with '/'"),
        ({"docs_url": "docs"}, "must start with '/'"),
        ({"swagger_ui_options": {"x": object()}}, "must be JSON"),
    ],
)
def test_bad_options_are_refused(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        OpenAPI(**options)


def test_the_battery_is_found_through_extensions() -> None:
    app = small_app()
    assert isinstance(app.extensions["openapi"], OpenAPI)
    assert repr(app.extensions["openapi"]) == "<OpenAPI 'Hello API' '/openapi.json' docs='/docs'>"


# -- the docs page -----------------------------------------------------------------------------


def test_the_docs_page_loads_only_local_assets_and_no_inline_script(make_client) -> None:
    page = make_client(small_app()).get("/docs")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    csp = page.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "default-src 'none'" in csp
    assert "connect-src 'self';" in csp
    html = page.text
    assert "<title>Hello API - API docs</title>" in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []  # every script is a src=
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(source.startswith("/docs/assets/") for source in sources)
    assert 'data-openapi-url="/openapi.json"' in html
    assert "&quot;validatorUrl&quot;:null" in html  # no call home to the online validator


def test_swagger_options_are_passed_escaped(make_client) -> None:
    app = small_app(swagger_ui_options={"docExpansion": "none", "x": "</div><script>"})
    html = make_client(app).get("/docs").text
    assert "&quot;docExpansion&quot;:&quot;none&quot;" in html
    assert "<script>" not in html.replace('<script src="', "")


def test_servers_on_other_origins_may_be_called_from_the_page(make_client) -> None:
    servers = [{"url": "https://api.example.com/v2"}, {"url": "/relative"}]
    page = make_client(small_app(servers=servers)).get("/docs")
    assert "connect-src 'self' https://api.example.com;" in page.headers["content-security-policy"]


def test_the_page_follows_the_mount_point(make_client) -> None:
    app = App(settings={"REDIRECT_SLASHES": True})
    app.include([path("api/", include(openapi_urls(title="Mounted")))])
    client = make_client(app)
    html = client.get("/api/docs").text
    assert 'data-openapi-url="/api/openapi.json"' in html
    assert 'src="/api/docs/assets/swagger-ui-bundle.js?v=' in html
    assert client.get("/api/openapi.json").json()["info"]["title"] == "Mounted"


def test_the_page_follows_the_wsgi_script_name() -> None:
    from wsgiref.util import setup_testing_defaults

    environ: dict[str, Any] = {}
    setup_testing_defaults(environ)
    environ.update({"SCRIPT_NAME": "/shop", "PATH_INFO": "/docs", "REQUEST_METHOD": "GET"})
    statuses: list[str] = []
    body = b"".join(small_app()(environ, lambda status, headers: statuses.append(status)))
    assert statuses == ["200 OK"]
    html = body.decode()
    assert 'data-openapi-url="/shop/openapi.json"' in html
    assert 'href="/shop/docs/assets/swagger-ui.css?v=' in html


def test_the_page_follows_the_asgi_root_path() -> None:
    import asyncio

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/shop/docs",
        "raw_path": b"/shop/docs",
        "root_path": "/shop",
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(small_app()(scope, receive, send))
    assert sent[0]["status"] == 200
    html = b"".join(m.get("body", b"") for m in sent[1:]).decode()
    assert 'data-openapi-url="/shop/openapi.json"' in html


# -- the assets --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("swagger-ui-bundle.js", "text/javascript"),
        ("swagger-ui.css", "text/css"),
        ("docs.js", "text/javascript"),
        ("favicon-32x32.png", "image/png"),
    ],
)
def test_assets_are_served_with_long_cache_and_etag(make_client, name: str, content_type: str):
    client = make_client(small_app())
    response = client.get(f"/docs/assets/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(content_type)
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.content == Path(ASSETS[name]).read_bytes()
    etag = response.headers["etag"]
    again = client.get(f"/docs/assets/{name}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""


def test_asset_urls_change_with_their_content(make_client) -> None:
    html = make_client(small_app()).get("/docs").text
    digest = hashlib.sha256(Path(ASSETS["docs.js"]).read_bytes()).hexdigest()[:12]
    assert f"/docs/assets/docs.js?v={digest}" in html


@pytest.mark.parametrize(
    "name", ["LICENSE", "..%2F..%2Fdocs.py", "swagger-ui-bundle.js.map", "index.html", "%00"]
)
def test_only_the_listed_assets_are_served(make_client, name: str) -> None:
    assert make_client(small_app()).get(f"/docs/assets/{name}").status_code == 404


def test_the_vendored_files_are_swagger_ui_5_with_their_licence() -> None:
    folder = Path(STATIC) / "swagger-ui"
    version = (folder / "VERSION").read_text()
    assert version.startswith("swagger-ui-dist 5.")
    assert "Apache License" in (folder / "LICENSE").read_text()
    assert (folder / "NOTICE").is_file() and (folder / "swagger-ui-bundle.js.LICENSE.txt").is_file()
    script = (ROOT / "scripts" / "vendor-swagger-ui.sh").read_text()
    assert f'VERSION="{version.split()[1]}"' in script


def test_the_wheel_ships_the_assets() -> None:
    """hatch packages everything under src/trestle that git tracks: the assets included."""
    import subprocess

    tracked = subprocess.run(
        ["git", "ls-files", "src/trestle/api/static"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for file in ASSETS.values():
        assert str(Path(file).relative_to(ROOT)) in tracked


# -- in a real browser -------------------------------------------------------------------------


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


@pytest.fixture
def live_server() -> Iterator[str]:
    from examples.api import app

    server = make_server(
        "127.0.0.1", 0, app, server_class=_ThreadingServer, handler_class=_QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def test_the_docs_render_the_example_api_in_chromium(browser: Any, live_server: str) -> None:
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto(f"{live_server}/docs")
        page.wait_for_selector(".opblock", timeout=15_000)
        summaries = page.locator(".opblock-summary-path").all_inner_texts()
        assert "/books" in [s.strip() for s in summaries]
        assert "/books/{id}" in [s.strip().replace("\u200b", "") for s in summaries]
        assert page.locator(".opblock-tag").count() >= 2  # the books and admin tags
        assert "Bookshop" in page.locator(".info .title").inner_text()
        # Try one operation for real: the page calls the API on the same origin.
        page.locator("#operations-books-books_list .opblock-summary").click()
        page.locator("#operations-books-books_list .try-out__btn").click()
        page.locator("#operations-books-books_list .execute").click()
        page.wait_for_selector("#operations-books-books_list .live-responses-table", timeout=10_000)
        row = "#operations-books-books_list .live-responses-table tbody .response-col_status"
        assert page.locator(row).first.inner_text().strip() == "200"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "api-docs.png"), full_page=True)
    finally:
        page.close()
    assert all(url.startswith(live_server) for url in requested), requested
    assert problems == []
