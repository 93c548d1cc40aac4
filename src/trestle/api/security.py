"""API authentication schemes: where a request carries its credentials, as dependencies.

A scheme reads the credentials and refuses a request without them; it does not decide whether
they are good. That is the job of a dependency written on top, which the OpenAPI document
never needs to know about::

    bearer = HTTPBearer()

    def current_client(token: str = Depends(bearer)) -> Client:
        client = clients.by_token(token)
        if client is None:
            raise HTTPException(401, "unknown token", headers={"WWW-Authenticate": "Bearer"})
        return client

A scheme used anywhere in a view's dependencies appears in the view's OpenAPI ``security``
and in ``components.securitySchemes``.

Missing (or, for bearer tokens, malformed) credentials get **401** with a
``WWW-Authenticate`` challenge (RFC 9110 §11.6.1), never 403: 403 means "we know who you
are, and the answer is no", which is for the dependency on top to say. With
``auto_error=False`` the scheme returns ``None`` instead, for views open to anonymous callers.
"""

from __future__ import annotations

import hmac
import re
from typing import Any, Literal

from trestle.http.exceptions import HTTPException
from trestle.http.request import Request
from trestle.params import SecurityScheme

# RFC 9110 §11.2 token68: the shape of a bearer token (RFC 6750 §2.1).
_TOKEN68 = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def secret_equals(given: str | bytes | None, expected: str | bytes) -> bool:
    """Compare a secret sent by a client with the real one in constant time.

    Unlike ``hmac.compare_digest`` on ``str``, this accepts any text (a header may hold
    non-ASCII bytes) and ``None`` (nothing was sent), and never raises.
    """
    if given is None:
        return False
    given_bytes = given.encode("utf-8", "surrogatepass") if isinstance(given, str) else given
    expected_bytes = (
        expected.encode("utf-8", "surrogatepass") if isinstance(expected, str) else expected
    )
    return hmac.compare_digest(given_bytes, expected_bytes)


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class HTTPBearer(SecurityScheme):
    """A bearer token in ``Authorization: Bearer <token>`` (RFC 6750); returns the token.

    A missing header, another scheme (``Basic ...``) or a malformed token is answered 401
    with ``WWW-Authenticate: Bearer`` (plus ``error="invalid_request"`` when malformed).
    """

    def __init__(
        self,
        *,
        scheme_name: str | None = None,
        description: str | None = None,
        bearer_format: str | None = None,
        realm: str | None = None,
        auto_error: bool = True,
    ) -> None:
        self.scheme_name = scheme_name or type(self).__name__
        self.description = description
        self.bearer_format = bearer_format
        self.auto_error = auto_error
        challenge = "Bearer"
        if realm is not None:
            challenge += f" realm={_quoted(realm)}"
        self._challenge = challenge
        self._challenge_malformed = (
            f'{challenge}, error="invalid_request"' if realm else 'Bearer error="invalid_request"'
        )

    def __call__(self, request: Request) -> str | None:
        """The token, or 401 (``None`` with ``auto_error=False``)."""
        header = request._header("authorization")  # PERF: one header, as other batteries read it
        if not header:
            return self._refuse("a bearer token is required", self._challenge)
        scheme, _, token = header.strip().partition(" ")
        if scheme.lower() != "bearer":
            return self._refuse("a bearer token is required", self._challenge)
        token = token.strip(" ")
        if not _TOKEN68.fullmatch(token):
            return self._refuse("malformed bearer token", self._challenge_malformed)
        return token

    def _refuse(self, detail: str, challenge: str) -> str | None:
        if self.auto_error:
            raise HTTPException(401, detail, headers={"WWW-Authenticate": challenge})
        return None

    def openapi_scheme(self) -> dict[str, Any]:
        """An ``http`` scheme with ``scheme: bearer``."""
        scheme: dict[str, Any] = {"type": "http", "scheme": "bearer"}
        if self.bearer_format:
            scheme["bearerFormat"] = self.bearer_format
        if self.description:
            scheme["description"] = self.description
        return scheme

    def __repr__(self) -> str:
        return f"{type(self).__name__}(scheme_name={self.scheme_name!r})"


class _APIKey(SecurityScheme):
    """An API key sent in a header, the query string or a cookie; returns the key."""

    location: Literal["header", "query", "cookie"]

    def __init__(
        self,
        *,
        name: str,
        scheme_name: str | None = None,
        description: str | None = None,
        auto_error: bool = True,
    ) -> None:
        if not _HEADER_NAME.fullmatch(name):
            raise ValueError(f"{type(self).__name__}: {name!r} is not a valid {self.location} name")
        self.name = name
        self.scheme_name = scheme_name or type(self).__name__
        self.description = description
        self.auto_error = auto_error
        self._challenge = f"APIKey in={_quoted(self.location)}, name={_quoted(name)}"
        self._lowered = name.lower()

    def _read(self, request: Request) -> str | None:
        raise NotImplementedError

    def __call__(self, request: Request) -> str | None:
        """The key, or 401 (``None`` with ``auto_error=False``)."""
        key = self._read(request)
        if key:
            return key
        if self.auto_error:
            raise HTTPException(
                401,
                f"an API key is required ({self.location} {self.name})",
                headers={"WWW-Authenticate": self._challenge},
            )
        return None

    def openapi_scheme(self) -> dict[str, Any]:
        """An ``apiKey`` scheme naming where the key goes."""
        scheme: dict[str, Any] = {"type": "apiKey", "in": self.location, "name": self.name}
        if self.description:
            scheme["description"] = self.description
        return scheme

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, scheme_name={self.scheme_name!r})"


class APIKeyHeader(_APIKey):
    """An API key in a request header: ``APIKeyHeader(name="X-API-Key")``."""

    location = "header"

    def _read(self, request: Request) -> str | None:
        value = request._header(self._lowered)  # PERF: one header, without request.headers
        return value.strip() if value else None


class APIKeyQuery(_APIKey):
    """An API key in the query string: ``APIKeyQuery(name="api_key")``.

    Query strings end up in server and proxy logs and in browser history: prefer a header.
    """

    location = "query"

    def _read(self, request: Request) -> str | None:
        return request.query.get(self.name)


class APIKeyCookie(_APIKey):
    """An API key in a cookie: ``APIKeyCookie(name="api_key")``."""

    location = "cookie"

    def _read(self, request: Request) -> str | None:
        return request.cookies.get(self.name)
