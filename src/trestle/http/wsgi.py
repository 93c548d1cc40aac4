"""The WSGI side of the request: reading an environ (PEP 3333)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from trestle.http.exceptions import BadRequest, PayloadTooLarge
from trestle.http.limits import RequestLimits
from trestle.http.query import check_percent_encoding
from trestle.http.request import Request

_CHUNK_SIZE = 64 * 1024


def decode_wsgi_path(environ: dict[str, Any]) -> str:
    """The request path as text; malformed percent-encoding or invalid UTF-8 is a 400.

    PEP 3333 hands the path over already percent-decoded, as bytes in a latin-1 str. Servers
    leave an invalid escape such as ``%zz`` in place; the raw URI, when the server provides
    it, tells an invalid escape from an encoded ``%``.
    """
    raw_uri = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw_uri and "%" in raw_uri:
        check_percent_encoding(raw_uri.partition("?")[0], "path")
    path: str = environ.get("PATH_INFO") or "/"
    if not path.isascii():
        try:
            path = path.encode("latin-1").decode("utf-8")
        except UnicodeError:
            raise BadRequest("the path is not valid UTF-8") from None
    return path


_ENVIRON_KEYS: dict[str, str] = {}


def _environ_key(lowered_name: str) -> str:
    """``content-type`` → ``CONTENT_TYPE``, ``x-token`` → ``HTTP_X_TOKEN`` (cached)."""
    key = lowered_name.upper().replace("-", "_")
    if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        key = "HTTP_" + key
    if len(_ENVIRON_KEYS) < 1000:  # bounded: names come from code, but never trust that
        _ENVIRON_KEYS[lowered_name] = key
    return key


class WSGIRequest(Request):
    """A request read from a WSGI environ."""

    __slots__ = ("environ",)

    def __init__(
        self, environ: dict[str, Any], method: str, path: str, limits: RequestLimits
    ) -> None:
        self.environ = environ
        self.method = method
        self.path = path
        self.limits = limits
        self._reset()

    @property
    def raw_path(self) -> bytes:
        raw_uri = self.environ.get("RAW_URI") or self.environ.get("REQUEST_URI")
        if raw_uri:
            return str(raw_uri).partition("?")[0].encode("latin-1")
        return super().raw_path

    @property
    def query_string(self) -> str:
        query: str = self.environ.get("QUERY_STRING", "")
        return query

    @property
    def root_path(self) -> str:
        root: str = self.environ.get("SCRIPT_NAME", "")
        if not root.isascii():
            root = root.encode("latin-1").decode("utf-8", "replace")
        return root.rstrip("/")

    def _raw_headers(self) -> list[tuple[str, str]]:
        headers = []
        for key, value in self.environ.items():
            if key.startswith("HTTP_"):
                headers.append((key[5:].replace("_", "-").lower(), value))
            elif key in ("CONTENT_TYPE", "CONTENT_LENGTH") and value:
                headers.append((key.replace("_", "-").lower(), value))
        return headers

    def _header(self, lowered_name: str) -> str | None:
        # PERF: a header is one dict lookup in the environ; no Headers object is built, and
        # the environ key of each header name is worked out once per process.
        key = _ENVIRON_KEYS.get(lowered_name)
        if key is None:
            key = _environ_key(lowered_name)
        value: str | None = self.environ.get(key)
        return value or None

    def _peer(self) -> tuple[str, int] | None:
        host = self.environ.get("REMOTE_ADDR")
        if not host:
            return None
        port = self.environ.get("REMOTE_PORT")
        return host, int(port) if port and str(port).isdigit() else 0

    def _server_scheme(self) -> str:
        scheme: str = self.environ.get("wsgi.url_scheme", "http")
        return scheme

    def _server_scheme_host(self) -> tuple[str, str]:
        scheme = self.environ.get("wsgi.url_scheme", "http")
        host = self.environ.get("SERVER_NAME", "localhost")
        port = str(self.environ.get("SERVER_PORT", ""))
        if port and port != ("443" if scheme == "https" else "80"):
            host = f"{host}:{port}"
        return scheme, host

    def _read_chunks(self) -> Iterator[bytes]:
        if self.method in ("GET", "HEAD"):
            return
        stream = self.environ["wsgi.input"]
        limit = self.limits.max_body_size
        length = self.content_length
        if length is not None:
            if length > limit:
                raise PayloadTooLarge(f"the body is over the limit of {limit} bytes")
            remaining = length
            while remaining > 0:
                chunk = stream.read(min(remaining, _CHUNK_SIZE))
                if not chunk:
                    raise BadRequest("the body ended before its Content-Length")
                remaining -= len(chunk)
                yield chunk
        elif self.environ.get("wsgi.input_terminated") or self._header("transfer-encoding"):
            # Chunked upload with no length: count as we read, stop just past the limit.
            received = 0
            while chunk := stream.read(_CHUNK_SIZE):
                received += len(chunk)
                if received > limit:
                    raise PayloadTooLarge(f"the body is over the limit of {limit} bytes")
                yield chunk
