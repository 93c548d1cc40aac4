"""Response models: the return value validated and filtered through a declared type.

A view's response model is ``response_model=`` on its route, or else its return
annotation when that names a model (a pydantic model, a dataclass or a TypedDict, alone or
inside ``list[...]``, ``X | None``...). ``-> dict``, ``-> str``, ``-> None`` and
``-> Response`` are plain annotations: nothing is validated. A view that returns a
``Response`` bypasses its response model.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any, Union, get_args, get_origin

from pydantic import ValidationError

from trestle.http.response import Response
from trestle.params.signature import label, mentions_model, split_annotated, type_hints
from trestle.views import ViewError


def _without_responses(annotation: Any) -> Any:
    """``User | Response`` → ``User``: a Response returned is sent as it is."""
    base, _ = split_annotated(annotation)
    if isinstance(base, type) and issubclass(base, Response):
        return None
    if get_origin(base) in (Union, types.UnionType):
        kept = [arg for arg in get_args(base) if _without_responses(arg) is not None]
        if not kept:
            return None
        if len(kept) < len(get_args(base)):
            return Union[tuple(kept)]  # noqa: UP007 (built at run time)
    return annotation


def find_response_model(view: Callable[..., Any], given: Any) -> Any:
    """The response model: ``given`` unless it is ``DEFAULT``, else from the annotation."""
    from trestle.params.markers import DEFAULT

    if given is not DEFAULT:
        return given
    annotation = type_hints(view).get("return")
    if annotation is None or not mentions_model(annotation):
        return None
    return _without_responses(annotation)


class ResponseModel:
    """Validates a view's return value against its model and serialises it to JSON."""

    __slots__ = ("_adapter", "_dump", "_exact", "_serialize", "_validate", "model", "view")

    def __init__(self, model: Any, view: Callable[..., Any]) -> None:
        from pydantic import TypeAdapter
        from pydantic.errors import PydanticSchemaGenerationError, PydanticUserError

        self.model = model
        self.view = label(view)
        try:
            self._adapter: Any = TypeAdapter(model)
        except (PydanticSchemaGenerationError, PydanticUserError, TypeError) as error:
            raise ViewError(
                f"view {self.view}: cannot use {model!r} as a response model: {error}"
            ) from None
        self._validate = self._adapter.validate_python
        self._dump = self._adapter.dump_json
        # PERF: an instance of the model class itself was validated when it was made (and
        # pydantic would pass it through unchecked): it is serialised straight away.
        from pydantic import BaseModel

        exact = isinstance(model, type) and issubclass(model, BaseModel)
        self._exact: Any = model if exact else None
        self._serialize: Any = model.__pydantic_serializer__.to_json if exact else None

    def dump(self, value: Any) -> bytes:
        """The JSON of ``value`` as the model sees it; a mismatch raises ResponseValidationError."""
        if type(value) is self._exact:
            serialized: bytes = self._serialize(value, by_alias=True)
            return serialized
        try:
            validated = self._validate(value, from_attributes=True)
        except ValidationError as error:
            from trestle.params.errors import ResponseValidationError

            details: list[Any] = list(error.errors(include_url=False))
            raise ResponseValidationError(self.view, details) from None
        dumped: bytes = self._dump(validated, by_alias=True)
        return dumped
