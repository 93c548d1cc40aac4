"""The media types of the files a site serves: a table of our own, the same on every system.

``mimetypes`` reads the system's tables, which differ between machines (``.js`` has been
``application/javascript``, ``text/javascript`` and missing); a static file must get the
same type in development and on every production host.
"""

from __future__ import annotations

_UTF8 = "; charset=utf-8"

MEDIA_TYPES: dict[str, str] = {
    "css": "text/css" + _UTF8,
    "js": "text/javascript" + _UTF8,
    "mjs": "text/javascript" + _UTF8,
    "json": "application/json",
    "map": "application/json",
    "webmanifest": "application/manifest+json",
    "html": "text/html" + _UTF8,
    "htm": "text/html" + _UTF8,
    "txt": "text/plain" + _UTF8,
    "md": "text/markdown" + _UTF8,
    "csv": "text/csv" + _UTF8,
    "xml": "application/xml",
    "svg": "image/svg+xml",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
    "ico": "image/vnd.microsoft.icon",
    "bmp": "image/bmp",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "ttf": "font/ttf",
    "otf": "font/otf",
    "eot": "application/vnd.ms-fontobject",
    "wasm": "application/wasm",
    "pdf": "application/pdf",
    "zip": "application/zip",
    "gz": "application/gzip",
    "br": "application/x-brotli",
    "mp4": "video/mp4",
    "webm": "video/webm",
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "wav": "audio/wav",
}

#: Extensions worth compressing (text, and formats that are not compressed already).
COMPRESSIBLE = frozenset(
    {"css", "js", "mjs", "json", "map", "webmanifest", "html", "htm", "txt", "md", "csv", "xml"}
    | {"svg", "ico", "bmp", "ttf", "otf", "eot", "wasm"}
)


def extension(name: str) -> str:
    """The lower-case extension of a file name, without the dot (``""`` if none)."""
    base = name.rpartition("/")[2]
    return base.rpartition(".")[2].lower() if "." in base else ""


def media_type_for(name: str) -> str | None:
    """The media type for a file name; None lets FileResponse ask ``mimetypes``."""
    return MEDIA_TYPES.get(extension(name))
