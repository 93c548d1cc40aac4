"""Reading one callable's signature: what each parameter is and where its value comes from.

Used when the app is built, for views and dependencies alike; never per request. The rules,
in order, for a parameter ``name``:

1. named like a path parameter: the path (a ``Path()`` marker may add constraints);
2. annotated ``Request`` (or a subclass), or named ``request``: the request itself;
3. ``Depends(...)`` as its default or in ``Annotated``: a dependency;
4. a marker (``Query()``, ``Header()``, ``Cookie()``, ``Body()``, ``Form()``, ``File()``);
5. otherwise a model, dataclass, TypedDict or dict annotation: the JSON body; anything else
   (a scalar, or a list of scalars) is a query parameter.
"""

from __future__ import annotations

import inspect
import sys
import types
import typing
from collections.abc import Mapping
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from trestle.http.request import Request
from trestle.params.markers import UNSET, Body, Depends, Header, Param, Path, Query
from trestle.views import ViewError

Kind = Literal["path", "request", "depends", "input", "var_keyword"]

_SEQUENCES = (list, set, frozenset, tuple)


class Parameter:
    """One parameter of a callable, classified."""

    __slots__ = (
        "annotation",
        "default",
        "depends",
        "kind",
        "marker",
        "metadata",
        "name",
        "positional",
    )

    def __init__(
        self,
        name: str,
        kind: Kind,
        *,
        annotation: Any = Any,
        metadata: tuple[Any, ...] = (),
        default: Any = UNSET,
        marker: Param | None = None,
        depends: Depends | None = None,
        positional: bool = False,
    ) -> None:
        self.name = name
        self.kind = kind
        #: The type with ``Annotated`` stripped; its other metadata is in :attr:`metadata`.
        self.annotation = annotation
        self.metadata = metadata
        self.default = default
        self.marker = marker
        self.depends = depends
        #: Positional-only: passed by position, in order.
        self.positional = positional

    def __repr__(self) -> str:
        return f"<Parameter {self.name} {self.kind}>"


def label(func: Any) -> str:
    """``module.qualname`` of a callable, for error messages."""
    module = getattr(func, "__module__", None)
    name = getattr(func, "__qualname__", None) or getattr(type(func), "__qualname__", repr(func))
    return f"{module}.{name}" if module else str(name)


def call_target(func: Any) -> Any:
    """The function whose signature and hints describe calling ``func``."""
    if isinstance(func, type):
        return func.__init__  # type: ignore[misc]
    if not (inspect.isfunction(func) or inspect.ismethod(func)) and hasattr(func, "__call__"):  # noqa: B004
        call = type(func).__call__
        if inspect.isfunction(call):
            return call
    return func


def type_hints(func: Any) -> dict[str, Any]:
    """The resolved annotations of ``func`` (``Annotated`` kept); unresolvable ones left out."""
    target = inspect.unwrap(call_target(func))
    try:
        return typing.get_type_hints(target, include_extras=True)
    except Exception:
        pass
    # One bad forward reference must not hide the others: resolve them one by one.
    raw = getattr(target, "__annotations__", None) or {}
    module = sys.modules.get(getattr(target, "__module__", ""), None)
    namespace = dict(vars(module)) if module is not None else {}
    resolved: dict[str, Any] = {}
    for name, annotation in raw.items():
        if isinstance(annotation, str):
            try:
                annotation = eval(annotation, namespace)
            except Exception:
                continue
        resolved[name] = annotation
    return resolved


def split_annotated(annotation: Any) -> tuple[Any, tuple[Any, ...]]:
    """``Annotated[T, a, b]`` → ``(T, (a, b))``; anything else → ``(annotation, ())``."""
    if get_origin(annotation) is Annotated:
        base, *metadata = get_args(annotation)
        inner, more = split_annotated(base)
        return inner, (*more, *metadata)
    return annotation, ()


def is_request_type(annotation: Any) -> bool:
    """True for ``Request`` and its subclasses (and the string ``"Request"``)."""
    if isinstance(annotation, type):
        return issubclass(annotation, Request)
    return isinstance(annotation, str) and annotation.rpartition(".")[2] == "Request"


def strip_optional(annotation: Any) -> Any:
    """``X | None`` → ``X`` (unions of several types are kept)."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def is_model_type(annotation: Any) -> bool:
    """A pydantic model, a dataclass or a TypedDict: something with named fields."""
    if not isinstance(annotation, type):
        return False
    if typing.is_typeddict(annotation) or hasattr(annotation, "__dataclass_fields__"):
        return True
    pydantic = sys.modules.get("pydantic")
    return pydantic is not None and issubclass(annotation, pydantic.BaseModel)


def mentions_model(annotation: Any) -> bool:
    """True when a model type appears anywhere in ``annotation`` (``list[User] | None``)."""
    annotation, _ = split_annotated(annotation)
    if is_model_type(annotation):
        return True
    return any(mentions_model(arg) for arg in get_args(annotation) if not isinstance(arg, str))


def is_sequence_type(annotation: Any) -> bool:
    """``list[...]``, ``set[...]``, ``tuple[...]``: repeated query values make one of these."""
    annotation = strip_optional(split_annotated(annotation)[0])
    origin = get_origin(annotation) or annotation
    if origin in _SEQUENCES:
        return True
    from collections import abc

    return origin in (abc.Sequence, abc.Set, abc.MutableSequence, abc.MutableSet)


def is_body_type(annotation: Any) -> bool:
    """What a JSON body holds: models, dicts and sequences of those."""
    annotation = strip_optional(annotation)
    if is_model_type(annotation):
        return True
    origin = get_origin(annotation) or annotation
    if origin in (dict, Mapping) or (isinstance(origin, type) and issubclass(origin, Mapping)):
        return True
    if origin in (Union, types.UnionType):
        return any(is_body_type(arg) for arg in get_args(annotation))
    if is_sequence_type(annotation):
        return any(is_body_type(arg) for arg in get_args(annotation))
    return False


def analyse(func: Any, path_params: Mapping[str, Any], *, what: str = "view") -> list[Parameter]:
    """Classify every parameter of ``func`` (see the module docstring)."""
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError) as error:
        raise ViewError(f"cannot read the signature of {what} {label(func)}: {error}") from None
    hints = type_hints(func)
    found: list[Parameter] = []
    for parameter in signature.parameters.values():
        name = parameter.name
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            continue
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            found.append(Parameter(name, "var_keyword"))
            continue
        raw = hints.get(name, parameter.annotation)
        if raw is inspect.Parameter.empty:
            raw = Any
        annotation, metadata = split_annotated(raw)
        default = UNSET if parameter.default is inspect.Parameter.empty else parameter.default
        positional = parameter.kind is inspect.Parameter.POSITIONAL_ONLY
        markers = [m for m in metadata if isinstance(m, (Param, Depends))]
        others = tuple(m for m in metadata if not isinstance(m, (Param, Depends)))
        if isinstance(default, (Param, Depends)):
            if markers:
                raise ViewError(
                    f"{what} {label(func)}: parameter {name!r} has a marker both in "
                    "Annotated and as its default; keep one"
                )
            markers = [default]
            default = UNSET
        if len(markers) > 1:
            raise ViewError(f"{what} {label(func)}: parameter {name!r} has several markers")
        marker = markers[0] if markers else None
        common = {"annotation": annotation, "metadata": others, "positional": positional}
        if isinstance(marker, Param) and marker.default is not UNSET:
            if default is not UNSET:
                raise ViewError(
                    f"{what} {label(func)}: parameter {name!r} has two defaults "
                    f"({marker.default!r} in its marker and {default!r})"
                )
            default = marker.default
        if name in path_params and (marker is None or isinstance(marker, Path)):
            found.append(Parameter(name, "path", default=default, marker=marker, **common))
        elif isinstance(marker, Path):
            raise ViewError(
                f"{what} {label(func)}: {name!r} is marked Path() but the route has no "
                f"<{name}> parameter"
            )
        elif isinstance(marker, Depends):
            if marker.dependency is None:
                if not callable(annotation) or annotation is Any:
                    raise ViewError(
                        f"{what} {label(func)}: Depends() for {name!r} needs a callable, or "
                        "an annotation to call"
                    )
                marker = Depends(annotation, use_cache=marker.use_cache)
            found.append(Parameter(name, "depends", depends=marker, **common))
        elif marker is None and (is_request_type(annotation) or name == "request"):
            found.append(Parameter(name, "request", **common))
        else:
            if isinstance(annotation, str):
                raise ViewError(
                    f"{what} {label(func)}: cannot resolve the annotation {annotation!r} of "
                    f"{name!r}; define or import it at module level (not only under "
                    "TYPE_CHECKING)"
                )
            if marker is None:
                marker = Body() if is_body_type(annotation) else Query()
            found.append(Parameter(name, "input", default=default, marker=marker, **common))
    return found


def wire_name(parameter: Parameter) -> str:
    """The name a value has in the request (the alias, or the parameter's own name)."""
    marker = parameter.marker
    assert marker is not None
    if marker.alias is not None:
        return marker.alias.lower() if isinstance(marker, Header) else marker.alias
    if isinstance(marker, Header):
        name = parameter.name.replace("_", "-") if marker.convert_underscores else parameter.name
        return name.lower()
    return parameter.name


__all__ = [
    "Parameter",
    "analyse",
    "call_target",
    "is_body_type",
    "is_model_type",
    "is_sequence_type",
    "label",
    "mentions_model",
    "type_hints",
    "wire_name",
]
