"""Serving static files: a development handler that looks each request up on disk, and a
production handler that indexes its root once and answers from that index.

Both answer through :class:`~trestle.http.files.FileResponse`, so ETag, Last-Modified,
304 and Range requests work the same as for any file. The production handler adds what
long-lived caching needs: ``Cache-Control: public, max-age=31536000, immutable`` for
content-hashed names (from the manifest), and precompressed ``.br`` / ``.gz`` copies chosen
by ``Accept-Encoding``, with ``Vary: Accept-Encoding``. A name not in the index (anything
with ``..``, a backslash, a NUL, a hidden segment, or a symlink out of the root) is a 404.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from trestle.http.exceptions import NotFound
from trestle.http.files import FileResponse
from trestle.staticfiles.finders import Finder, walk_files
from trestle.staticfiles.manifest import MANIFEST_NAME
from trestle.staticfiles.media_types import media_type_for

if TYPE_CHECKING:
    from trestle.http.request import Request

_logger = logging.getLogger("trestle.staticfiles")

#: For content-hashed names: the content of a URL never changes, so keep it a year.
IMMUTABLE = "public, max-age=31536000, immutable"
#: For other names: a cache may keep a copy but must check it (a cheap 304) before use.
REVALIDATE = "no-cache"
# Precompressed copies, in the server's order of preference.
_ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


class DevelopmentHandler:
    """Serves files straight from the source folders, looked up per request (they change)."""

    def __init__(self, finder: Finder) -> None:
        self.finder = finder

    def serve(self, request: Request, path: str) -> FileResponse:
        """The file ``path`` names, or 404."""
        found = self.finder.find(path)
        if found is None:
            raise NotFound(f"no static file {path!r}")
        return FileResponse(
            found,
            media_type=media_type_for(path),
            headers=[("Cache-Control", REVALIDATE), ("X-Content-Type-Options", "nosniff")],
        )


class _Entry:
    __slots__ = ("cache_control", "media_type", "path", "variants")

    def __init__(
        self,
        path: str,
        media_type: str | None,
        cache_control: str,
        variants: tuple[tuple[str, str], ...],
    ) -> None:
        self.path = path
        self.media_type = media_type
        self.cache_control = cache_control
        self.variants = variants


class ProductionHandler:
    """Serves the files under ``roots`` (STATIC_ROOT) from an index made at the first request.

    ``immutable`` are the content-hashed names (the manifest's values). Files added after
    the index is made are not served: restart the server after ``collectstatic``.
    """

    def __init__(self, roots: Sequence[str | os.PathLike[str]], immutable: frozenset[str]) -> None:
        self.roots = tuple(os.path.realpath(root) for root in roots)
        self.immutable = immutable
        self._index: dict[str, _Entry] | None = None
        self._lock = threading.Lock()

    def index(self) -> dict[str, _Entry]:
        """The served names, made once."""
        index = self._index
        if index is None:
            with self._lock:
                index = self._index
                if index is None:
                    index = self._index = self._build_index()
        return index

    def _build_index(self) -> dict[str, _Entry]:
        files: dict[str, str] = {}
        for root in self.roots:
            for name, path in walk_files(root):
                files.setdefault(name, path)
        files.pop(MANIFEST_NAME, None)
        if not files:
            _logger.warning(
                "No static files to serve in %s: run `trestle collectstatic`",
                ", ".join(self.roots),
            )
        index = {}
        for name, path in files.items():
            variants = tuple(
                (encoding, files[name + suffix])
                for encoding, suffix in _ENCODINGS
                if name + suffix in files
            )
            cache = IMMUTABLE if name in self.immutable else REVALIDATE
            index[name] = _Entry(path, media_type_for(name), cache, variants)
        return index

    def serve(self, request: Request, path: str) -> FileResponse:
        """The file ``path`` names, in the best encoding the client accepts; else 404."""
        entry = (self._index or self.index()).get(path)
        if entry is None:
            raise NotFound(f"no static file {path!r}")
        file = entry.path
        headers = [("Cache-Control", entry.cache_control), ("X-Content-Type-Options", "nosniff")]
        if entry.variants:
            # Every answer varies, the uncompressed one too, or a cache could hand it on
            # to clients that asked for (and would have got) the compressed one.
            headers.append(("Vary", "Accept-Encoding"))
            accepted = accepted_encodings(request._header("accept-encoding") or "")
            for encoding, variant in entry.variants:
                if encoding in accepted:
                    file = variant
                    headers.append(("Content-Encoding", encoding))
                    break
        return FileResponse(file, media_type=entry.media_type, headers=headers)


@functools.lru_cache(maxsize=64)
def accepted_encodings(header: str) -> frozenset[str]:
    """The content codings an ``Accept-Encoding`` header allows (``q=0`` refuses one).

    PERF: cached by the header's text; clients send a handful of distinct values.
    """
    allowed: set[str] = set()
    refused: set[str] = set()
    wildcard = False
    for item in header.split(","):
        coding, _, params = item.partition(";")
        coding = coding.strip().lower()
        if coding == "x-gzip":  # RFC 9110 §8.4.1.3: an alias of gzip
            coding = "gzip"
        if not coding:
            continue
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value.strip())
                except ValueError:
                    quality = 0.0
        if coding == "*":
            wildcard = quality > 0
        elif quality > 0:
            allowed.add(coding)
        else:
            refused.add(coding)
    if wildcard:
        allowed |= {encoding for encoding, _ in _ENCODINGS} - refused
    return frozenset(allowed)
