"""Views and endpoints: each view's call plan is worked out once, when the app is built.

An :class:`Endpoint` is what the router hands back: the view plus a ``call(request, params)``
function that passes the view exactly what it asked for in its signature. Nothing about the
signature is inspected per request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import inspect

from trestle.http.request import Request

#: ``call(request, path_params) -> result or awaitable result``
Call = Callable[[Request, dict[str, Any]], Any]


class ViewError(TypeError):
    """A view whose signature Trestle cannot satisfy; raised when the app is built."""


class Endpoint:
    """A routed view with its prepared call."""

    __slots__ = ("call", "is_async", "name", "view")

    def __init__(self, view: Any, call: Call, is_async: bool, name: str | None = None) -> None:
        self.view = view
        self.call = call
        self.is_async = is_async
        self.name = name

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

        call_async.__signature__ = _without_self(method)  # type: ignore[attr-defined]
        call_async.__qualname__ = method.__qualname__
        return call_async

    def call(*args: Any, **kwargs: Any) -> Any:
        return method(cls(), *args, **kwargs)

    call.__signature__ = _without_self(method)  # type: ignore[attr-defined]
    call.__qualname__ = method.__qualname__
    return call


def _without_self(method: Callable[..., Any]) -> inspect.Signature:
    import inspect

    signature = inspect.signature(method)
    parameters = list(signature.parameters.values())[1:]
    return signature.replace(parameters=parameters)
