"""Per-request objects have ``__slots__``: no instance dict, so no attribute can be added."""

from __future__ import annotations

import io

import pytest

from trestle.http.asgi import ASGIRequest
from trestle.http.forms import UploadedFile
from trestle.http.headers import Headers, MutableHeaders
from trestle.http.limits import DEFAULT_LIMITS
from trestle.http.multidict import MultiDict
from trestle.http.request import Request
from trestle.http.response import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from trestle.http.wsgi import WSGIRequest


async def receive() -> dict[str, object]:
    return {"type": "http.request"}


def make_objects() -> list[object]:
    scope = {"type": "http", "method": "GET", "path": "/", "query_string": b"", "headers": []}
    return [
        Request("GET", "/"),
        WSGIRequest({"wsgi.input": io.BytesIO()}, "GET", "/", DEFAULT_LIMITS),
        ASGIRequest(scope, receive, "GET", "/", DEFAULT_LIMITS),
        Response(b""),
        PlainTextResponse(""),
        HTMLResponse(""),
        JSONResponse({}),
        RedirectResponse("/"),
        StreamingResponse([]),
        Response(b"").headers,
        Headers(),
        MutableHeaders(),
        MultiDict(),
    ]


@pytest.mark.parametrize("obj", make_objects(), ids=lambda obj: type(obj).__name__)
def test_slots(obj: object) -> None:
    assert not hasattr(obj, "__dict__")
    with pytest.raises(AttributeError):
        obj.no_such_attribute = True  # type: ignore[attr-defined]


def test_uploaded_file_has_slots() -> None:
    upload = UploadedFile("f", "f.txt", "text/plain", {}, 1024)
    try:
        with pytest.raises(AttributeError):
            upload.no_such_attribute = True  # type: ignore[attr-defined]
    finally:
        upload.close()


def test_request_state_is_where_extra_data_goes() -> None:
    request = Request("GET", "/")
    request.state.user = "ada"
    assert request.state.user == "ada"
