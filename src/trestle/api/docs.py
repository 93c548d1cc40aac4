"""The OpenAPI battery: ``/openapi.json`` and the interactive docs page at ``/docs``.

Turned on per app, never by the core::

    api = OpenAPI(app, title="Shop", version="1.0")

or, in a project whose routes are ``urlpatterns``::

    urlpatterns = [..., *openapi_urls(title="Shop", version="1.0")]

The document is generated on its first request, from ``app.routes()``, then kept as bytes.
The docs page is Swagger UI, vendored in ``static/swagger-ui`` (scripts/vendor-swagger-ui.sh)
so it works offline; its assets are served with an ETag and a year-long cache, under URLs
that change with their content.
"""

from __future__ import annotations

import hashlib
import os
import weakref
from collections.abc import Mapping, Sequence
from html import escape
from threading import Lock
from typing import TYPE_CHECKING, Any

from trestle.http.exceptions import NotFound
from trestle.http.files import FileResponse
from trestle.http.request import Request
from trestle.http.response import HTMLResponse, Response
from trestle.routing.urlconf import URLInclude, URLPattern, path

if TYPE_CHECKING:
    from trestle.app import App, RouteInfo

STATIC = os.path.join(os.path.dirname(__file__), "static")
#: The files the docs page may load, by the name in their URL.
ASSETS = {
    "swagger-ui-bundle.js": os.path.join(STATIC, "swagger-ui", "swagger-ui-bundle.js"),
    "swagger-ui.css": os.path.join(STATIC, "swagger-ui", "swagger-ui.css"),
    "favicon-32x32.png": os.path.join(STATIC, "swagger-ui", "favicon-32x32.png"),
    "docs.js": os.path.join(STATIC, "docs.js"),
}
#: Asset URLs carry a hash of their content, so a year in browser caches is safe.
ASSET_CACHE_CONTROL = "public, max-age=31536000, immutable"
#: Swagger UI options unless the user says otherwise: no call home to the online validator.
DEFAULT_SWAGGER_OPTIONS: dict[str, Any] = {"deepLinking": True, "validatorUrl": None}

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" type="image/png" href="{assets}favicon-32x32.png?v={favicon_v}">
<link rel="stylesheet" href="{assets}swagger-ui.css?v={css_v}">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{openapi_url}" data-options="{options}"></div>
<script src="{assets}swagger-ui-bundle.js?v={bundle_v}"></script>
<script src="{assets}docs.js?v={init_v}"></script>
</body>
</html>
"""

# Swagger UI sets styles from script and shows the logo and icons as data: URLs; nothing
# else is needed, so everything else is refused.
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'{servers}; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)


def _route(url: str, what: str) -> str:
    if not url.startswith("/"):
        raise ValueError(f"OpenAPI: {what} must start with '/', not {url!r}")
    if len(url) > 1 and url.endswith("/"):
        url = url.rstrip("/")
    return url


class OpenAPI:
    """OpenAPI 3.1 for an app: the document at ``openapi_url``, Swagger UI at ``docs_url``.

    ``None`` for either URL turns that part off. ``servers``, ``tags`` (tag objects, with
    descriptions, in the order to show) and ``info`` (``contact``, ``license``,
    ``termsOfService``...) go into the document as given. ``path_prefixes`` limits the
    document to the routes whose path starts with one of them (``["/api/"]``: the API of a
    site that also has pages). ``swagger_ui_options`` are passed to Swagger UI (JSON values
    only).
    """

    def __init__(
        self,
        app: App | None = None,
        *,
        title: str = "API",
        version: str = "0.1.0",
        summary: str | None = None,
        description: str | None = None,
        info: Mapping[str, Any] | None = None,
        servers: Sequence[Mapping[str, Any]] = (),
        tags: Sequence[Mapping[str, Any]] = (),
        path_prefixes: Sequence[str] = (),
        openapi_url: str | None = "/openapi.json",
        docs_url: str | None = "/docs",
        swagger_ui_options: Mapping[str, Any] | None = None,
    ) -> None:
        if docs_url is not None and openapi_url is None:
            raise ValueError("OpenAPI: the docs page needs the document: set openapi_url")
        self.title = title
        self.version = version
        self.summary = summary
        self.description = description
        self.info = dict(info or {})
        self.servers = [dict(server) for server in servers]
        self.tags = [dict(tag) for tag in tags]
        if isinstance(path_prefixes, str):
            raise TypeError("OpenAPI: path_prefixes is a list of prefixes, not one string")
        for prefix in path_prefixes:
            if not prefix.startswith("/"):
                raise ValueError(f"OpenAPI: path prefixes start with '/', not {prefix!r}")
        self.path_prefixes = tuple(path_prefixes)
        self.openapi_url = _route(openapi_url, "openapi_url") if openapi_url else None
        self.docs_url = _route(docs_url, "docs_url") if docs_url else None
        import orjson

        options = {**DEFAULT_SWAGGER_OPTIONS, **(swagger_ui_options or {})}
        try:
            self._options_json = orjson.dumps(options).decode()
        except TypeError as error:
            raise ValueError(f"OpenAPI: swagger_ui_options must be JSON: {error}") from None
        self._documents: weakref.WeakKeyDictionary[App, bytes] = weakref.WeakKeyDictionary()
        self._lock = Lock()
        self._asset_versions: dict[str, str] | None = None
        self._csp = _CSP.format(servers=_server_origins(self.servers))
        if app is not None:
            self.install(app)

    # -- registration ----------------------------------------------------------------------

    def urlpatterns(self) -> list[URLPattern | URLInclude]:
        """The routes, as ``path()`` items for a ``urlpatterns`` list."""
        patterns: list[URLPattern | URLInclude] = []
        if self.openapi_url is not None:
            patterns.append(path(self.openapi_url, self.openapi_view, name="openapi"))
        if self.docs_url is not None:
            patterns.append(path(self.docs_url, self.docs_view, name="openapi-docs"))
            assets = self.docs_url.rstrip("/") + "/assets/<name>"
            patterns.append(path(assets, self.asset_view, name="openapi-docs-asset"))
        return patterns

    def install(self, app: App) -> None:
        """Register the routes on ``app`` and make this object ``app.extensions["openapi"]``."""
        app.include(self.urlpatterns())
        app.extensions["openapi"] = self

    def is_own_view(self, view: Any) -> bool:
        """True for the views of this battery, which the document leaves out."""
        return view in (self.openapi_view, self.docs_view, self.asset_view)

    def documents(self, route: RouteInfo) -> bool:
        """True when ``route`` belongs in the document (under ``path_prefixes``, if given)."""
        if self.is_own_view(route.view):
            return False
        return not self.path_prefixes or route.path.startswith(self.path_prefixes)

    # -- the document ----------------------------------------------------------------------

    def document(self, app: App) -> dict[str, Any]:
        """The OpenAPI document of ``app`` (made anew; the served one is cached)."""
        from trestle.api.openapi import build_document

        return build_document(
            [route for route in app.routes() if self.documents(route)],
            title=self.title,
            version=self.version,
            summary=self.summary,
            description=self.description,
            info=self.info,
            servers=self.servers,
            tags=self.tags,
        )

    def document_bytes(self, app: App) -> bytes:
        """The document as JSON, made on first use and kept for the app's life."""
        cached = self._documents.get(app)
        if cached is None:
            with self._lock:
                cached = self._documents.get(app)
                if cached is None:
                    import orjson

                    cached = orjson.dumps(self.document(app))
                    self._documents[app] = cached
        return cached

    # -- the views -------------------------------------------------------------------------

    def openapi_view(self, request: Request) -> Response:
        """``GET /openapi.json``."""
        return Response(self.document_bytes(request.app), media_type="application/json")

    def docs_view(self, request: Request) -> Response:
        """``GET /docs``: the Swagger UI page, pointed at this app's document."""
        assert self.docs_url is not None and self.openapi_url is not None
        # Mounted under a prefix (include(), root_path), the page finds its siblings there too.
        page_path = request.path
        prefix = page_path[: -len(self.docs_url)] if page_path.endswith(self.docs_url) else ""
        base = request.root_path + prefix
        versions = self._versions()
        body = _PAGE.format(
            title=escape(f"{self.title} - API docs"),
            assets=escape(base + self.docs_url.rstrip("/") + "/assets/"),
            openapi_url=escape(base + self.openapi_url),
            options=escape(self._options_json),
            favicon_v=versions["favicon-32x32.png"],
            css_v=versions["swagger-ui.css"],
            bundle_v=versions["swagger-ui-bundle.js"],
            init_v=versions["docs.js"],
        )
        return HTMLResponse(
            body,
            headers={
                "Content-Security-Policy": self._csp,
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "same-origin",
                "Cache-Control": "no-cache",
            },
        )

    def asset_view(self, request: Request, name: str) -> FileResponse:
        """``GET /docs/assets/<name>``: one of the vendored files, cached for a year."""
        file = ASSETS.get(name)
        if file is None:
            raise NotFound()
        return FileResponse(
            file,
            headers={"Cache-Control": ASSET_CACHE_CONTROL, "X-Content-Type-Options": "nosniff"},
        )

    def _versions(self) -> dict[str, str]:
        versions = self._asset_versions
        if versions is None:
            versions = {}
            for name, file in ASSETS.items():
                with open(file, "rb") as handle:
                    versions[name] = hashlib.sha256(handle.read()).hexdigest()[:12]
            self._asset_versions = versions
        return versions

    def __repr__(self) -> str:
        return f"<OpenAPI {self.title!r} {self.openapi_url!r} docs={self.docs_url!r}>"


def openapi_urls(**options: Any) -> list[URLPattern | URLInclude]:
    """``urlpatterns = [..., *openapi_urls(title="Shop", version="1.0")]``.

    Takes the options of :class:`OpenAPI` except ``app``. The routes are the same; the app's
    ``extensions["openapi"]`` is only set by :meth:`OpenAPI.install`.
    """
    return OpenAPI(**options).urlpatterns()


def _server_origins(servers: Sequence[Mapping[str, Any]]) -> str:
    """The origins of absolute server URLs, which "Try it out" must be allowed to call."""
    from urllib.parse import urlsplit

    origins = []
    for server in servers:
        url = str(server.get("url", ""))
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc and "{" not in parts.netloc:
            origin = f"{parts.scheme}://{parts.netloc}"
            if origin not in origins:
                origins.append(origin)
    return "".join(" " + origin for origin in origins)
