"""CORS: which other origins' pages may call this API from a browser (the Fetch standard).

A browser sends ``Origin`` on a cross-origin request. For a "simple" one it sends the request
and lets the page read the answer only if the answer carries
``Access-Control-Allow-Origin``. For any other (a PUT, a JSON body, an ``Authorization``
header) it first asks with a *preflight*: ``OPTIONS`` with ``Access-Control-Request-Method``
(and ``-Headers``). :class:`CORSMiddleware` answers preflights itself, before routing's own
OPTIONS answer or the view, and adds the headers to the other answers.

Everything is decided when the middleware is made: the allowed origins become a frozenset
and a compiled regex, and the header values are rendered once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from trestle.http.exceptions import BadRequest
from trestle.http.request import Request
from trestle.http.response import Response

#: Request headers a browser may send cross-origin without asking (with simple values).
SAFELISTED_HEADERS = frozenset({"accept", "accept-language", "content-language", "content-type"})
DEFAULT_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
DEFAULT_HEADERS = ("authorization", "content-type")

_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_ORIGIN = re.compile(r"[a-z][a-z0-9+.\-]*://[^/?#\s]+")


def _names(value: Iterable[str] | str, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = (value,)
    names = tuple(value)
    for name in names:
        if name != "*" and not _TOKEN.fullmatch(name):
            raise ValueError(f"CORS: {name!r} is not a valid {what}")
    if "*" in names and len(names) > 1:
        raise ValueError(f"CORS: {what}s are either '*' or a list, not both")
    return names


def add_vary(response: Response, *names: str) -> None:
    """Add ``names`` to the response's ``Vary`` header, once each."""
    headers = response.headers
    values = headers.getlist("vary")
    if not values:  # PERF: the usual case, no set to build
        headers.add("Vary", ", ".join(names))
        return
    present = {token.strip().lower() for value in values for token in value.split(",")}
    if "*" in present:
        return
    missing = [name for name in names if name.lower() not in present]
    if missing:
        headers.add("Vary", ", ".join(missing))


class CORSMiddleware:
    """Answer CORS preflights and mark the answers other origins may read.

    - ``allow_origins``: exact origins (``"https://app.example.com"``), or ``"*"`` for any.
    - ``allow_origin_regex``: a pattern an origin must match whole
      (``r"https://[a-z0-9-]+\\.example\\.com"``), in addition to ``allow_origins``.
    - ``allow_methods`` and ``allow_headers``: what a preflight may ask for (``"*"``: anything).
      The CORS-safelisted headers (``Accept``, ``Content-Type``...) are always allowed.
    - ``expose_headers``: response headers the page may read beyond the safelisted ones.
    - ``allow_credentials``: let the page send cookies and read the answer. The origin is
      then echoed, never ``*``, as browsers require.
    - ``max_age``: how long, in seconds, a browser may cache a preflight's answer.

    A preflight that asks for an origin, method or header that is not allowed gets a 400
    that says which, without any CORS header, so the browser refuses the call. A request from
    an origin that is not allowed is served as usual, without CORS headers.
    """

    def __init__(
        self,
        *,
        allow_origins: Iterable[str] | str = (),
        allow_origin_regex: str | None = None,
        allow_methods: Iterable[str] | str = DEFAULT_METHODS,
        allow_headers: Iterable[str] | str = DEFAULT_HEADERS,
        expose_headers: Iterable[str] | str = (),
        allow_credentials: bool = False,
        max_age: int = 600,
    ) -> None:
        origins = (allow_origins,) if isinstance(allow_origins, str) else tuple(allow_origins)
        self.any_origin = "*" in origins
        if self.any_origin and len(origins) > 1:
            raise ValueError("CORS: allow_origins is either '*' or a list, not both")
        for origin in origins:
            if origin == "null":
                raise ValueError(
                    "CORS: never allow the origin 'null': sandboxed frames and local files "
                    "of any site send it"
                )
            if origin != "*" and not _ORIGIN.fullmatch(origin.lower()):
                raise ValueError(
                    f"CORS: {origin!r} is not an origin: write scheme://host[:port], "
                    "without a path or a trailing slash"
                )
        self.origins = frozenset(origin.lower() for origin in origins if origin != "*")
        try:
            self.origin_regex = re.compile(allow_origin_regex) if allow_origin_regex else None
        except re.error as error:
            raise ValueError(f"CORS: allow_origin_regex does not compile: {error}") from None
        methods = _names(allow_methods, "method")
        headers = _names(allow_headers, "header name")
        exposed = _names(expose_headers, "header name")
        if isinstance(max_age, bool) or not isinstance(max_age, int) or max_age < 0:
            raise ValueError(f"CORS: max_age must be a number of seconds, not {max_age!r}")
        if allow_credentials and "*" in exposed:
            raise ValueError(
                "CORS: browsers ignore expose_headers='*' on requests with credentials; "
                "list the headers"
            )
        self.allow_credentials = allow_credentials
        self.any_method = methods == ("*",)
        self.methods = frozenset(method.upper() for method in methods if method != "*")
        self.any_header = headers == ("*",)
        self.headers = frozenset(name.lower() for name in headers) | SAFELISTED_HEADERS
        # A literal "*" only works without credentials; with them the request is echoed.
        self._echo_methods = self.any_method and allow_credentials
        self._echo_headers = self.any_header and allow_credentials
        # The answer depends on the Origin unless every origin gets the same literal "*".
        self.varies = not (self.any_origin and not allow_credentials)

        preflight: list[tuple[str, str]] = []
        if not self._echo_methods:
            listed = "*" if self.any_method else ", ".join(sorted(self.methods))
            preflight.append(("Access-Control-Allow-Methods", listed))
        if allow_credentials:
            preflight.append(("Access-Control-Allow-Credentials", "true"))
        preflight.append(("Access-Control-Max-Age", str(max_age)))
        self._preflight_headers = tuple(preflight)
        vary = ["Origin"] if self.varies else []
        if self._echo_methods:
            vary.append("Access-Control-Request-Method")
        if self.any_header:
            vary.append("Access-Control-Request-Headers")
        self._preflight_vary = ", ".join(vary)

        simple: list[tuple[str, str]] = []
        if allow_credentials:
            simple.append(("Access-Control-Allow-Credentials", "true"))
        if exposed:
            simple.append(("Access-Control-Expose-Headers", ", ".join(exposed)))
        self._simple_headers = tuple(simple)

    def is_allowed_origin(self, origin: str) -> bool:
        """True when pages from ``origin`` may call this app."""
        if not (origin and origin.isascii() and origin.isprintable()):
            return False  # no browser sends that; and it could not be echoed in a header
        if self.any_origin or origin in self.origins:
            return True
        return self.origin_regex is not None and self.origin_regex.fullmatch(origin) is not None

    def _allow_origin(self, origin: str) -> str:
        return origin if self.varies else "*"

    # -- the hooks -----------------------------------------------------------------------

    def before_request(self, request: Request) -> Response | None:
        """Answer a preflight at once (204, or 400 when refused); let other requests through."""
        if request.method != "OPTIONS":
            return None
        # PERF: single header reads, as the other batteries do, without building request.headers.
        header = request._header
        origin = header("origin")
        method = header("access-control-request-method")
        if not origin or not method:
            return None  # a plain OPTIONS request (empty headers count as absent): routing answers
        if not self.is_allowed_origin(origin):
            raise BadRequest("CORS preflight refused: this origin is not allowed")
        method = method.strip()
        if not _TOKEN.fullmatch(method):
            raise BadRequest("CORS preflight refused: malformed Access-Control-Request-Method")
        if not self.any_method and method not in self.methods:
            raise BadRequest(f"CORS preflight refused: the method {method} is not allowed")
        requested = [
            name.strip().lower()
            for name in (header("access-control-request-headers") or "").split(",")
            if name.strip()
        ]
        for name in requested:
            if not _TOKEN.fullmatch(name):
                raise BadRequest("CORS preflight refused: malformed Access-Control-Request-Headers")
            if not self.any_header and name not in self.headers:
                raise BadRequest(f"CORS preflight refused: the header {name} is not allowed")

        answer = [("Access-Control-Allow-Origin", self._allow_origin(origin))]
        answer.extend(self._preflight_headers)
        if self._echo_methods:
            answer.append(("Access-Control-Allow-Methods", method))
        if requested:
            if self.any_header and not self._echo_headers:
                answer.append(("Access-Control-Allow-Headers", "*"))
            else:
                answer.append(("Access-Control-Allow-Headers", ", ".join(requested)))
        if self._preflight_vary:
            answer.append(("Vary", self._preflight_vary))
        return Response(b"", 204, answer)

    def after_request(self, request: Request, response: Response) -> None:
        """Add the CORS headers to an answer for an allowed origin; ``Vary: Origin`` always."""
        header = request._header  # PERF: see before_request
        origin = header("origin")
        if self.varies:
            # Even without Origin: a cache must not give this answer to a cross-origin call.
            add_vary(response, "Origin")
        if not origin or (request.method == "OPTIONS" and header("access-control-request-method")):
            return  # not cross-origin, or a preflight (answered, or refused, above)
        if not self.is_allowed_origin(origin):
            return
        response_headers = response.headers
        response_headers["Access-Control-Allow-Origin"] = self._allow_origin(origin)
        for name, value in self._simple_headers:
            response_headers[name] = value

    def __repr__(self) -> str:
        origins: Any = "*" if self.any_origin else sorted(self.origins)
        return f"<CORSMiddleware origins={origins!r} credentials={self.allow_credentials}>"
