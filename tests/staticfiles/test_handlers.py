"""Serving static files through HTTP, in development (DEBUG) and in production (STATIC_ROOT)."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import brotli
import pytest

from trestle import App
from trestle.staticfiles import StaticFiles, collect_static
from trestle.staticfiles.handlers import IMMUTABLE, REVALIDATE, accepted_encodings

from .conftest import write

CSS = "body { color: #123456; }\n" * 40  # large enough to be compressed


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(
        tmp_path / "static",
        {
            "css/site.css": CSS,
            "js/app.js": "console.log('hi');\n" * 30,
            "img/logo.png": b"\x89PNG\r\n\x1a\n" + bytes(200),
            "fonts/x.woff2": b"wOF2" + bytes(100),
            "tiny.txt": "tiny",
            "data.json": '{"a": 1}',
            "icon.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        },
    )
    write(tmp_path, {"secret.txt": "top secret", "settings.py": "SECRET_KEY = 'x'"})
    return tmp_path


def dev_app(project: Path) -> App:
    app = App({"DEBUG": True, "BASE_DIR": str(project), "STATICFILES_DIRS": ["static"]})
    StaticFiles(app)
    return app


def prod_app(project: Path, *, compress: bool = True) -> App:
    collect_static([project / "static"], project / "collected", compress=compress)
    settings = {
        "BASE_DIR": str(project),
        "STATIC_ROOT": "collected",
        "STATICFILES_DIRS": ["static"],
    }
    app = App(settings)
    StaticFiles(app)
    return app


# -- development -----------------------------------------------------------------------------


def test_development_serves_the_sources(project: Path, make_client) -> None:
    client = make_client(dev_app(project))
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert response.text == CSS
    assert response.headers["content-type"] == "text/css; charset=utf-8"
    assert response.headers["cache-control"] == REVALIDATE
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-encoding" not in response.headers
    # Edits show at once: nothing is indexed in development.
    (project / "static" / "css" / "new.css").write_text("p{}")
    assert client.get("/static/css/new.css").text == "p{}"


def test_development_serves_trestles_own_files(project: Path, make_client) -> None:
    response = make_client(dev_app(project)).get("/static/trestle/trestle.css")
    assert response.status_code == 200
    assert "prefers-color-scheme: dark" in response.text


def test_development_answers_conditional_and_range_requests(project: Path, make_client) -> None:
    client = make_client(dev_app(project))
    first = client.get("/static/css/site.css")
    again = client.get("/static/css/site.css", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
    part = client.get("/static/css/site.css", headers={"Range": "bytes=0-3"})
    assert part.status_code == 206
    assert part.text == "body"


# -- production ------------------------------------------------------------------------------


def test_production_caches_hashed_names_for_a_year(project: Path, make_client) -> None:
    app = prod_app(project)
    static = app.extensions["staticfiles"]
    hashed_url = static.url("css/site.css")
    assert hashed_url != "/static/css/site.css"
    # httpx asks for compressed bodies by default; the ASGI test client decodes them twice.
    client = make_client(app, headers={"Accept-Encoding": "identity"})
    hashed = client.get(hashed_url)
    assert hashed.status_code == 200
    assert hashed.headers["cache-control"] == IMMUTABLE == "public, max-age=31536000, immutable"
    plain = client.get("/static/css/site.css")
    assert plain.status_code == 200
    assert plain.headers["cache-control"] == "no-cache"
    assert plain.content == hashed.content


@pytest.mark.parametrize(
    ("accept", "encoding"),
    [
        ("gzip, deflate, br", "br"),
        ("br;q=0.1, gzip", "br"),
        ("gzip", "gzip"),
        ("x-gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("*", "br"),
        ("*, br;q=0", "gzip"),
        ("*;q=0", None),
        ("identity", None),
        ("", None),
        ("gzip;q=nonsense, br;q=", None),
    ],
)
def test_production_negotiates_the_encoding(
    project: Path, raw_get, accept: str, encoding: str | None
) -> None:
    app = prod_app(project)
    url = app.extensions["staticfiles"].url("css/site.css").encode()
    response = raw_get(app, url, {"accept-encoding": accept} if accept else {})
    assert response.status == 200
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.headers.get("content-encoding") == encoding
    assert response.headers["content-type"] == "text/css; charset=utf-8"
    body = response.body
    if encoding == "br":
        body = brotli.decompress(body)
    elif encoding == "gzip":
        body = gzip.decompress(body)
    assert body.decode() == CSS
    assert response.headers["content-length"] == str(len(response.body))


def test_compressed_copies_get_their_own_etag_and_answer_304(project: Path, raw_get) -> None:
    app = prod_app(project)
    url = app.extensions["staticfiles"].url("css/site.css").encode()
    plain = raw_get(app, url)
    packed = raw_get(app, url, {"accept-encoding": "br"})
    assert plain.headers["etag"] != packed.headers["etag"]
    again = raw_get(app, url, {"accept-encoding": "br", "if-none-match": packed.headers["etag"]})
    assert again.status == 304
    assert again.headers["vary"] == "Accept-Encoding"
    assert again.headers["cache-control"] == IMMUTABLE
    assert "content-encoding" not in again.headers


def test_production_ranges_and_last_modified(project: Path, make_client) -> None:
    client = make_client(prod_app(project), headers={"Accept-Encoding": "identity"})
    response = client.get(
        "/static/js/app.js", headers={"Range": "bytes=-3", "Accept-Encoding": "identity"}
    )
    assert response.status_code == 206
    assert response.content == b"');\n"[-3:]
    full = client.get("/static/js/app.js", headers={"Accept-Encoding": "identity"})
    since = client.get(
        "/static/js/app.js",
        headers={"If-Modified-Since": full.headers["last-modified"], "Accept-Encoding": "identity"},
    )
    assert since.status_code == 304


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("css/site.css", "text/css; charset=utf-8"),
        ("js/app.js", "text/javascript; charset=utf-8"),
        ("img/logo.png", "image/png"),
        ("fonts/x.woff2", "font/woff2"),
        ("tiny.txt", "text/plain; charset=utf-8"),
        ("data.json", "application/json"),
        ("icon.svg", "image/svg+xml"),
    ],
)
def test_media_types(project: Path, make_client, name: str, media_type: str) -> None:
    client = make_client(prod_app(project))
    response = client.get(f"/static/{name}", headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type


def test_small_files_have_no_compressed_copy_and_no_vary(project: Path, make_client) -> None:
    response = make_client(prod_app(project)).get("/static/tiny.txt")  # too small to compress
    assert response.text == "tiny"
    assert "vary" not in response.headers
    assert "content-encoding" not in response.headers


def test_production_without_static_root_serves_the_sources(project: Path, make_client) -> None:
    app = App({"BASE_DIR": str(project), "STATICFILES_DIRS": ["static"]})
    StaticFiles(app)
    client = make_client(app)
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert response.headers["cache-control"] == REVALIDATE


def test_an_empty_static_root_warns(
    project: Path, make_client, caplog: pytest.LogCaptureFixture
) -> None:
    app = App({"BASE_DIR": str(project), "STATIC_ROOT": "nothing-here"})
    StaticFiles(app)
    assert make_client(app).get("/static/css/site.css").status_code == 404
    assert "run `trestle collectstatic`" in caplog.text


def test_only_get_and_head(project: Path, make_client) -> None:
    client = make_client(prod_app(project))
    assert client.head("/static/tiny.txt").status_code == 200
    assert client.head("/static/tiny.txt").content == b""
    response = client.post("/static/tiny.txt")
    assert response.status_code == 405


def test_the_manifest_itself_is_not_served(project: Path, make_client) -> None:
    assert make_client(prod_app(project)).get("/static/staticfiles.json").status_code == 404


# -- path traversal: every way out of the root is a 404 --------------------------------------

ATTACKS = [
    b"/static/../secret.txt",
    b"/static/../../secret.txt",
    b"/static/css/../../secret.txt",
    b"/static/%2e%2e/secret.txt",
    b"/static/%2E%2E/%2E%2E/secret.txt",
    b"/static/css/%2e%2e%2f%2e%2e%2fsecret.txt",
    b"/static/..%2fsecret.txt",
    b"/static/%252e%252e/secret.txt",
    b"/static/..%5csecret.txt",
    b"/static/css%5c..%5c..%5csecret.txt",
    b"/static/..\\secret.txt",
    b"/static//etc/passwd",
    b"/static/%2fetc%2fpasswd",
    b"/static/" + os.fsencode(os.path.abspath("/etc/passwd")),
    b"/static/C:%5cWindows%5cwin.ini",
    b"/static/css/site.css%00.png",
    b"/static/%00",
    b"/static/.%2e/secret.txt",
    b"/static/./css/site.css",
    b"/static/outside.txt",
    b"/static/dir-out/secret.txt",
]


@pytest.mark.parametrize("mode", ["development", "production"])
@pytest.mark.parametrize("target", ATTACKS, ids=lambda target: target.decode("latin-1"))
def test_nothing_outside_the_root_is_reachable(
    project: Path, raw_get, mode: str, target: bytes
) -> None:
    (project / "static" / "outside.txt").symlink_to(project / "secret.txt")
    (project / "static" / "dir-out").symlink_to(project)
    app = dev_app(project) if mode == "development" else prod_app(project, compress=False)
    response = raw_get(app, target)
    assert response.status == 404
    assert b"top secret" not in response.body


@pytest.mark.parametrize("mode", ["development", "production"])
@pytest.mark.parametrize(
    "path",
    [
        "../secret.txt",
        "css/../../secret.txt",
        "..\\secret.txt",
        "/etc/passwd",
        str(Path("/etc/passwd")),
        "css/site.css\x00",
        "outside.txt",
        "dir-out/secret.txt",
        ".hidden",
    ],
)
def test_the_handlers_refuse_escapes_whatever_the_router_passes(
    project: Path, mode: str, path: str
) -> None:
    from trestle.http.exceptions import NotFound

    (project / "static" / "outside.txt").symlink_to(project / "secret.txt")
    (project / "static" / "dir-out").symlink_to(project)
    (project / "static" / ".hidden").write_text("hidden")
    app = dev_app(project) if mode == "development" else prod_app(project, compress=False)
    with pytest.raises(NotFound):
        app.extensions["staticfiles"].serve(None, path)


def test_accepted_encodings() -> None:
    assert accepted_encodings("gzip, br") == {"gzip", "br"}
    assert accepted_encodings("GZIP;q=0.5, br;q=0") == {"gzip"}
    assert accepted_encodings("*") == {"gzip", "br"}
    assert accepted_encodings(" , ;q=1") == frozenset()
