"""Request: a lazy view over a WSGI environ or an ASGI scope; each part parsed on first use.

One API serves both protocols. Reading the body is the only I/O a request does, and it is
synchronous everywhere: under WSGI the body is read from ``wsgi.input`` on first access; under
ASGI the app receives it before middleware and the view run (only when the request has one),
enforcing the size limit as it arrives. So ``request.body``, ``request.form`` and
``request.json`` are plain attributes in ``def`` and ``async def`` views alike and never block
an event loop on the network.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from trestle.http.cookies import parse_cookie_header
from trestle.http.exceptions import BadRequest, UnsupportedMediaType
from trestle.http.headers import Headers
from trestle.http.limits import DEFAULT_LIMITS, RequestLimits
from trestle.http.multidict import MultiDict
from trestle.http.query import parse_urlencoded, parse_urlencoded_body

if TYPE_CHECKING:
    from trestle.http.forms import UploadedFile

_CONSUMED = object()
_ASCII = "".join(map(chr, range(128)))


def _ascii(raw: str) -> str:
    """Percent-encode the non-ASCII bytes (given as latin-1 text) a client sent unescaped."""
    if raw.isascii():
        return raw
    from urllib.parse import quote

    return quote(raw.encode("latin-1"), safe=_ASCII)


class _Lazy:
    """A value made on first read (see :meth:`Request.attach`)."""

    __slots__ = ("make",)

    def __init__(self, make: Any) -> None:
        self.make = make


class Request:
    """An HTTP request; see the module docstring for how the body is read."""

    # PERF: slots keep construction to a few pointer stores (tests/http/test_slots.py).
    __slots__ = (
        "_attached",
        "_body",
        "_client",
        "_cookies",
        "_files",
        "_form",
        "_headers",
        "_id",
        "_json",
        "_query",
        "_state",
        "_url_parts",
        "app",
        "endpoint",
        "limits",
        "method",
        "path",
        "path_params",
    )

    method: str
    path: str
    limits: RequestLimits

    def __init__(self, method: str, path: str, limits: RequestLimits = DEFAULT_LIMITS) -> None:
        self.method = method
        self.path = path
        self.limits = limits
        self._reset()

    def _reset(self) -> None:
        self.app: Any = None
        self.endpoint: Any = None
        self.path_params: dict[str, Any] = {}
        self._query: MultiDict[str] | None = None
        self._headers: Headers | None = None
        self._cookies: dict[str, str] | None = None
        self._body: Any = None
        self._form: MultiDict[str] | None = None
        self._files: MultiDict[UploadedFile] | None = None
        self._json: Any = _CONSUMED
        self._client: tuple[str, int] | bool | None = False
        self._url_parts: tuple[str, str] | None = None
        self._state: SimpleNamespace | None = None
        self._id: str | None = None
        self._attached: dict[str, Any] | None = None

    # -- what each protocol provides -------------------------------------------------------

    @property
    def raw_path(self) -> bytes:
        """The path as sent, still percent-encoded."""
        from urllib.parse import quote

        return quote(self.path, safe="/:@!$&'()*+,;=-._~").encode("ascii")

    @property
    def query_string(self) -> str:
        """The raw query string (without ``?``)."""
        return ""

    @property
    def root_path(self) -> str:
        """Where the app is mounted (``SCRIPT_NAME`` or ASGI ``root_path``), ``""`` at the root."""
        return ""

    def _raw_headers(self) -> list[tuple[str, str]]:
        """``(lower-case name, value)`` pairs as received."""
        return []

    def _header(self, lowered_name: str) -> str | None:
        """PERF: one header without building :attr:`headers` (protocols override this)."""
        return self.headers.get(lowered_name)

    def _peer(self) -> tuple[str, int] | None:
        """The socket peer's address."""
        return None

    def _server_scheme(self) -> str:
        """The scheme the server saw."""
        return self._server_scheme_host()[0]

    def _server_scheme_host(self) -> tuple[str, str]:
        """The scheme and host the server saw, before any proxy headers."""
        return "http", "localhost"

    def _read_chunks(self) -> Iterator[bytes]:
        """Yield the body's chunks once, enforcing :attr:`limits`."""
        return iter(())

    # -- headers, query, cookies -----------------------------------------------------------

    @property
    def headers(self) -> Headers:
        """Case-insensitive, read-only request headers."""
        if self._headers is None:
            self._headers = Headers._from_lowercase(self._raw_headers())
        return self._headers

    @property
    def query(self) -> MultiDict[str]:
        """The query string parameters (``getlist`` for repeated ones)."""
        if self._query is None:
            query = self.query_string
            if not query.isascii():
                # Both protocols hand over raw bytes as latin-1: decode them as UTF-8, strictly.
                try:
                    query = query.encode("latin-1").decode("utf-8")
                except UnicodeError:
                    raise BadRequest("the query string is not valid UTF-8") from None
            self._query = parse_urlencoded(query, max_fields=self.limits.max_query_fields)
        return self._query

    @property
    def cookies(self) -> dict[str, str]:
        """The cookies the client sent."""
        if self._cookies is None:
            header = self._header("cookie")
            self._cookies = parse_cookie_header(header) if header else {}
        return self._cookies

    @property
    def content_type(self) -> str:
        """The media type of the body, lower-cased, without parameters (``""`` if none)."""
        header = self._header("content-type")
        if not header:
            return ""
        return header.partition(";")[0].strip().lower()

    @property
    def content_length(self) -> int | None:
        """The declared body length, or ``None`` when absent; a malformed one is a 400."""
        header = self._header("content-length")
        if header is None:
            return None
        # isdigit alone accepts digits such as "²" that int() refuses.
        if not (header.isascii() and header.isdigit()):
            raise BadRequest("malformed Content-Length header")
        return int(header)

    # -- content negotiation ---------------------------------------------------------------

    def accepts(self, media_type: str) -> bool:
        """True when the ``Accept`` header allows ``media_type`` (no header allows anything)."""
        from trestle.http.negotiation import parse_accept, quality

        # PERF: no per-request cache slot: parse_accept caches by the header's text.
        return quality(parse_accept(self._header("accept")), media_type) > 0

    def preferred(self, *media_types: str) -> str | None:
        """The one of ``media_types`` the client prefers (RFC 9110 weights), ``None`` if none.

        Ties go to the type listed first, so list them in the server's order of preference.
        """
        from trestle.http.negotiation import best_match, parse_accept

        return best_match(parse_accept(self._header("accept")), media_types)

    # -- where the request came from -------------------------------------------------------

    @property
    def client(self) -> tuple[str, int] | None:
        """The client's ``(host, port)``; from ``X-Forwarded-For`` only via a trusted proxy."""
        if self._client is False:
            peer = self._peer()
            if peer is not None and self.limits.is_trusted_proxy(peer[0]):
                forwarded = self._header("x-forwarded-for")
                if forwarded:
                    # Walk right to left past our own proxies: the first other hop is the client;
                    # when every hop is one of ours, the client is the leftmost (the first sender).
                    for hop in reversed([h.strip() for h in forwarded.split(",")]):
                        if hop:
                            peer = (hop, 0)
                            if not self.limits.is_trusted_proxy(hop):
                                break
            self._client = peer
        return self._client  # type: ignore[return-value]

    def _scheme_host(self) -> tuple[str, str]:
        if self._url_parts is None:
            scheme, host = self._server_scheme_host()
            header_host = self._header("host")
            if header_host:
                host = header_host
            peer = self._peer()
            if peer is not None and self.limits.is_trusted_proxy(peer[0]):
                proto = self._header("x-forwarded-proto")
                if proto:
                    proto = proto.rpartition(",")[2].strip().lower()
                    if proto in ("http", "https"):
                        scheme = proto
                forwarded_host = self._header("x-forwarded-host")
                if forwarded_host:
                    host = forwarded_host.rpartition(",")[2].strip()
            self._url_parts = (scheme, host)
        return self._url_parts

    @property
    def scheme(self) -> str:
        """``"http"`` or ``"https"`` (``X-Forwarded-Proto`` honoured only from trusted proxies)."""
        return self._scheme_host()[0]

    @property
    def is_secure(self) -> bool:
        """True when the request came over HTTPS."""
        if not self.limits.trusted_proxies:
            # PERF: no proxy to believe, so the server's own scheme decides.
            return self._server_scheme() == "https"
        return self._scheme_host()[0] == "https"

    @property
    def host(self) -> str:
        """The host (and port, if not the default) the client asked for."""
        return self._scheme_host()[1]

    @property
    def url(self) -> str:
        """The full URL: scheme, host, path and query string."""
        scheme, host = self._scheme_host()
        path = self.raw_path.decode("latin-1")
        query = self.query_string
        url = f"{scheme}://{host}{_ascii(path)}"
        return f"{url}?{_ascii(query)}" if query else url

    # -- the body --------------------------------------------------------------------------

    @property
    def body(self) -> bytes:
        """The whole body as bytes (read once, then cached)."""
        body = self._body
        if body is None:
            body = self._body = b"".join(self._read_chunks())
        elif body is _CONSUMED:
            raise RuntimeError("the request body was already consumed by request.stream()")
        return body  # type: ignore[no-any-return]

    def stream(self) -> Iterator[bytes]:
        """Yield the body in chunks without keeping it; ``body`` is not available afterwards."""
        if self._body is not None:
            if self._body is _CONSUMED:
                raise RuntimeError("the request body was already consumed by request.stream()")
            yield self._body
            return
        self._body = _CONSUMED
        yield from self._read_chunks()

    def _parse_form(self) -> None:
        content_type = self.content_type
        if content_type == "application/x-www-form-urlencoded":
            self._form = parse_urlencoded_body(self.body, self.limits)
            self._files = MultiDict()
        elif content_type == "multipart/form-data":
            from trestle.http.forms import parse_multipart

            header = self._header("content-type") or ""
            source = self.stream() if self._body is None else iter((self.body,))
            self._form, self._files = parse_multipart(header, source, self.limits)
        else:
            self._form, self._files = MultiDict(), MultiDict()

    @property
    def form(self) -> MultiDict[str]:
        """Form fields of a urlencoded or multipart body (empty for other content types)."""
        if self._form is None:
            self._parse_form()
        return self._form  # type: ignore[return-value]

    @property
    def files(self) -> MultiDict[UploadedFile]:
        """Uploaded files of a multipart body."""
        if self._files is None:
            self._parse_form()
        return self._files  # type: ignore[return-value]

    @property
    def json(self) -> Any:
        """The body decoded as JSON: 415 for another content type, 400 for malformed JSON."""
        if self._json is _CONSUMED:
            content_type = self.content_type
            if content_type != "application/json" and not content_type.endswith("+json"):
                raise UnsupportedMediaType(
                    f"expected a JSON body (Content-Type: application/json), got "
                    f"{content_type or 'no content type'}"
                )
            import orjson

            body = self.body
            if not body:
                raise BadRequest("the JSON body is empty")
            try:
                self._json = orjson.loads(body)
            except orjson.JSONDecodeError as error:
                raise BadRequest(f"malformed JSON: {error}") from None
        return self._json

    # -- per-request extras ----------------------------------------------------------------

    @property
    def state(self) -> SimpleNamespace:
        """A namespace where middleware and views can keep things for this request."""
        if self._state is None:
            self._state = SimpleNamespace()
        return self._state

    @property
    def id(self) -> str:
        """A random id for this request, shown on error pages and written to the logs."""
        if self._id is None:
            import uuid

            self._id = uuid.uuid4().hex
        return self._id

    # -- what the batteries attach ---------------------------------------------------------

    def attach(self, name: str, value: Any, *, lazy: bool = False) -> None:
        """Attach a battery's per-request object, read back as ``request.<name>``.

        ``lazy=True``: ``value`` is a callable taking no arguments, called on first read
        (so ``request.user`` costs nothing for a view that never looks at it).
        """
        if self._attached is None:
            self._attached = {}
        self._attached[name] = _Lazy(value) if lazy else value

    def attached(self, name: str, provider: str = "") -> Any:
        """What a battery attached as ``name``; a clear error naming ``provider`` if none did."""
        attached = self._attached
        if attached is None or name not in attached:
            hint = f": add {provider}" if provider else ""
            raise RuntimeError(f"request.{name} is not available{hint}")
        value = attached[name]
        if type(value) is _Lazy:
            value = attached[name] = value.make()
        return value

    def is_attached(self, name: str) -> bool:
        """True when a battery attached ``name`` to this request."""
        return self._attached is not None and name in self._attached

    @property
    def session(self) -> Any:
        """The session (attached by the sessions middleware)."""
        return self.attached("session", "trestle.sessions to INSTALLED_APPS or its middleware")

    @property
    def user(self) -> Any:
        """The logged-in user, or an anonymous user (attached by the auth middleware)."""
        return self.attached("user", "trestle.auth to INSTALLED_APPS or its middleware")

    @user.setter
    def user(self, value: Any) -> None:
        self.attach("user", value)

    @property
    def db(self) -> Any:
        """This request's database session (attached by the database middleware)."""
        return self.attached("db", "a database (trestle.db) to the app")

    def url_for(self, name: str, /, **params: Any) -> str:
        """The path of the route called ``name``, below where the app is mounted."""
        path: str = self.app.url_for(name, **params)
        root = self.root_path
        return root + path if root else path

    def _close(self) -> None:
        """Release uploaded files; called by the app when the response is done."""
        if self._files:
            for _, upload in self._files.multi_items():
                upload.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.method} {self.path!r}>"
