"""Turning what a view returns into a Response."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from trestle.http.response import HTMLResponse, JSONResponse, Response


class ViewReturnError(TypeError):
    """A view returned something Trestle cannot turn into a response."""


def _html(value: str) -> Response:
    return HTMLResponse(value)


def _bytes(value: bytes) -> Response:
    return Response(value, media_type="application/octet-stream")


def _json(value: Any) -> Response:
    return JSONResponse(value)


def _empty(_: None) -> Response:
    return Response(b"", 204)


# PERF: an exact-type table answers the common returns with one dict lookup.
_BY_TYPE: dict[type, Callable[[Any], Response]] = {
    str: _html,
    bytes: _bytes,
    dict: _json,
    list: _json,
    type(None): _empty,
}


def to_response(value: Any) -> Response:
    """Convert a view's return value (see :data:`trestle.types.ViewResult`)."""
    convert = _BY_TYPE.get(type(value))
    if convert is not None:
        return convert(value)
    if isinstance(value, Response):
        return value
    if isinstance(value, tuple):
        return _from_tuple(value)
    dump_json = getattr(value, "model_dump_json", None)
    if dump_json is not None:  # a pydantic model; duck-typed so pydantic is not imported
        return Response(dump_json().encode(), media_type="application/json")
    for kind, convert in _BY_TYPE.items():
        if isinstance(value, kind):
            return convert(value)
    raise ViewReturnError(
        f"the view returned {type(value).__name__}; return a Response, str (HTML), bytes, "
        "dict or list (JSON), a pydantic model, None (204), or (body, status[, headers])"
    )


def _from_tuple(value: tuple[Any, ...]) -> Response:
    if len(value) not in (2, 3) or not isinstance(value[1], int) or isinstance(value[1], bool):
        raise ViewReturnError(
            "a view may return (body, status) or (body, status, headers) with an int status"
        )
    response = to_response(value[0])
    response.status_code = value[1]
    if len(value) == 3:
        headers = value[2]
        if not isinstance(headers, Mapping) and not isinstance(headers, (list, tuple)):
            raise ViewReturnError("the headers in (body, status, headers) must be a dict or list")
        response.headers.update_from(headers)
    return response
