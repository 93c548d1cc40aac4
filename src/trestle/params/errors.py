"""The 422 answer: every invalid input at once, as RFC 9457 problem details.

A request whose inputs fail validation is answered ``422`` with a body like::

    {
      "type": "about:blank",
      "title": "Unprocessable Entity",
      "status": 422,
      "detail": "2 invalid inputs: query 'page', body 'email'",
      "errors": [
        {"in": "query", "name": "page", "loc": ["query", "page"],
         "message": "Input should be a valid integer", "type": "int_parsing", "input": "x"},
        {"in": "body", "name": "email", "loc": ["body", "email"],
         "message": "Field required", "type": "missing", "input": null}
      ]
    }

``type``, ``title``, ``status`` and ``detail`` are those of every other Trestle error page
(:mod:`trestle.errors.pages`); ``errors`` lists each problem: ``in`` (path, query, header,
cookie, body, form, file), ``name`` (the name on the wire; ``""`` for the whole body),
``loc`` (the full location, ``in`` first), ``message``, ``type`` (pydantic's error type, a
stable machine-readable code) and ``input`` (what was sent, ``null`` when it was missing).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from trestle.http.exceptions import UnprocessableContent
from trestle.http.status import REASONS

if TYPE_CHECKING:
    from trestle.http.request import Request
    from trestle.http.response import Response

#: The media type of every problem details body.
PROBLEM_JSON = "application/problem+json"


class RequestValidationError(UnprocessableContent):
    """422: the request's inputs failed validation; :attr:`errors` lists each problem."""

    def __init__(self, errors: Sequence[dict[str, Any]]) -> None:
        self.errors: list[dict[str, Any]] = list(errors)
        super().__init__(summary(self.errors))

    def body(self) -> dict[str, Any]:
        """The problem details document (see the module docstring)."""
        return validation_error_body(self.errors, self.detail)

    def to_response(self, request: Request | None) -> Response:
        """The 422 response: problem+json, or a short HTML page for a browser."""
        from trestle.errors.pages import error_response, wants_html
        from trestle.http.response import JSONResponse

        if wants_html(request):
            return error_response(request, 422, self.detail, headers=self.headers)
        return JSONResponse(self.body(), 422, self.headers or None, media_type=PROBLEM_JSON)


class ResponseValidationError(TypeError):
    """A view's return value does not match its response model: a bug in the view (a 500)."""

    def __init__(self, view: str, errors: Sequence[dict[str, Any]]) -> None:
        self.errors = list(errors)
        lines = "\n".join(
            f"  {'.'.join(str(part) for part in e['loc']) or '(the value)'}: {e['msg']} "
            f"(got {_short(e.get('input'))})"
            for e in self.errors
        )
        super().__init__(
            f"the value returned by {view} does not match its response model "
            f"({len(self.errors)} error{'s' if len(self.errors) != 1 else ''}):\n{lines}"
        )


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def summary(errors: Sequence[dict[str, Any]]) -> str:
    """The ``detail`` line: how many inputs are invalid, and which."""
    names = []
    for error in errors:
        label = f"{error['in']} {error['name']!r}" if error["name"] else error["in"]
        if label not in names:
            names.append(label)
    count = len(errors)
    noun = "invalid input" if count == 1 else "invalid inputs"
    return f"{count} {noun}: {', '.join(names)}"


def validation_error_body(
    errors: Sequence[dict[str, Any]], detail: str | None = None
) -> dict[str, Any]:
    """The 422 problem details document for ``errors`` (see the module docstring)."""
    return {
        "type": "about:blank",
        "title": REASONS.get(422, "Unprocessable Content"),
        "status": 422,
        "detail": detail if detail is not None else summary(errors),
        "errors": list(errors),
    }


def validation_error_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12, as OpenAPI 3.1 uses) of the 422 body."""
    return {
        "title": "ValidationProblem",
        "description": "RFC 9457 problem details listing every invalid input.",
        "type": "object",
        "required": ["type", "title", "status", "detail", "errors"],
        "properties": {
            "type": {"type": "string", "format": "uri-reference", "example": "about:blank"},
            "title": {"type": "string"},
            "status": {"type": "integer", "const": 422},
            "detail": {"type": "string"},
            "errors": {
                "type": "array",
                "items": {
                    "title": "InvalidInput",
                    "type": "object",
                    "required": ["in", "name", "loc", "message", "type", "input"],
                    "properties": {
                        "in": {
                            "type": "string",
                            "enum": ["path", "query", "header", "cookie", "body", "form", "file"],
                        },
                        "name": {"type": "string"},
                        "loc": {
                            "type": "array",
                            "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                        },
                        "message": {"type": "string"},
                        "type": {"type": "string"},
                        "input": {},
                    },
                },
            },
        },
    }
