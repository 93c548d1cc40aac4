"""HTTP errors that any layer may raise and the app turns into responses.

The hierarchy::

    HTTPException(status, detail, headers)
     ├── BadRequest                400
     ├── Forbidden                 403
     ├── NotFound                  404
     ├── MethodNotAllowed          405  (carries the allowed methods)
     ├── Conflict                  409
     ├── PreconditionFailed        412
     ├── PayloadTooLarge           413
     ├── UnsupportedMediaType      415
     ├── RangeNotSatisfiable       416
     ├── UnprocessableContent      422
     ├── NotImplementedMethod      501
     └── ServiceUnavailable        503
    RequestRedirect(location, status)  a routing redirect, not an error
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NoReturn

from trestle.http.status import REASONS


class HTTPException(Exception):
    """An error with an HTTP status; raised anywhere, rendered by the app's error handling."""

    status_code: int = 500

    def __init__(
        self,
        status_code: int | None = None,
        detail: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        if status_code is not None:
            self.status_code = status_code
        if detail is None:
            detail = REASONS.get(self.status_code, "Error")
        self.detail = detail
        self.headers: dict[str, str] = dict(headers) if headers else {}
        super().__init__(self.status_code, detail)

    def __str__(self) -> str:
        return f"{self.status_code}: {self.detail}"


class _FixedStatus(HTTPException):
    """An HTTPException whose class sets the status, so the detail comes first."""

    def __init__(self, detail: Any = None, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(None, detail, headers)


class BadRequest(_FixedStatus):
    """400: the request is malformed (bad encoding, bad JSON, bad multipart...)."""

    status_code = 400


class Forbidden(_FixedStatus):
    """403: the request is understood and refused."""

    status_code = 403


class NotFound(_FixedStatus):
    """404: nothing is routed at this path."""

    status_code = 404


class MethodNotAllowed(_FixedStatus):
    """405: the path exists but not for this method; ``Allow`` lists the ones that do."""

    status_code = 405

    def __init__(self, allowed: Iterable[str], detail: Any = None) -> None:
        self.allowed = tuple(sorted(allowed))
        super().__init__(detail, {"Allow": ", ".join(self.allowed)})


class Conflict(_FixedStatus):
    """409: the request conflicts with the current state of the resource."""

    status_code = 409


class PreconditionFailed(_FixedStatus):
    """412: a conditional request header (If-Match, If-Unmodified-Since...) does not hold."""

    status_code = 412


class PayloadTooLarge(_FixedStatus):
    """413: the body, or a part of it, is over a configured limit."""

    status_code = 413

    def __init__(self, detail: Any = None) -> None:
        # The rest of the body is unread: ask the server not to reuse the connection.
        super().__init__(detail, {"Connection": "close"})


class UnsupportedMediaType(_FixedStatus):
    """415: the body's content type is not one this endpoint reads."""

    status_code = 415


class RangeNotSatisfiable(_FixedStatus):
    """416: a Range header asks for bytes the representation does not have."""

    status_code = 416


class UnprocessableContent(_FixedStatus):
    """422: well-formed input that fails validation."""

    status_code = 422


class NotImplementedMethod(_FixedStatus):
    """501: a request method the app does not recognise at all."""

    status_code = 501


class ServiceUnavailable(_FixedStatus):
    """503: a backend the request needs is down; retry later."""

    status_code = 503


class RequestRedirect(HTTPException):
    """A redirect raised while routing (the trailing-slash policy), rendered as a 301/308."""

    def __init__(self, location: str, status_code: int = 301) -> None:
        self.location = location
        super().__init__(
            status_code, detail=f"Redirecting to {location}", headers={"Location": location}
        )


def abort(
    status_code: int, detail: Any = None, headers: Mapping[str, str] | None = None
) -> NoReturn:
    """Stop handling the request now and answer with ``status_code``."""
    raise HTTPException(status_code, detail, headers)
