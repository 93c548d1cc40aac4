"""The ASGI side of the request: reading a scope and receiving the body up front."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from typing import IO, Any

from trestle.http.exceptions import BadRequest, PayloadTooLarge
from trestle.http.limits import RequestLimits
from trestle.http.query import check_percent_encoding
from trestle.http.request import Request

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]


class ClientDisconnected(Exception):
    """The client went away before it finished sending the request."""


def decode_asgi_path(scope: Scope) -> str:
    """The path below the app's mount point as text; bad escapes or invalid UTF-8 are a 400.

    Servers decode ``raw_path`` themselves, replacing invalid UTF-8 with U+FFFD; we decode it
    again strictly whenever it holds an escape, so every server gives the same answer. The
    ASGI path includes ``root_path``; like WSGI's ``PATH_INFO``, ours does not.
    """
    raw_path: bytes | None = scope.get("raw_path")
    path: str
    if raw_path and (b"%" in raw_path or not raw_path.isascii()):
        raw_path = raw_path.partition(b"?")[0]  # some clients leave the query in raw_path
        check_percent_encoding(raw_path.decode("latin-1"), "path")
        try:
            from urllib.parse import unquote_to_bytes

            path = unquote_to_bytes(raw_path).decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest("the path is not valid UTF-8") from None
    else:
        path = scope["path"]
    root: str | None = scope.get("root_path")
    if root:
        root = root.rstrip("/")
        # Whole segments only: a mount at /api does not own /apix. Servers older than the
        # ASGI spec's clarification leave root_path out of path; then there is nothing to take.
        if path.startswith(root) and (len(path) == len(root) or path[len(root)] == "/"):
            path = path[len(root) :] or "/"
    return path


class ASGIRequest(Request):
    """A request read from an ASGI HTTP scope."""

    __slots__ = ("_buffer", "receive", "scope")

    def __init__(
        self, scope: Scope, receive: Receive, method: str, path: str, limits: RequestLimits
    ) -> None:
        self.scope = scope
        self.receive = receive
        self.method = method
        self.path = path
        self.limits = limits
        # The received body: bytes while small, a temporary file past REQUEST_SPOOL_SIZE.
        self._buffer: IO[bytes] | bytes | None = None
        self._reset()

    @property
    def raw_path(self) -> bytes:
        raw: bytes | None = self.scope.get("raw_path")
        return raw.partition(b"?")[0] if raw else super().raw_path

    @property
    def query_string(self) -> str:
        return self.scope["query_string"].decode("latin-1")  # type: ignore[no-any-return]

    @property
    def root_path(self) -> str:
        root: str = self.scope.get("root_path", "")
        return root.rstrip("/")

    def _raw_headers(self) -> list[tuple[str, str]]:
        return [
            (name.decode("latin-1").lower(), value.decode("latin-1"))
            for name, value in self.scope["headers"]
        ]

    def _header(self, lowered_name: str) -> str | None:
        if self._headers is not None:
            return self._headers.get(lowered_name)
        name = lowered_name.encode("latin-1")
        found: bytes | None = None
        # Every line counts, joined as Headers joins them: a repeated X-Forwarded-For must not
        # let its first line hide the last one.
        for key, value in self.scope["headers"]:
            if key == name or key.lower() == name:
                if found is None:
                    found = value
                else:
                    found += (b"; " if name == b"cookie" else b", ") + value
        return None if found is None else found.decode("latin-1")

    def _peer(self) -> tuple[str, int] | None:
        client = self.scope.get("client")
        return (client[0], int(client[1])) if client else None

    def _server_scheme(self) -> str:
        scheme: str = self.scope.get("scheme", "http")
        return scheme

    def _server_scheme_host(self) -> tuple[str, str]:
        scheme = self.scope.get("scheme", "http")
        server = self.scope.get("server")
        if not server:
            return scheme, "localhost"
        host, port = server[0], server[1]
        if port is not None and port != (443 if scheme == "https" else 80):
            return scheme, f"{host}:{port}"
        return scheme, host

    @property
    def _has_body(self) -> bool:
        """Whether the app must receive a body before the view runs."""
        if self.method in ("GET", "HEAD"):
            return False
        length = self._header("content-length")
        return (length is not None and length != "0") or self._header(
            "transfer-encoding"
        ) is not None

    async def _receive_body(self) -> None:
        """Receive the whole body, refusing it past the limit.

        PERF: a body up to REQUEST_SPOOL_SIZE is kept as bytes (most arrive in one message);
        a larger one goes to a temporary file as it arrives, so memory stays bounded.
        """
        limit = self.limits.max_body_size
        spool_size = self.limits.spool_size
        length = self.content_length
        if length is not None and length > limit:
            raise PayloadTooLarge(f"the body is over the limit of {limit} bytes")
        chunks: list[bytes] = []
        buffer: IO[bytes] | None = None
        received = 0
        more_body = True
        while more_body:
            message = await self.receive()
            if message["type"] == "http.disconnect":
                raise ClientDisconnected()
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > limit:
                raise PayloadTooLarge(f"the body is over the limit of {limit} bytes")
            if buffer is not None:
                buffer.write(chunk)
            elif received > spool_size:
                from tempfile import TemporaryFile

                buffer = TemporaryFile()  # noqa: SIM115 - closed in _close
                self._buffer = buffer
                buffer.writelines(chunks)
                buffer.write(chunk)
                chunks = []
            else:
                chunks.append(chunk)
            more_body = message.get("more_body", False)
        if length is not None and received != length:
            raise BadRequest("the body does not match its Content-Length")
        if buffer is None:
            self._buffer = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        else:
            buffer.seek(0)

    def _read_chunks(self) -> Iterator[bytes]:
        buffer = self._buffer
        if buffer is None:
            return
        if isinstance(buffer, bytes):
            self._buffer = None
            if buffer:
                yield buffer
            return
        while chunk := buffer.read(64 * 1024):
            yield chunk

    def _close(self) -> None:
        super()._close()
        if self._buffer is not None and not isinstance(self._buffer, bytes):
            self._buffer.close()
