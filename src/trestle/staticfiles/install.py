"""StaticFiles: the static files battery of one App (its URLs, and the route that serves them)."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from trestle.staticfiles.finders import Finder, static_roots
from trestle.staticfiles.handlers import DevelopmentHandler, ProductionHandler
from trestle.staticfiles.urls import StaticURLs

if TYPE_CHECKING:
    from trestle.app import App
    from trestle.http.request import Request
    from trestle.http.response import Response

_SETUP_LOCK = threading.Lock()


class StaticFiles:
    """Static files for ``app``: ``static()`` URLs and a route under STATIC_URL that serves them.

    With DEBUG the files are served from their source folders (``directories``, or
    STATICFILES_DIRS, then each installed app's ``static/``, then Trestle's own), looked up
    per request. Without DEBUG they are served from STATIC_ROOT (what ``collectstatic``
    made: hashed names cached for a year, precompressed copies), or from the source folders
    when STATIC_ROOT is not set. ``serve=False`` (or a STATIC_URL on another host, a CDN)
    adds no route.
    """

    def __init__(
        self,
        app: App,
        directories: Sequence[str | os.PathLike[str]] | None = None,
        *,
        serve: bool = True,
    ) -> None:
        if "staticfiles" in app.extensions:
            raise RuntimeError(
                "this app already has its static files (app.extensions['staticfiles'])"
            )
        settings = app.settings
        self.app = app
        #: The source folders, in the order they are searched.
        self.roots = static_roots(settings, app.extensions.get("apps"), directories)
        self.finder = Finder(self.roots)
        #: Turns names into URLs (through the manifest when DEBUG is off).
        self.urls = StaticURLs.from_settings(settings)
        self.handler: DevelopmentHandler | ProductionHandler
        root = settings.get("STATIC_ROOT")
        if settings.DEBUG:
            self.handler = DevelopmentHandler(self.finder)
        elif root:
            base = Path(settings.get("BASE_DIR") or ".")
            hashed = frozenset((self.urls.manifest or {}).values())
            self.handler = ProductionHandler([base / root], hashed)
        else:
            self.handler = ProductionHandler(self.roots, frozenset())
        prefix = self.urls.static_url
        if serve and prefix.startswith("/") and not prefix.startswith("//"):
            app.add_route(prefix + "<path:path>", self.serve, methods=["GET"], name="static")
        app.extensions["staticfiles"] = self

    @classmethod
    def for_project(cls, app: App) -> StaticFiles:
        """The app's static files, set up from its settings (and app registry) if need be."""
        found = app.extensions.get("staticfiles")
        if found is None:
            with _SETUP_LOCK:
                found = app.extensions.get("staticfiles")
                if found is None:
                    found = cls(app)
        return found

    def url(self, path: str) -> str:
        """The URL of a static file: ``url("css/site.css")`` → ``/static/css/site.<hash>.css``."""
        return self.urls.url(path)

    def serve(self, request: Request, path: str) -> Response:
        """The view behind ``STATIC_URL<path>``."""
        return self.handler.serve(request, path)

    def __repr__(self) -> str:
        return f"<StaticFiles {type(self.handler).__name__} at {self.urls.static_url}>"
