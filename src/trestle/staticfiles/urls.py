"""``static("css/site.css")``: a static file's URL, content-hashed when collected for production."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trestle.staticfiles.manifest import read_manifest

if TYPE_CHECKING:
    from trestle.app import App

_logger = logging.getLogger("trestle.staticfiles")
_CACHE_LIMIT = 4096
# Characters a static URL keeps as they are; the rest is percent-encoded.
_SAFE = "/:@!$&'()*+,;=-._~"


class StaticURLs:
    """Turns a static file's name into its URL, through the manifest when there is one."""

    def __init__(self, static_url: str, manifest: Mapping[str, str] | None = None) -> None:
        self.static_url = static_url if static_url.endswith("/") else static_url + "/"
        self.manifest = manifest
        self._cache: dict[str, str] = {}
        self._warned: set[str] = set()

    @classmethod
    def from_settings(cls, settings: Any) -> StaticURLs:
        """STATIC_URL, with STATIC_ROOT's manifest unless DEBUG is on (files change then)."""
        manifest = None
        root = settings.get("STATIC_ROOT")
        if root and not settings.DEBUG:
            base = Path(settings.get("BASE_DIR") or ".")
            manifest = read_manifest(base / root)
        return cls(settings.STATIC_URL or "/static/", manifest)

    def url(self, path: str) -> str:
        """The URL of ``path`` (``"css/site.css"`` → ``/static/css/site.3f2a9c1b4d5e.css``)."""
        found = self._cache.get(path)
        if found is not None:
            return found
        if path.startswith(("http://", "https://", "//")):
            return path
        name = path.lstrip("/")
        manifest = self.manifest
        if manifest is not None:
            hashed = manifest.get(name)
            if hashed is None:
                if name not in self._warned and len(self._warned) < _CACHE_LIMIT:
                    self._warned.add(name)
                    _logger.warning(
                        "static(%r): the file is not in the manifest; run `trestle "
                        "collectstatic` (serving the name without a hash)",
                        name,
                    )
            else:
                name = hashed
        from urllib.parse import quote

        url = self.static_url + quote(name, safe=_SAFE)
        if len(self._cache) < _CACHE_LIMIT:
            self._cache[path] = url
        return url


def static_url_resolver(app: App) -> Callable[[str], str]:
    """The app's ``static()``: from its static files battery, else from its settings."""
    installed = app.extensions.get("staticfiles")
    if installed is not None:
        return installed.url  # type: ignore[no-any-return]
    return StaticURLs.from_settings(app.settings).url
