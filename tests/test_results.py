"""What a view may return, and what becomes of it."""

from __future__ import annotations

import dataclasses

import pytest

from trestle import App, JSONResponse
from trestle.results import ViewReturnError, to_response


class Model:
    """Quacks like a pydantic model: Trestle never imports pydantic to check."""

    def model_dump_json(self) -> str:
        return '{"model":true}'


@dataclasses.dataclass
class Point:
    x: int
    y: int


@pytest.mark.parametrize(
    ("value", "status", "content_type", "body"),
    [
        ("<p>hi</p>", 200, "text/html; charset=utf-8", b"<p>hi</p>"),
        (b"\x00\x01", 200, "application/octet-stream", b"\x00\x01"),
        ({"a": 1}, 200, "application/json", b'{"a":1}'),
        ([1, 2], 200, "application/json", b"[1,2]"),
        (None, 204, None, b""),
        (Model(), 200, "application/json", b'{"model":true}'),
        (("created", 201), 201, "text/html; charset=utf-8", b"created"),
        (({"ok": True}, 202, {"X-Extra": "1"}), 202, "application/json", b'{"ok":true}'),
        (JSONResponse(Point(1, 2), 200), 200, "application/json", b'{"x":1,"y":2}'),
    ],
)
def test_return_values_become_responses(make_client, value, status, content_type, body) -> None:
    app = App()

    @app.get("/")
    def view() -> object:
        return value

    response = make_client(app).get("/")
    assert response.status_code == status
    assert response.headers.get("content-type") == content_type
    assert response.content == body


def test_tuple_headers_are_applied(make_client) -> None:
    app = App()

    @app.get("/")
    def view() -> object:
        return "x", 200, [("X-One", "1"), ("X-Two", "2")]

    response = make_client(app).get("/")
    assert response.headers["x-one"] == "1"
    assert response.headers["x-two"] == "2"


@pytest.mark.parametrize("value", [object(), 42, ("too", "many", "items", "here"), ("x", "200")])
def test_unsupported_return_values_are_a_clear_error(value: object) -> None:
    with pytest.raises(ViewReturnError):
        to_response(value)


def test_unsupported_return_is_a_500_not_a_crash(make_client, caplog) -> None:
    app = App()

    @app.get("/")
    def view() -> object:
        return object()

    response = make_client(app).get("/")
    assert response.status_code == 500
    assert "ViewReturnError" in caplog.text


def test_subclasses_of_builtins_are_accepted() -> None:
    class MyDict(dict[str, int]):
        pass

    assert to_response(MyDict(a=1)).body == b'{"a":1}'
