"""What a typed view costs per request: read the inputs, validate them at once, call.

A :class:`Program` is built from a compiled plan when the app is built. Per request it

1. reads each declared input from the request into a dict (one loop per source);
2. validates that dict with one generated pydantic model, and the JSON body (parsed from
   the raw bytes by pydantic-core itself) with one validator; every error of both goes
   into a single 422;
3. calls the dependencies in order, each result kept in the request's scope under a key
   decided at build time (so a cached dependency runs once, with no lookup per request),
   then the view;
4. passes the result through the response model, if there is one.

Generator dependencies are entered as context managers; their exits run after the response
is sent (:func:`close_exits`, called by the pipeline), with the view's exception if it
raised.

This module imports pydantic: it is only loaded when an app has a typed view.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from trestle.concurrency import run_in_threadpool
from trestle.http.asgi import ASGIRequest
from trestle.http.exceptions import BadRequest, HTTPException, UnsupportedMediaType
from trestle.http.response import Response
from trestle.params.errors import RequestValidationError

if TYPE_CHECKING:
    from trestle.http.request import Request
    from trestle.params.plan import Compiler, Input, Node
    from trestle.params.responses import ResponseModel

#: The name under which a request's pending dependency exits are attached.
EXITS = "trestle.dependency_exits"

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_Extract = Callable[["Request", dict[str, Any], dict[str, Any]], None]


class Exits:
    """The generator dependencies entered for one request, to close after the response."""

    __slots__ = ("error", "is_async", "managers")

    def __init__(self) -> None:
        self.managers: list[tuple[Any, bool, bool]] = []
        #: The exception the view (or a dependency) raised, thrown into the generators.
        self.error: BaseException | None = None
        self.is_async = False

    def push(self, manager: Any, is_async: bool, threaded: bool) -> None:
        """Remember an entered context manager (``threaded``: exit it in the thread pool)."""
        self.managers.append((manager, is_async, threaded))
        self.is_async = self.is_async or is_async or threaded


async def close_exits(exits: Exits) -> None:
    """Close the request's generator dependencies, last entered first; failures are logged."""
    error = exits.error
    info = (type(error), error, error.__traceback__) if error is not None else (None, None, None)
    while exits.managers:
        manager, is_async, threaded = exits.managers.pop()
        try:
            if is_async:
                await manager.__aexit__(*info)
            elif threaded:
                await run_in_threadpool(manager.__exit__, *info)
            else:
                manager.__exit__(*info)
        except BaseException as failure:
            # (A generator that re-raises the view's exception is not a failure: the
            # context manager's __exit__ returns False for it instead of raising.)
            from trestle.pipeline import error_logger

            error_logger().error("A dependency's clean-up failed", exc_info=failure)


def _exits_of(request: Request) -> Exits:
    attached = request._attached
    exits = attached.get(EXITS) if attached is not None else None
    if exits is None:
        exits = Exits()
        request.attach(EXITS, exits)
    return exits


def _invoker(node: Node) -> Callable[[dict[str, Any]], Any]:
    """``invoke(scope)``: call the node's function with its arguments taken from ``scope``."""
    func = node.func
    if node.call_kind == "generator":
        func = contextlib.contextmanager(func)
    elif node.call_kind == "async_generator":
        func = contextlib.asynccontextmanager(func)
    keyword = node.keyword
    positional = node.positional
    # PERF: a closure per shape; the common one is a single dict comprehension.
    if positional:
        return lambda scope: func(
            *[scope[key] for key in positional], **{name: scope[key] for name, key in keyword}
        )
    if keyword:
        return lambda scope: func(**{name: scope[key] for name, key in keyword})
    return lambda scope: func()


def _json_safe(value: Any) -> Any:
    if value is None or isinstance(value, (str, float, bool)):
        return value
    if isinstance(value, int):
        # orjson writes 64-bit integers only; a client may send any number of digits.
        return value if -(2**63) <= value < 2**64 else str(value)
    if isinstance(value, (list, tuple)):
        return [_json_safe(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_safe(item) for key, item in value.items()}
    return str(value)


class Program:
    """The per-request work of one typed view (see the module docstring)."""

    def __init__(
        self, compiler: Compiler, view: Callable[..., Any], model: Any, status_code: int | None
    ) -> None:
        from pydantic import ConfigDict, create_model
        from pydantic.errors import PydanticSchemaGenerationError, PydanticUserError

        from trestle.params.signature import label
        from trestle.views import ViewError

        self.nodes = tuple(compiler.nodes)
        self.status_code = status_code
        self.uses_request = compiler.uses_request
        self.uses_path = compiler.uses_path
        validated = [entry for entry in compiler.inputs if entry.converts]
        #: ``"source:alias"`` → ``(source, alias)``: where an error's input came from.
        self.locations = {
            f"{entry.spec.source}:{entry.spec.alias}": (entry.spec.source, entry.spec.alias)
            for entry in validated
        }
        self.validator: Any = None
        try:
            if validated:
                fields = {
                    entry.key: entry.field(f"{entry.spec.source}:{entry.spec.alias}")
                    for entry in validated
                }
                model_class = create_model(  # type: ignore[call-overload]
                    f"Inputs_{getattr(view, '__name__', 'view')}",
                    # Uploaded files are checked with isinstance; other types must be known.
                    __config__=ConfigDict(
                        arbitrary_types_allowed=any(e.spec.source == "file" for e in validated)
                    ),
                    **fields,
                )
                self.validator = model_class.__pydantic_validator__
            self.body = _BodyReader.build(compiler, view)
        except (PydanticSchemaGenerationError, PydanticUserError, TypeError) as error:
            raise ViewError(f"view {label(view)}: cannot validate its inputs: {error}") from None
        self.extractors = _extractors(validated)
        self.form_inputs = any(e.spec.source in ("form", "file") for e in validated)
        self.response_model: ResponseModel | None = None
        if model is not None:
            from trestle.params.responses import ResponseModel

            self.response_model = ResponseModel(model, view)
        self.invokers = tuple((node, _invoker(node)) for node in self.nodes)

    # -- inputs ----------------------------------------------------------------------------

    def _make_prepare(self) -> Callable[[Request, dict[str, Any]], dict[str, Any]]:
        """``prepare(request, params)``: the scope of every validated input by key (plus
        the path parameters and the request, when some callable takes them)."""
        # PERF: everything the request does not need is left out here, not tested per call.
        extractors = tuple(self.extractors)
        validate = self.validator.validate_python if self.validator is not None else None
        read_body = self.body.read if self.body is not None else None
        check_form = self.form_inputs
        uses_path = self.uses_path
        uses_request = self.uses_request
        input_errors = self._input_errors
        guards = self._guards()

        def authenticate(request: Request) -> None:
            # Who you are before what you sent: a client without credentials gets the
            # scheme's 401, not a 422, 415 or 400 about the inputs it got wrong.
            for guard in guards:
                guard(request)

        def prepare(request: Request, params: dict[str, Any]) -> dict[str, Any]:
            try:
                if check_form:
                    _check_form_type(request)
                raw: dict[str, Any] = {}
                for extract in extractors:
                    extract(request, params, raw)
                errors: list[dict[str, Any]] = []
                scope: dict[str, Any] = {}
                if validate is not None:
                    try:
                        scope = validate(raw).__dict__
                    except ValidationError as error:
                        errors = input_errors(error)
                if read_body is not None:
                    read_body(request, scope, errors)
            except HTTPException:  # a body of the wrong type (415) or malformed (400)
                authenticate(request)
                raise
            if errors:
                authenticate(request)
                raise RequestValidationError(errors)
            if uses_path:
                scope.update(params)
            if uses_request:
                scope["#request"] = request
            return scope

        return prepare

    def _guards(self) -> tuple[Callable[[Request], Any], ...]:
        """The sync authentication schemes among the dependencies, checked before a 422."""
        from trestle.params.markers import SecurityScheme

        return tuple(
            node.func
            for node in self.nodes
            if isinstance(node.func, SecurityScheme) and not node.is_async
        )

    def _input_errors(self, error: Any) -> list[dict[str, Any]]:
        found = []
        for item in error.errors(include_url=False):
            loc = item["loc"]
            source, alias = self.locations.get(str(loc[0]), ("query", str(loc[0])))
            missing = item["type"] == "missing"
            found.append(
                {
                    "in": source,
                    "name": alias,
                    "loc": [source, alias, *loc[1:]],
                    "message": item["msg"],
                    "type": item["type"],
                    "input": None if missing else _json_safe(item.get("input")),
                }
            )
        return found

    # -- results ---------------------------------------------------------------------------

    def _make_finish(self) -> Callable[[Any], Any] | None:
        """``finish(result)``: the response model and the success status applied to what
        the view returned (None when there is neither)."""
        model = self.response_model
        status = self.status_code
        if model is not None:
            dump = model.dump

            def through_model(result: Any) -> Any:
                if isinstance(result, Response):
                    return result
                if isinstance(result, tuple) and len(result) in (2, 3):
                    first = Response(dump(result[0]), media_type="application/json")
                    return (first, *result[1:])
                return Response(dump(result), status or 200, media_type="application/json")

            return through_model
        if status is None:
            return None
        from trestle.results import to_response

        def with_status(result: Any) -> Any:
            if isinstance(result, (Response, tuple)):
                return result
            response = to_response(result)
            response.status_code = status
            return response

        return with_status

    # -- the call --------------------------------------------------------------------------

    def make_call(self, is_async: bool) -> Callable[[Request, dict[str, Any]], Any]:
        """``call(request, params)`` for the endpoint: sync (one thread hop under ASGI) or async."""
        if is_async:
            return self._async_call()
        prepare = self._make_prepare()
        finish = self._make_finish()
        *dependencies, (_, view) = self.invokers
        if not dependencies:
            if finish is None:
                return lambda request, params: view(prepare(request, params))
            return lambda request, params: finish(view(prepare(request, params)))

        def call(request: Request, params: dict[str, Any]) -> Any:
            scope = prepare(request, params)
            exits: Exits | None = None
            try:
                for node, invoke in dependencies:
                    if node.call_kind == "call":
                        scope[node.key] = invoke(scope)
                    else:
                        manager = invoke(scope)
                        scope[node.key] = manager.__enter__()
                        if exits is None:
                            exits = _exits_of(request)
                        # Under ASGI this runs in the thread pool; so must the clean-up,
                        # which comes later on the event loop.
                        exits.push(manager, False, isinstance(request, ASGIRequest))
                result = view(scope)
            except BaseException as error:
                if exits is not None:
                    exits.error = error
                raise
            return finish(result) if finish is not None else result

        return call

    def _async_call(self) -> Callable[[Request, dict[str, Any]], Any]:
        prepare = self._make_prepare()
        finish = self._make_finish() or _unchanged
        invokers = self.invokers

        async def call(request: Request, params: dict[str, Any]) -> Any:
            scope = prepare(request, params)
            # Under ASGI, sync callables go to the thread pool: they may block.
            threaded = isinstance(request, ASGIRequest)
            exits: Exits | None = None
            try:
                for node, invoke in invokers:
                    kind = node.call_kind
                    if kind == "call":
                        if node.is_async:
                            value = await invoke(scope)
                        elif threaded:
                            value = await run_in_threadpool(invoke, scope)
                        else:
                            value = invoke(scope)
                    else:
                        manager = invoke(scope)
                        if exits is None:
                            exits = _exits_of(request)
                        if kind == "async_generator":
                            value = await manager.__aenter__()
                            exits.push(manager, True, False)
                        else:
                            value = (
                                await run_in_threadpool(manager.__enter__)
                                if threaded
                                else manager.__enter__()
                            )
                            exits.push(manager, False, threaded)
                    scope[node.key] = value
            except BaseException as error:
                if exits is not None:
                    exits.error = error
                raise
            return finish(value)

        return call


def _unchanged(result: Any) -> Any:
    return result


def _check_form_type(request: Request) -> None:
    content_type = request.content_type
    if content_type and content_type not in _FORM_TYPES:
        raise UnsupportedMediaType(
            f"expected a form body (Content-Type: {' or '.join(_FORM_TYPES)}), got {content_type}"
        )


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


class _BodyReader:
    """Reads and validates the JSON body: one parameter, or several embedded by name."""

    __slots__ = ("adapter", "default", "embedded", "key", "required")

    def __init__(self, adapter: Any, key: str, embedded: bool, required: bool, default: Any):
        self.adapter = adapter
        self.key = key
        self.embedded = embedded
        self.required = required
        self.default = default

    @classmethod
    def build(cls, compiler: Compiler, view: Any) -> _BodyReader | None:
        from pydantic import TypeAdapter

        from trestle.params.plan import _embeds

        bodies = compiler.bodies
        if not bodies:
            return None
        if len(bodies) == 1 and not _embeds(bodies[0][0]):
            _, entry = bodies[0]
            from typing import Annotated

            from pydantic import Field

            options = dict(entry.field_options)
            default = options.pop("default", None)
            factory = options.pop("default_factory", None)
            options.pop("title", None)
            annotation = entry.validation_type
            if options:
                annotation = Annotated[annotation, Field(**options)]
            adapter = TypeAdapter(annotation)
            if factory is not None:
                default = _Factory(factory)
            return cls(adapter, entry.key, False, entry.spec.required, default)
        required = any(entry.spec.required for _, entry in bodies)
        validator = compiler.embedded_body.__pydantic_validator__
        return cls(validator, "", True, required, None)

    def read(self, request: Request, scope: dict[str, Any], errors: list[dict[str, Any]]) -> None:
        """Put the validated body in ``scope``; 415 or 400 for a body that is not JSON."""
        header = request._header("content-type")
        if header == "application/json":  # PERF: the usual value needs no parsing
            content_type, is_json = header, True
        else:
            content_type = (header or "").partition(";")[0].strip().lower()
            is_json = content_type == "application/json" or content_type.endswith("+json")
        body = request.body
        if not body:
            if content_type and not is_json:
                raise UnsupportedMediaType(
                    f"expected a JSON body (Content-Type: application/json), got {content_type}"
                )
            if self.required:
                errors.append(
                    {
                        "in": "body",
                        "name": "",
                        "loc": ["body"],
                        "message": "A JSON body is required",
                        "type": "missing",
                        "input": None,
                    }
                )
            elif self.embedded:
                scope.update(self.adapter.validate_python({}).__dict__)
            else:
                default = self.default
                scope[self.key] = default.make() if type(default) is _Factory else default
            return
        if not is_json:
            raise UnsupportedMediaType(
                "expected a JSON body (Content-Type: application/json), got "
                f"{content_type or 'no content type'}"
            )
        try:
            value = self.adapter.validate_json(body)
        except ValidationError as error:
            for item in error.errors(include_url=False):
                if item["type"] == "json_invalid":
                    raise BadRequest(f"malformed JSON: {item['msg']}") from None
                loc = list(item["loc"])
                missing = item["type"] == "missing"
                errors.append(
                    {
                        "in": "body",
                        "name": str(loc[0]) if loc else "",
                        "loc": ["body", *loc],
                        "message": item["msg"],
                        "type": item["type"],
                        "input": None if missing else _json_safe(item.get("input")),
                    }
                )
            return
        if self.embedded:
            scope.update(value.__dict__)
        else:
            scope[self.key] = value


def _extractors(inputs: list[Input]) -> list[_Extract]:
    """One function per source that copies the declared inputs from the request to ``raw``.

    Each also gets the aliases that need a special reading: file inputs typed ``bytes``
    (their content is read), and ``bool`` query parameters (present without a value,
    ``?verbose``, they are true).
    """
    from trestle.params.signature import strip_optional

    by_source: dict[str, list[tuple[str, str, bool]]] = {}
    special: dict[str, set[str]] = {}
    for entry in inputs:
        spec = entry.spec
        by_source.setdefault(spec.source, []).append(
            (f"{spec.source}:{spec.alias}", spec.alias, spec.explode_list)
        )
        is_flag = spec.source == "query" and strip_optional(spec.annotation) is bool
        if entry.wants_bytes or is_flag:
            special.setdefault(spec.source, set()).add(spec.alias)
    return [
        _EXTRACTORS[source](tuple(specs), frozenset(special.get(source, ())))
        for source, specs in by_source.items()
    ]


def _path(specs: tuple[tuple[str, str, bool], ...], _: frozenset[str]) -> _Extract:
    def extract(request: Request, params: dict[str, Any], raw: dict[str, Any]) -> None:
        for key, alias, _explode in specs:
            raw[key] = params[alias]

    return extract


def _query(specs: tuple[tuple[str, str, bool], ...], flags: frozenset[str]) -> _Extract:
    def extract(request: Request, params: dict[str, Any], raw: dict[str, Any]) -> None:
        query = request.query
        for key, alias, explode in specs:
            if explode:
                values = query.getlist(alias)
                if values:
                    raw[key] = values
            else:
                value = query.get(alias)
                if value is not None:
                    raw[key] = "true" if not value and alias in flags else value

    return extract


def _header(specs: tuple[tuple[str, str, bool], ...], _: frozenset[str]) -> _Extract:
    def extract(request: Request, params: dict[str, Any], raw: dict[str, Any]) -> None:
        for key, alias, explode in specs:
            if explode:
                # A list header may come repeated or comma-joined (RFC 9110, 5.3): both count.
                values = [
                    item.strip()
                    for value in request.headers.getlist(alias)
                    for item in value.split(",")
                    if item.strip()
                ]
                if values:
                    raw[key] = values
            else:
                value = request._header(alias)
                if value is not None:
                    raw[key] = value

    return extract


def _cookie(specs: tuple[tuple[str, str, bool], ...], _: frozenset[str]) -> _Extract:
    def extract(request: Request, params: dict[str, Any], raw: dict[str, Any]) -> None:
        cookies = request.cookies
        for key, alias, _explode in specs:
            value = cookies.get(alias)
            if value is not None:
                raw[key] = value

    return extract


def _form(specs: tuple[tuple[str, str, bool], ...], _: frozenset[str]) -> _Extract:
    def extract(request: Request, params: dict[str, Any], raw: dict[str, Any]) -> None:
        form = request.form
        for key, alias, explode in specs:
            if explode:
                values = form.getlist(alias)
                if values:
                    raw[key] = values
            else:
                value = form.get(alias)
                if value is not None:
                    raw[key] = value

    return extract


def _file(specs: tuple[tuple[str, str, bool], ...], wants_bytes: frozenset[str]) -> _Extract:
    def content(upload: Any) -> bytes:
        upload.seek(0)
        return upload.read()  # type: ignore[no-any-return]

    def extract(request: Request, params: dict[str, Any], raw: dict[str, Any]) -> None:
        files = request.files
        for key, alias, explode in specs:
            values: list[Any] = files.getlist(alias)
            if not values:
                continue
            if alias in wants_bytes:
                values = [content(upload) for upload in values]
            raw[key] = values if explode else values[-1]

    return extract


_EXTRACTORS: dict[str, Callable[[tuple[tuple[str, str, bool], ...], frozenset[str]], _Extract]] = {
    "path": _path,
    "query": _query,
    "header": _header,
    "cookie": _cookie,
    "form": _form,
    "file": _file,
}
