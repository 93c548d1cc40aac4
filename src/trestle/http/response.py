"""Responses: bytes, text, HTML, JSON, redirects and streams, with safe cookie defaults."""

from __future__ import annotations

from collections.abc import AsyncIterable, Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, ClassVar

from trestle.http.cookies import SameSite, render_set_cookie
from trestle.http.headers import MutableHeaders, check_header

HeadersInit = Mapping[str, str] | Iterable[tuple[str, str]] | None
_ASCII = "".join(map(chr, range(128)))


class Response:
    """A response with a body of bytes; subclasses set the media type and encode content."""

    __slots__ = ("_cookies", "_headers", "body", "status_code")

    media_type: ClassVar[str | None] = None
    #: True for responses whose body is produced while it is sent.
    streaming: ClassVar[bool] = False
    #: True for responses that adapt to the request (conditional or range requests).
    needs_request: ClassVar[bool] = False

    def __init__(
        self,
        content: bytes | str = b"",
        status_code: int = 200,
        headers: HeadersInit = None,
        media_type: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.body = content.encode() if isinstance(content, str) else bytes(content)
        self._cookies: list[tuple[str, bool]] | None = None
        media_type = media_type or self.media_type
        # PERF: the content type we set ourselves needs no validation.
        self._headers: list[tuple[str, str]] = [("Content-Type", media_type)] if media_type else []
        if headers:
            self._add_headers(headers)

    def _add_headers(self, headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
        pairs = headers.items() if isinstance(headers, Mapping) else headers
        view = MutableHeaders(self._headers)
        for name, value in pairs:
            if name.lower() == "content-length":
                continue  # computed from the body when the response is sent
            if name.lower() == "content-type":
                view[name] = value
            else:
                check_header(name, value)
                self._headers.append((name, value))

    @property
    def headers(self) -> MutableHeaders:
        """The response headers; setting a name or value with CR, LF or NUL raises HeaderError.

        ``Content-Length`` is computed from the body when the response is sent; setting it here
        is ignored, as in the constructor, so a response never carries two different lengths.
        """
        return _ResponseHeaders(self._headers)

    @property
    def content_type(self) -> str | None:
        """The ``Content-Type`` header, if any."""
        return self.headers.get("content-type")

    def set_cookie(
        self,
        key: str,
        value: str = "",
        *,
        max_age: int | None = None,
        expires: datetime | float | None = None,
        path: str = "/",
        domain: str | None = None,
        secure: bool | None = None,
        httponly: bool = True,
        samesite: SameSite | None = "Lax",
        partitioned: bool = False,
    ) -> None:
        """Set a cookie: HttpOnly and SameSite=Lax by default, and Secure whenever on HTTPS.

        ``secure=None`` means "Secure when the request came over HTTPS", decided when the
        response is sent; pass ``True`` or ``False`` to force it. ``samesite="None"`` needs
        Secure (browsers drop the cookie otherwise), so with ``secure=None`` it is always Secure.
        """
        if samesite == "None" and secure is None:
            secure = True
        # Rendered (and so checked) now, where the caller can see a mistake; PERF: once.
        rendered = render_set_cookie(
            key,
            value,
            max_age=max_age,
            expires=expires,
            path=path,
            domain=domain,
            secure=secure is True,
            httponly=httponly,
            samesite=samesite,
            partitioned=partitioned,
        )
        if self._cookies is None:
            self._cookies = []
        # The flag says "add Secure if the request turns out to be HTTPS".
        self._cookies.append((rendered, secure is None))

    def delete_cookie(
        self,
        key: str,
        *,
        path: str = "/",
        domain: str | None = None,
        secure: bool | None = None,
        httponly: bool = True,
        samesite: SameSite | None = "Lax",
    ) -> None:
        """Tell the browser to drop a cookie (path and domain must match how it was set)."""
        self.set_cookie(
            key,
            "",
            max_age=0,
            expires=0,
            path=path,
            domain=domain,
            secure=secure,
            httponly=httponly,
            samesite=samesite,
        )

    def prepare(self, request: Any) -> Response:
        """Adapt to the request just before sending (file responses answer 304 and 206 here)."""
        return self

    def _header_list(self, is_secure: bool) -> list[tuple[str, str]]:
        """The headers to send, with the cookies rendered for this request's scheme."""
        if self._cookies is None:
            return self._headers
        headers = list(self._headers)
        for rendered, secure_on_https in self._cookies:
            if secure_on_https and is_secure:
                # Where render_set_cookie would have put it: before HttpOnly, or last.
                if "; HttpOnly" in rendered:
                    rendered = rendered.replace("; HttpOnly", "; Secure; HttpOnly", 1)
                else:
                    rendered = rendered.replace("; Partitioned", "; Secure; Partitioned", 1)
                    if "; Secure" not in rendered:
                        rendered += "; Secure"
            headers.append(("Set-Cookie", rendered))
        return headers

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.status_code}>"


class _ResponseHeaders(MutableHeaders):
    """The view :attr:`Response.headers` hands out: it leaves ``Content-Length`` to the sender."""

    __slots__ = ()

    def __setitem__(self, name: str, value: str) -> None:
        if name.lower() != "content-length":
            super().__setitem__(name, value)

    def add(self, name: str, value: str) -> None:
        if name.lower() != "content-length":
            super().add(name, value)


_dumps: Callable[[Any], bytes] | None = None


def _load_orjson() -> Callable[[Any], bytes]:
    """Import orjson on the first JSON response (it costs ``import trestle`` ~5 ms otherwise)."""
    global _dumps
    import functools

    import orjson

    _dumps = functools.partial(orjson.dumps, option=orjson.OPT_NON_STR_KEYS)
    return _dumps


class PlainTextResponse(Response):
    """A ``text/plain`` response."""

    __slots__ = ()
    media_type = "text/plain; charset=utf-8"


class HTMLResponse(Response):
    """A ``text/html`` response."""

    __slots__ = ()
    media_type = "text/html; charset=utf-8"


class JSONResponse(Response):
    """A JSON response, encoded with orjson (datetimes, UUIDs, dataclasses included)."""

    __slots__ = ()
    media_type = "application/json"

    def __init__(
        self,
        content: Any,
        status_code: int = 200,
        headers: HeadersInit = None,
        media_type: str | None = None,
    ) -> None:
        self.status_code = status_code
        # PERF: orjson straight into the body, no intermediate str; loaded on first use.
        self.body = (_dumps or _load_orjson())(content)
        self._cookies = None
        self._headers = [("Content-Type", media_type or "application/json")]
        if headers:
            self._add_headers(headers)


class RedirectResponse(Response):
    """A redirect (302 by default; 301, 303, 307 and 308 also allowed).

    Non-ASCII characters in ``url`` are percent-encoded as UTF-8 (``/café`` → ``/caf%C3%A9``).
    """

    __slots__ = ()
    # The body is empty, but PEP 3333 validators (wsgiref.validate) want a type on every
    # response that may have one.
    media_type = "text/plain; charset=utf-8"

    def __init__(self, url: str, status_code: int = 302, headers: HeadersInit = None) -> None:
        if status_code not in (301, 302, 303, 307, 308):
            raise ValueError(f"{status_code} is not a redirect status")
        super().__init__(b"", status_code, headers)
        if not url.isascii():
            # ASCII is kept as given: escapes stay, and CR or LF are still refused as headers.
            from urllib.parse import quote

            url = quote(url, safe=_ASCII)
        self.headers["Location"] = url


class StreamingResponse(Response):
    """A response whose body comes from a sync or async iterator of bytes or str."""

    __slots__ = ("content",)
    streaming = True

    def __init__(
        self,
        content: Iterable[bytes | str] | AsyncIterable[bytes | str],
        status_code: int = 200,
        headers: HeadersInit = None,
        media_type: str | None = None,
    ) -> None:
        super().__init__(b"", status_code, headers, media_type)
        self.content = content
