"""The call plan: what a view needs from each request, worked out once when the app is built.

:func:`compile_plan` reads the view's signature and those of its dependencies (recursively),
and produces a :class:`CallPlan`: the public description (every input, the security
schemes, the response model: what OpenAPI documents) and the program that runs per request.

The program validates every path, query, header, cookie and form input of the whole
dependency tree with one generated pydantic model, and the JSON body with one validator
that parses the bytes itself; then it calls the dependencies in order (each cached one
once) and the view. Nothing about signatures is looked at per request.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Literal

from trestle.params.markers import (
    DEFAULT,
    UNSET,
    Body,
    Depends,
    Param,
    SecurityScheme,
    Source,
)
from trestle.params.signature import (
    Parameter,
    analyse,
    call_target,
    is_body_type,
    is_sequence_type,
    label,
    strip_optional,
    type_hints,
    wire_name,
)
from trestle.views import ViewError, is_async_callable

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo

    from trestle.params.runtime import Program
    from trestle.routing.converters import Converter


@dataclass(frozen=True, slots=True)
class InputSpec:
    """One input a view needs from the request (what OpenAPI lists as a parameter or body)."""

    #: The Python parameter name (``"body"`` for an embedded body of several parameters).
    name: str
    source: Source
    #: The name on the wire: the query key, the header name (lower case), the cookie name...
    alias: str
    #: The type, ``Annotated`` stripped (constraints are in :attr:`field`).
    annotation: Any
    required: bool
    default: Any
    #: pydantic's field: constraints, description, examples, deprecated, title.
    field: FieldInfo
    #: True when repeated values make a list (``?tag=a&tag=b``).
    explode_list: bool = False
    include_in_schema: bool = True


@dataclass(frozen=True, slots=True, eq=False)
class CallPlan:
    """Everything decided about calling one view, built once when the app is built."""

    view: Callable[..., Any]
    #: Every request input of the view and its dependencies, once per ``(source, alias)``.
    inputs: tuple[InputSpec, ...]
    #: The :class:`~trestle.params.SecurityScheme` instances used anywhere in the tree.
    security: tuple[Any, ...]
    #: Every dependency callable in the tree, once, in the order they run.
    dependencies: tuple[Callable[..., Any], ...]
    #: The type the return value is validated and serialised with (None: none).
    response_model: Any
    #: The success status (None: the default for what the view returns).
    status_code: int | None
    #: True when some part runs as a coroutine.
    is_async: bool
    #: False when the view takes nothing but path parameters and the request: it is called
    #: directly, with no validation machinery at all.
    typed: bool
    program: Program | None = field(default=None, repr=False)

    @property
    def body(self) -> InputSpec | None:
        """The JSON body input, if the view takes one."""
        for spec in self.inputs:
            if spec.source == "body":
                return spec
        return None


CallKind = Literal["call", "generator", "async_generator"]


class Node:
    """One callable of the plan (a dependency or the view) and where its arguments come from."""

    __slots__ = ("call_kind", "func", "is_async", "key", "keyword", "positional")

    def __init__(
        self,
        func: Callable[..., Any],
        key: str,
        keyword: tuple[tuple[str, str], ...],
        positional: tuple[str, ...],
        *,
        is_view: bool = False,
    ) -> None:
        import inspect

        self.func = func
        #: Where the result is kept in the request's scope.
        self.key = key
        #: ``(parameter name, scope key)`` pairs.
        self.keyword = keyword
        self.positional = positional
        target = call_target(func)
        kind: CallKind = "call"
        if is_view:
            pass  # a view that yields is a streaming body, not a dependency to enter
        elif inspect.isasyncgenfunction(target):
            kind = "async_generator"
        elif inspect.isgeneratorfunction(target):
            kind = "generator"
        self.call_kind = kind
        self.is_async = kind == "async_generator" or (
            kind == "call" and not isinstance(func, type) and is_async_callable(func)
        )

    def __repr__(self) -> str:
        return f"<Node {label(self.func)} -> {self.key}>"


class Input:
    """An input as the program validates it: its scope key, type and pydantic options."""

    __slots__ = ("converts", "field_options", "key", "spec", "validation_type", "wants_bytes")

    def __init__(
        self, key: str, spec: InputSpec, validation_type: Any, field_options: dict[str, Any]
    ) -> None:
        self.key = key
        self.spec = spec
        #: The type pydantic validates (``Annotated`` metadata kept).
        self.validation_type = validation_type
        #: The ``Field(...)`` arguments: default, constraints, title...
        self.field_options = field_options
        #: File inputs typed ``bytes``: the upload's content is read for the view.
        self.wants_bytes = False
        #: False for path values passed on exactly as the router converted them.
        self.converts = True

    def field(self, alias: str) -> tuple[Any, Any]:
        """``(type, FieldInfo)`` for a generated model that reads the key ``alias``."""
        from pydantic import Field

        return self.validation_type, Field(alias=alias, **self.field_options)


class Compiler:
    """Builds one :class:`CallPlan`; see the module docstring."""

    def __init__(
        self,
        view: Callable[..., Any],
        path_parameters: Mapping[str, Converter],
        overrides: Mapping[Callable[..., Any], Callable[..., Any]],
    ) -> None:
        self.view = view
        self.path_parameters = path_parameters
        self.overrides = overrides
        self.nodes: list[Node] = []
        self.cached: dict[Any, str] = {}
        self.dependencies: list[Callable[..., Any]] = []
        self.security: list[Any] = []
        self.inputs: list[Input] = []
        self.bodies: list[tuple[Parameter, Input]] = []
        self.uses_request = False
        self.uses_path = False
        #: The model of a body whose keys are several parameters (``Body(embed=True)``).
        self.embedded_body: Any = None
        #: The path parameters some callable of the tree takes.
        self.used_path: set[str] = set()
        self._stack: list[Any] = []

    # -- the dependency tree ---------------------------------------------------------------

    def add_dependency(self, depends: Depends) -> str:
        """Compile a dependency (once per request when cached); returns its scope key."""
        original = depends.dependency
        assert original is not None
        if original not in self.dependencies:
            self.dependencies.append(original)
        if depends.use_cache and original in self.cached:
            return self.cached[original]
        if original in self._stack:
            chain = " -> ".join(label(f) for f in [*self._stack, original])
            raise ViewError(f"dependency cycle: {chain}")
        func = self.overrides.get(original, original)
        if isinstance(func, SecurityScheme) and func not in self.security:
            self.security.append(func)
        self._stack.append(original)
        try:
            key = self.add_callable(func, what="dependency")
        finally:
            self._stack.pop()
        if depends.use_cache:
            self.cached[original] = key
        return key

    def add_callable(self, func: Callable[..., Any], *, what: str) -> str:
        """Compile ``func``'s parameters, then ``func`` itself; returns its scope key."""
        keyword: list[tuple[str, str]] = []
        positional: list[str] = []
        taken: set[str] = set()
        takes_all = False
        for parameter in analyse(func, self.path_parameters, what=what):
            if parameter.kind == "var_keyword":
                takes_all = True
                continue
            key = self._source(parameter, func, what)
            taken.add(parameter.name)
            if parameter.positional:
                positional.append(key)
            else:
                keyword.append((parameter.name, key))
        if takes_all:
            for name in self.path_parameters:
                if name not in taken:
                    keyword.append((name, name))
                    self.uses_path = True
                    self.used_path.add(name)
        key = f"#{len(self.nodes)}"
        node = Node(func, key, tuple(keyword), tuple(positional), is_view=what == "view")
        self.nodes.append(node)
        return key

    def _source(self, parameter: Parameter, func: Any, what: str) -> str:
        kind = parameter.kind
        if kind == "request":
            self.uses_request = True
            return "#request"
        if kind == "depends":
            assert parameter.depends is not None
            return self.add_dependency(parameter.depends)
        if kind == "path":
            self.used_path.add(parameter.name)
            converter = self.path_parameters[parameter.name]
            if _trusts_converter(parameter, converter):
                self.uses_path = True
                self._add_passthrough_path(parameter, converter)
                return parameter.name
            return self._add_input(parameter, "path", func, what).key
        marker = parameter.marker
        assert marker is not None
        if marker.source == "body":
            entry = self._add_input(parameter, "body", func, what, register=False)
            self.bodies.append((parameter, entry))
            return entry.key
        if is_body_type(parameter.annotation):
            raise ViewError(
                f"{what} {label(func)}: {type(marker).__name__}() parameter "
                f"{parameter.name!r} is a model or a dict, which only a JSON body can hold; "
                "declare one parameter per field"
            )
        return self._add_input(parameter, marker.source, func, what).key

    # -- inputs ----------------------------------------------------------------------------

    def _add_passthrough_path(self, parameter: Parameter, converter: Converter) -> None:
        if any(i.spec.source == "path" and i.spec.alias == parameter.name for i in self.inputs):
            return
        annotation = parameter.annotation
        if annotation is Any:
            annotation = _converter_type(converter)
        spec = _spec(parameter, "path", parameter.name, annotation)
        entry = Input(parameter.name, spec, annotation, {})
        entry.converts = False
        self.inputs.append(entry)

    def _add_input(
        self, parameter: Parameter, source: Source, func: Any, what: str, *, register: bool = True
    ) -> Input:
        marker = parameter.marker
        alias = wire_name(parameter) if marker is not None else parameter.name
        annotation = parameter.annotation
        if source == "file":
            annotation = _file_annotation(annotation, func, parameter, what)
        key = f"#v{len(self.inputs) + len(self.bodies)}"
        spec = _spec(parameter, source, alias, annotation)
        options = dict(marker.options) if marker is not None else {}
        options.setdefault("title", _title(parameter.name))
        options.update(_factory(marker))
        if "default_factory" not in options:
            options["default"] = _pydantic_default(parameter.default)
        validation_type = _annotated(annotation, parameter.metadata)
        entry = Input(key, spec, validation_type, options)
        entry.wants_bytes = source == "file" and _wants_bytes(parameter.annotation)
        if register:
            self.inputs.append(entry)
        return entry


def _spec(parameter: Parameter, source: Source, alias: str, annotation: Any) -> InputSpec:
    from pydantic import Field
    from pydantic.fields import FieldInfo

    marker = parameter.marker
    options = dict(marker.options) if marker is not None else {}
    public = FieldInfo.from_annotated_attribute(
        _annotated(annotation, parameter.metadata),
        Field(_pydantic_default(parameter.default), alias=alias, **_factory(marker), **options),
    )
    explode = source in ("query", "header", "form", "file") and is_sequence_type(annotation)
    return InputSpec(
        name=parameter.name,
        source=source,
        alias=alias,
        annotation=annotation,
        required=public.is_required(),
        default=None if parameter.default is UNSET else parameter.default,
        field=public,
        explode_list=explode,
        include_in_schema=marker.include_in_schema if marker is not None else True,
    )


def _annotated(annotation: Any, metadata: tuple[Any, ...]) -> Any:
    """``Annotated[annotation, *metadata]``, or the bare annotation without metadata."""
    return Annotated[(annotation, *metadata)] if metadata else annotation


def _pydantic_default(default: Any) -> Any:
    from pydantic_core import PydanticUndefined

    return PydanticUndefined if default is UNSET else default


def _factory(marker: Param | None) -> dict[str, Any]:
    if marker is not None and marker.default_factory is not None:
        return {"default_factory": marker.default_factory}
    return {}


def _title(name: str) -> str:
    return name.replace("_", " ").strip().capitalize() or name


def _trusts_converter(parameter: Parameter, converter: Converter) -> bool:
    """A path value is passed as the router converted it unless the view asks for more."""
    if parameter.marker is not None and (parameter.marker.options or parameter.metadata):
        return False
    if parameter.metadata:
        return False
    if converter.converts:
        return True  # <int:id>, <uuid:id> and custom converters: the converter is the type
    return parameter.annotation in (Any, str)


def _converter_type(converter: Converter) -> Any:
    """The type a converter produces: its ``to_python`` return annotation (or Any)."""
    import inspect
    import uuid

    from trestle.routing.converters import IntConverter, UUIDConverter

    if not converter.converts:
        return str
    known = {IntConverter: int, UUIDConverter: uuid.UUID}.get(type(converter))
    if known is not None:
        return known
    returned = type_hints(type(converter).to_python).get("return", inspect.Parameter.empty)
    return Any if returned is inspect.Parameter.empty or isinstance(returned, str) else returned


def _wants_bytes(annotation: Any) -> bool:
    from typing import get_args

    annotation = strip_optional(annotation)
    if annotation is bytes:
        return True
    return is_sequence_type(annotation) and bytes in get_args(annotation)


def _file_annotation(annotation: Any, func: Any, parameter: Parameter, what: str) -> Any:
    from typing import get_args

    from trestle.http.forms import UploadedFile

    inner = strip_optional(annotation)
    args = get_args(inner) if is_sequence_type(inner) else (inner,)
    if annotation is Any or all(arg in (UploadedFile, bytes) for arg in args):
        return UploadedFile if annotation is Any else annotation
    raise ViewError(
        f"{what} {label(func)}: File() parameter {parameter.name!r} must be annotated "
        "UploadedFile, bytes, or a list of them"
    )


def compile_plan(
    view: Callable[..., Any],
    path_parameters: Mapping[str, Converter],
    *,
    dependencies: Sequence[Depends] = (),
    response_model: Any = DEFAULT,
    status_code: int | None = None,
    overrides: Mapping[Callable[..., Any], Callable[..., Any]] | None = None,
) -> CallPlan:
    """Compile ``view``'s call plan for a route with ``path_parameters`` (name → converter)."""
    from trestle.params.responses import find_response_model
    from trestle.params.runtime import Program

    compiler = Compiler(view, path_parameters, overrides or {})
    for depends in dependencies:
        if not isinstance(depends, Depends) or depends.dependency is None:
            raise ViewError(
                f"view {label(view)}: dependencies=[...] takes Depends(callable) items, "
                f"not {depends!r}"
            )
        compiler.add_dependency(depends)
    compiler.add_callable(view, what="view")
    missing = [name for name in path_parameters if name not in compiler.used_path]
    if missing:
        guesses = [
            entry.spec.name
            for entry in compiler.inputs
            if entry.spec.source == "query" and entry.spec.required
        ]
        hint = (
            f"; it needs {', '.join(map(repr, guesses))}, which is not in the path (a typo?)"
            if guesses
            else ""
        )
        raise ViewError(
            f"view {label(view)} does not take the path parameter(s) {', '.join(missing)}{hint}"
        )
    model = find_response_model(view, response_model)
    body_spec = _body_spec(compiler, view)
    inputs = [entry.spec for entry in compiler.inputs]
    if body_spec is not None:
        inputs.append(body_spec)
    typed = bool(
        dependencies
        or len(compiler.nodes) > 1
        or model is not None
        or status_code is not None
        or compiler.bodies
        or any(entry.converts for entry in compiler.inputs)
    )
    program = Program(compiler, view, model, status_code) if typed else None
    return CallPlan(
        view=view,
        inputs=_unique(inputs),
        security=tuple(compiler.security),
        dependencies=tuple(compiler.dependencies),
        response_model=model,
        status_code=status_code,
        is_async=any(node.is_async for node in compiler.nodes),
        typed=typed,
        program=program,
    )


def _body_spec(compiler: Compiler, view: Any) -> InputSpec | None:
    bodies = compiler.bodies
    if not bodies:
        return None
    if len(bodies) == 1 and not _embeds(bodies[0][0]):
        return bodies[0][1].spec
    from pydantic import Field, create_model
    from pydantic.fields import FieldInfo

    fields: dict[str, Any] = {entry.key: entry.field(entry.spec.alias) for _, entry in bodies}
    model = create_model(f"Body_{getattr(view, '__name__', 'view')}", **fields)
    compiler.embedded_body = model
    required = any(entry.spec.required for _, entry in bodies)
    default: dict[str, Any] | None = None if required else {}
    public = FieldInfo.from_annotated_attribute(
        model, Field(*(() if required else (default,)), alias="body")
    )
    return InputSpec(
        name="body",
        source="body",
        alias="body",
        annotation=model,
        required=required,
        default=default,
        field=public,
    )


def _embeds(parameter: Parameter) -> bool:
    return isinstance(parameter.marker, Body) and parameter.marker.embed


def _unique(inputs: list[InputSpec]) -> tuple[InputSpec, ...]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for spec in inputs:
        if (spec.source, spec.alias) not in seen:
            seen.add((spec.source, spec.alias))
            unique.append(spec)
    return tuple(unique)


__all__ = ["DEFAULT", "CallPlan", "InputSpec", "compile_plan"]
