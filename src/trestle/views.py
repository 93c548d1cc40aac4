"""Views and endpoints: each view's call plan is worked out once, when the app is built.

An :class:`Endpoint` is what the router hands back: the view plus a ``call(request, params)``
function that passes the view exactly what it asked for in its signature. Nothing about the
signature is inspected per request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import inspect

    from trestle.params.plan import CallPlan
    from trestle.routing.converters import Converter

from trestle.http.request import Request

#: ``call(request, path_params) -> result or awaitable result``
Call = Callable[[Request, dict[str, Any]], Any]


class ViewError(TypeError):
    """A view whose signature Trestle cannot satisfy; raised when the app is built."""


class Endpoint:
    """A routed view with its prepared call, and the call plan it was made from."""

    __slots__ = ("_make_plan", "_plan", "call", "is_async", "name", "view")

    def __init__(
        self,
        view: Any,
        call: Call,
        is_async: bool,
        name: str | None = None,
        plan: CallPlan | Callable[[], CallPlan] | None = None,
    ) -> None:
        self.view = view
        self.call = call
        self.is_async = is_async
        self.name = name
        self._plan: CallPlan | None = None
        self._make_plan: Callable[[], CallPlan] | None = None
        if callable(plan):
            self._make_plan = plan
        else:
            self._plan = plan

    @property
    def plan(self) -> CallPlan | None:
        """The view's :class:`~trestle.params.CallPlan` (None for routing's own answers).

        A typed view's plan is compiled when the app is built; a plain view's (path
        parameters and the request only) when first asked for, so an app that uses no
        typed view never imports pydantic.
        """
        if self._plan is None and self._make_plan is not None:
            self._plan = self._make_plan()
            self._make_plan = None
        return self._plan

    def __repr__(self) -> str:
        return f"<Endpoint {self.name or getattr(self.view, '__qualname__', self.view)!r}>"


def is_async_callable(func: Any) -> bool:
    """True for ``async def`` functions, methods, partials and objects with one as __call__."""
    import inspect

    while hasattr(func, "func"):  # functools.partial
        func = func.func
    if inspect.iscoroutinefunction(func):
        return True
    call = getattr(func, "__call__", None)  # noqa: B004
    return call is not None and not inspect.isfunction(func) and inspect.iscoroutinefunction(call)


def _label(func: Any) -> str:
    module = getattr(func, "__module__", None)
    name = getattr(func, "__qualname__", repr(func))
    return f"{module}.{name}" if module else name


def _wants_request(parameter: inspect.Parameter) -> bool:

    annotation = parameter.annotation
    if annotation is Request or (isinstance(annotation, type) and issubclass(annotation, Request)):
        return True
    if isinstance(annotation, str) and annotation.rpartition(".")[2] == "Request":
        return True
    # "request" is reserved for the request, whatever its annotation says (as in Django).
    return parameter.name == "request"


def build_endpoint(
    view: Callable[..., Any],
    path_parameters: Mapping[str, Converter],
    *,
    name: str | None = None,
    dependencies: tuple[Any, ...] = (),
    response_model: Any = None,
    status_code: int | None = None,
    overrides: Mapping[Callable[..., Any], Callable[..., Any]] | None = None,
) -> Endpoint:
    """The endpoint for ``view``: a direct call when it only takes path parameters and the
    request, else the compiled typed plan (see :mod:`trestle.params.plan`).

    ``response_model`` is :data:`trestle.params.plan.DEFAULT` (from the return annotation),
    a type, or None.
    """
    from trestle.params.signature import analyse, mentions_model, type_hints

    is_async = is_async_callable(view)
    plain = (
        not dependencies
        and status_code is None
        and (response_model is None or _is_default(response_model))
        and _is_plain(analyse(view, path_parameters), path_parameters)
        and not (_is_default(response_model) and mentions_model(type_hints(view).get("return")))
    )
    if plain:
        call = build_call(view, tuple(path_parameters))

        def make_plan() -> CallPlan:
            from trestle.params.plan import compile_plan

            return compile_plan(view, path_parameters, response_model=None)

        return Endpoint(view, call, is_async, name, make_plan)
    from trestle.params.plan import compile_plan

    plan = compile_plan(
        view,
        path_parameters,
        dependencies=dependencies,
        response_model=response_model,
        status_code=status_code,
    )
    from trestle.params.overrides import typed_call

    call, is_async = typed_call(plan, overrides, path_parameters, dependencies, response_model)
    return Endpoint(view, call, is_async, name, plan)


def _is_default(value: Any) -> bool:
    from trestle.params.markers import DEFAULT

    return value is DEFAULT


def _is_plain(parameters: list[Any], path_parameters: Mapping[str, Converter]) -> bool:
    """True when every parameter is a path parameter the router already converts, the
    request, or ``*args``/``**kwargs``: the view needs no validation machinery."""
    from typing import Any as AnyType

    for parameter in parameters:
        if parameter.kind in ("request", "var_keyword"):
            continue
        if parameter.kind != "path" or parameter.marker is not None or parameter.metadata:
            return False
        converter = path_parameters[parameter.name]
        if not converter.converts and parameter.annotation not in (AnyType, str):
            return False
    return True


def build_call(func: Callable[..., Any], path_params: tuple[str, ...]) -> Call:
    """Prepare ``call(request, params)`` for ``func`` from its signature.

    A parameter named after a path parameter gets the converted value; one named
    ``request`` (or annotated ``Request``) gets the request; any other must have a default.
    """
    import inspect

    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError) as error:
        raise ViewError(f"cannot read the signature of view {_label(func)}: {error}") from None
    request_name: str | None = None
    takes_all = False
    named: set[str] = set()
    for parameter in signature.parameters.values():
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            takes_all = True
        elif parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            continue
        elif parameter.name in path_params:
            if parameter.kind is inspect.Parameter.POSITIONAL_ONLY:
                raise ViewError(
                    f"view {_label(func)}: path parameter {parameter.name!r} "
                    "cannot be positional-only"
                )
            named.add(parameter.name)
        elif _wants_request(parameter):
            if parameter.kind is inspect.Parameter.POSITIONAL_ONLY and request_name is None:
                request_name = ""  # positional: passed first
            else:
                request_name = parameter.name
        elif parameter.default is inspect.Parameter.empty:
            raise ViewError(
                f"view {_label(func)} needs {parameter.name!r}, which is neither a path "
                f"parameter ({', '.join(path_params) or 'none'}) nor 'request'"
            )
    missing = [name for name in path_params if name not in named]
    if missing and not takes_all:
        raise ViewError(
            f"view {_label(func)} does not take the path parameter(s) {', '.join(missing)}"
        )
    return _make_call(func, request_name, bool(path_params))


def _make_call(func: Callable[..., Any], request_name: str | None, has_params: bool) -> Call:
    # PERF: a specialised closure per shape, so the call is one Python frame.
    if request_name is None:
        if has_params:
            return lambda request, params: func(**params)
        return lambda request, params: func()
    if request_name == "" or request_name == "request":
        first_positional = request_name == ""
        if first_positional or _is_first_positional(func, "request"):
            if has_params:
                return lambda request, params: func(request, **params)
            return lambda request, params: func(request)
    name = request_name
    return lambda request, params: func(**params, **{name: request})


def _is_first_positional(func: Callable[..., Any], name: str) -> bool:
    import inspect

    parameters = list(inspect.signature(func).parameters.values())
    return (
        bool(parameters)
        and parameters[0].name == name
        and parameters[0].kind
        in (
            inspect.Parameter.POSITIONAL_ONLY,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
        )
    )


class View:
    """A class-based view: one method per HTTP verb (``get``, ``post``...).

    Register the class itself (``app.route("/posts/<int:id>")(PostView)`` or
    ``path("posts/<int:id>/", PostView)``). An instance is made per request, so attributes
    set on ``self`` never leak between requests. Methods take path parameters and
    ``request`` by name, like function views.
    """

    http_method_names = ("get", "post", "put", "patch", "delete", "head", "options")

    @classmethod
    def handlers(cls) -> Iterator[tuple[str, Callable[..., Any]]]:
        """``(METHOD, unbound method)`` for each verb the class defines."""
        for method_name in cls.http_method_names:
            method = getattr(cls, method_name, None)
            if method is not None and callable(method):
                yield method_name.upper(), method


def bind_view_method(cls: type[View], method: Callable[..., Any]) -> Callable[..., Any]:
    """A function that makes a fresh instance per call and runs ``method`` on it."""
    if is_async_callable(method):

        async def call_async(*args: Any, **kwargs: Any) -> Any:
            return await method(cls(), *args, **kwargs)

        return _dress(call_async, cls, method)

    def call(*args: Any, **kwargs: Any) -> Any:
        return method(cls(), *args, **kwargs)

    return _dress(call, cls, method)


def _dress(
    wrapper: Callable[..., Any], cls: type[View], method: Callable[..., Any]
) -> Callable[..., Any]:
    """Give the wrapper the method's signature (minus self), names and marks."""
    # Marks that decorators set on the method (``@csrf_exempt``...) stay visible on the view;
    # ``view_class`` lets middleware read marks set on the class itself.
    wrapper.__dict__.update(method.__dict__)
    wrapper.__signature__ = _without_self(method)  # type: ignore[attr-defined]
    wrapper.__qualname__ = method.__qualname__
    wrapper.__wrapped__ = method  # type: ignore[attr-defined]  # for its type hints
    wrapper.view_class = cls  # type: ignore[attr-defined]
    return wrapper


def _without_self(method: Callable[..., Any]) -> inspect.Signature:
    import inspect

    signature = inspect.signature(method)
    parameters = list(signature.parameters.values())[1:]
    return signature.replace(parameters=parameters)
