"""The App: where routes, middleware, error handlers and lifespan hooks are registered.

Registration happens before serving. The first request (or :meth:`App.build`) compiles
everything into a :class:`~trestle.pipeline.Pipeline`; after that the app refuses changes,
so what runs is exactly what was checked at start-up.
"""

from __future__ import annotations

import sys
from _thread import allocate_lock
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType, ModuleType, SimpleNamespace
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar, Unpack

from trestle.conf.settings import Settings, SettingsError
from trestle.errors.handlers import ErrorHandlers
from trestle.http.exceptions import (
    MethodNotAllowed,
    NotFound,
    NotImplementedMethod,
    RequestRedirect,
)
from trestle.http.limits import RequestLimits
from trestle.http.request import Request
from trestle.http.response import Response
from trestle.middleware import HookGroup, compose
from trestle.params.markers import DEFAULT, Depends
from trestle.pipeline import Pipeline
from trestle.routing.converters import Converter
from trestle.routing.router import Fallbacks, Route, Router
from trestle.routing.urlconf import URLInclude, URLPattern, flatten, include
from trestle.types import Environ, Receive, Scope, Send, StartResponse
from trestle.views import (
    Endpoint,
    View,
    ViewError,
    bind_view_method,
    build_endpoint,
    is_async_callable,
)

if TYPE_CHECKING:
    from trestle.testing import TestClient

F = TypeVar("F", bound=Callable[..., Any])


class AppFrozenError(RuntimeError):
    """A change to the app after it started serving."""


class RouteOptions(TypedDict, total=False):
    """What a route may say about itself, besides its path, view and methods.

    Everything but ``name``, ``dependencies``, ``status_code`` and ``response_model`` is
    documentation (OpenAPI); those four change how the view is called.
    """

    #: The route's name for ``url_for`` (default: the view's ``__name__``).
    name: str | None
    #: Groups in the API documentation.
    tags: Sequence[str]
    #: One line (default: the first line of the view's docstring).
    summary: str | None
    #: Longer text (default: the rest of the docstring).
    description: str | None
    operation_id: str | None
    deprecated: bool
    include_in_schema: bool
    #: The status of a successful answer (when the view returns a value, not a Response).
    status_code: int | None
    #: The type the return value is validated and filtered through (None: none; default:
    #: the return annotation, when it names a model).
    response_model: Any
    #: Other documented answers: ``{404: ErrorModel, 409: {"description": ...}}``.
    responses: Mapping[int, Any]
    #: Dependencies run for their effect before the view (``[Depends(require_admin)]``).
    dependencies: Sequence[Depends]


class _Record:
    """A small immutable record with slots, compared and shown by value."""

    __slots__: tuple[str, ...] = ()

    def __init__(self, **values: Any) -> None:
        unknown = set(values) - set(self.__slots__)
        missing = set(self.__slots__) - set(values)
        if unknown or missing:
            raise TypeError(
                f"{type(self).__name__}: no field(s) {', '.join(sorted(unknown)) or '-'}; "
                f"missing {', '.join(sorted(missing)) or '-'}"
            )
        for name in self.__slots__:
            object.__setattr__(self, name, values[name])

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self.__slots__)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, n) for n in self.__slots__ if n != "responses"))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"


class RouteMeta(_Record):
    """What the documentation says about a route (see :class:`RouteOptions`)."""

    __slots__ = (
        "deprecated",
        "description",
        "include_in_schema",
        "operation_id",
        "response_model",
        "responses",
        "status_code",
        "summary",
        "tags",
    )
    tags: tuple[str, ...]
    summary: str | None
    description: str | None
    operation_id: str | None
    deprecated: bool
    include_in_schema: bool
    status_code: int | None
    response_model: Any
    responses: Mapping[int, Any]


class RouteInfo(_Record):
    """One routed view as :meth:`App.routes` lists it (for OpenAPI and ``trestle routes``)."""

    __slots__ = ("endpoint", "meta", "methods", "name", "path", "path_parameters", "view")
    #: The pattern as written, prefixes of includes added: ``/users/<int:id>``.
    path: str
    #: Upper case, as routed (HEAD, implied by GET, is not listed).
    methods: tuple[str, ...]
    name: str | None
    #: The user's function (or the View class's method).
    view: Callable[..., Any]
    endpoint: Endpoint
    #: ``(name, converter name)`` of each path parameter, in order.
    path_parameters: tuple[tuple[str, str], ...]
    meta: RouteMeta


_OPTION_NAMES = frozenset(RouteOptions.__annotations__)


class _RouteSpec:
    __slots__ = ("auto_named", "methods", "name", "options", "path", "view")

    def __init__(
        self,
        path: str,
        view: Any,
        methods: tuple[str, ...] | None,
        name: str | None,
        auto_named: bool,
        options: dict[str, Any],
    ) -> None:
        self.path = path
        self.view = view
        self.methods = methods
        self.name = name
        self.auto_named = auto_named
        self.options = options


def _check_options(path: str, options: Mapping[str, Any]) -> dict[str, Any]:
    """Refuse misspelt or ill-typed route options where the route is written."""
    unknown = set(options) - _OPTION_NAMES
    if unknown:
        raise TypeError(
            f"route {path!r}: unknown option(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join(sorted(_OPTION_NAMES))}"
        )
    checked = dict(options)
    tags = checked.get("tags")
    if tags is not None:
        if isinstance(tags, str) or not all(isinstance(tag, str) for tag in tags):
            raise TypeError(f"route {path!r}: tags must be a list of strings, not {tags!r}")
        checked["tags"] = tuple(tags)
    status = checked.get("status_code")
    if status is not None and (
        not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599
    ):
        raise ValueError(f"route {path!r}: status_code must be an HTTP status, not {status!r}")
    dependencies = checked.get("dependencies")
    if dependencies is not None:
        if not all(isinstance(d, Depends) and d.dependency is not None for d in dependencies):
            raise TypeError(
                f"route {path!r}: dependencies must be a list of Depends(callable), "
                f"not {dependencies!r}"
            )
        checked["dependencies"] = tuple(dependencies)
    responses = checked.get("responses")
    if responses is not None:
        if not isinstance(responses, Mapping) or not all(
            isinstance(code, int) and not isinstance(code, bool) for code in responses
        ):
            raise TypeError(f"route {path!r}: responses must map status codes to descriptions")
        checked["responses"] = MappingProxyType(dict(responses))
    return checked


def _docstring_parts(view: Any) -> tuple[str | None, str | None]:
    """The summary (first line) and description (the rest) of a view's docstring."""
    doc = getattr(view, "__doc__", None)
    if not doc or not isinstance(doc, str):
        return None, None
    import inspect

    text = inspect.cleandoc(doc)
    first, _, rest = text.partition("\n")
    return first.strip() or None, rest.strip() or None


class App:
    """A Trestle application: a WSGI app and an ASGI app in one object.

    ``app(environ, start_response)`` serves WSGI; ``await app(scope, receive, send)``
    serves ASGI. Point any server at it: gunicorn, uvicorn or granian.
    """

    def __init__(
        self,
        settings: Settings | Mapping[str, Any] | None = None,
        *,
        urlpatterns: Sequence[URLPattern | URLInclude] | None = None,
        middleware: Sequence[object] = (),
    ) -> None:
        if settings is None:
            settings = Settings()
        elif not isinstance(settings, Settings):
            settings = Settings(settings)
        self.settings = settings
        self._routes: list[_RouteSpec] = []
        self._converters: dict[str, type[Converter]] = {}
        self._middleware: list[object] = list(middleware)
        self._error_handlers = ErrorHandlers()
        self._startup: list[Callable[[], Any]] = []
        self._shutdown: list[Callable[[], Any]] = []
        self._pipeline: Pipeline | None = None
        self._hook_group: HookGroup | None = None
        self._route_infos: list[RouteInfo] = []
        #: ``{dependency: replacement}``: read per request, so tests may set it at any time.
        self.dependency_overrides: dict[Callable[..., Any], Callable[..., Any]] = {}
        #: A place for what the start-up hooks create (pools, clients) and views use.
        self.state = SimpleNamespace()
        #: The batteries installed on this app, by name (``"db"``, ``"templates"``, ``"apps"``):
        #: how one battery finds another without a process global.
        self.extensions: dict[str, Any] = {}
        self._build_lock = allocate_lock()
        _mark_as_asgi3(App.__call__)
        if urlpatterns:
            self.include(urlpatterns)

    @property
    def debug(self) -> bool:
        """The DEBUG setting."""
        return bool(self.settings.DEBUG)

    # -- registration --------------------------------------------------------------------

    def _check_open(self) -> None:
        if self._pipeline is not None:
            raise AppFrozenError(
                "the app is already serving: register routes, middleware and handlers "
                "before the first request"
            )

    def add_route(
        self,
        path: str,
        view: Any,
        *,
        methods: Iterable[str] | None = None,
        **options: Unpack[RouteOptions],
    ) -> None:
        """Route ``path`` to ``view`` (a function or a View class).

        A function answers GET (and HEAD) unless ``methods`` says otherwise. The route's
        name defaults to the function's ``__name__``. ``options`` are those of
        :class:`RouteOptions`: documentation, dependencies, the success status and the
        response model.
        """
        self._check_open()
        if not (callable(view)):
            raise ViewError(f"{view!r} is not a view")
        checked = _check_options(path, options)
        name = checked.pop("name", None)
        auto_named = name is None
        if name is None:
            name = getattr(view, "__name__", None)
        # Parse now so a bad pattern is reported where it was written.
        self._new_router().parse(path)
        self._routes.append(
            _RouteSpec(
                path,
                view,
                tuple(methods) if methods is not None else None,
                name,
                auto_named,
                checked,
            )
        )

    def route(
        self, path: str, *, methods: Iterable[str] | None = None, **options: Unpack[RouteOptions]
    ) -> Callable[[F], F]:
        """Decorator: ``@app.route("/posts/<int:id>", methods=["GET", "POST"])``."""

        def register(view: F) -> F:
            self.add_route(path, view, methods=methods, **options)
            return view

        return register

    def get(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[F], F]:
        """Decorator: route GET (and HEAD) requests at ``path``."""
        return self.route(path, methods=("GET",), **options)

    def post(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[F], F]:
        """Decorator: route POST requests at ``path``."""
        return self.route(path, methods=("POST",), **options)

    def put(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[F], F]:
        """Decorator: route PUT requests at ``path``."""
        return self.route(path, methods=("PUT",), **options)

    def patch(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[F], F]:
        """Decorator: route PATCH requests at ``path``."""
        return self.route(path, methods=("PATCH",), **options)

    def delete(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[F], F]:
        """Decorator: route DELETE requests at ``path``."""
        return self.route(path, methods=("DELETE",), **options)

    def include(
        self,
        patterns: str | ModuleType | Sequence[URLPattern | URLInclude],
        *,
        prefix: str = "",
        namespace: str | None = None,
        tags: Sequence[str] = (),
        dependencies: Sequence[Depends] = (),
    ) -> None:
        """Add a ``urlpatterns`` list (or a module with one) under ``prefix``.

        ``tags`` and ``dependencies`` apply to every included route: a route's own tags
        replace them, its own dependencies run after them.
        """
        self._check_open()
        mounted = include(patterns, prefix=prefix, namespace=namespace)
        for route, pattern, name in flatten([mounted]):
            auto = name is None
            options: dict[str, Any] = {"tags": tags} if tags else {}
            options.update(pattern.options)
            if dependencies:
                options["dependencies"] = (*dependencies, *pattern.options.get("dependencies", ()))
            options["name"] = name
            self.add_route(route, pattern.view, methods=pattern.methods, **options)
            if auto:
                self._routes[-1].auto_named = True

    def register_converter(self, name: str, converter: type[Converter]) -> None:
        """Make ``<name:param>`` available in this app's routes."""
        from trestle.routing.converters import check_converter

        self._check_open()
        check_converter(name, converter)
        self._converters[name] = converter

    def add_middleware(self, middleware: object, /, **options: Any) -> None:
        """Add a middleware (an instance, or a class made with ``options``) as the innermost."""
        self._check_open()
        if isinstance(middleware, type):
            middleware = middleware(**options)
        elif options:
            raise TypeError("options are for middleware classes; this is an instance")
        compose([middleware])  # report a non-middleware now, not at the first request
        self._middleware.append(middleware)

    def _hooks(self) -> HookGroup:
        self._check_open()
        if self._hook_group is None:
            self._hook_group = HookGroup()
            self._middleware.append(self._hook_group)
        return self._hook_group

    def before_request(self, func: F) -> F:
        """Decorator: run ``func(request)`` before each view; a non-None result answers."""
        self._hooks().before.append(func)
        return func

    def after_request(self, func: F) -> F:
        """Decorator: run ``func(request, response)`` after each view; may replace it."""
        self._hooks().after.append(func)
        return func

    def teardown(self, func: F) -> F:
        """Decorator: run ``func(request, error)`` once the response has been sent."""
        self._hooks().teardown.append(func)
        return func

    def errorhandler(self, key: int | type[BaseException]) -> Callable[[F], F]:
        """Decorator: handle an exception class or a status with ``func(request, error)``."""

        def register(func: F) -> F:
            self.add_error_handler(key, func)
            return func

        return register

    def add_error_handler(self, key: int | type[BaseException], func: Callable[..., Any]) -> None:
        """Handle exceptions of class ``key``, or errors whose status is ``key``."""
        self._check_open()
        self._error_handlers.add(key, func)

    def on_startup(self, func: F) -> F:
        """Decorator: run ``func()`` (def or async def) before the first request."""
        self._check_open()
        self._startup.append(func)
        return func

    def on_shutdown(self, func: F) -> F:
        """Decorator: run ``func()`` when the server stops."""
        self._check_open()
        self._shutdown.append(func)
        return func

    # -- building ------------------------------------------------------------------------

    def build(self) -> Pipeline:
        """Compile routes and middleware; problems are reported here, before serving."""
        pipeline = self._pipeline
        if pipeline is not None:
            return pipeline
        with self._build_lock:
            if self._pipeline is None:
                self._pipeline = self._compile()
            return self._pipeline

    def _new_router(self) -> Router[Endpoint]:
        """A router with the default converters and this app's own."""
        router: Router[Endpoint] = Router()
        for name, converter in self._converters.items():
            router.register_converter(name, converter)
        return router

    def _compile(self) -> Pipeline:
        settings = self.settings
        router = self._new_router()
        infos: list[RouteInfo] = []
        for spec in self._routes:
            pattern = router.parse(spec.path)
            converters = {parameter.name: parameter.converter for parameter in pattern.parameters}
            options = spec.options
            for methods, view, endpoint_name, original in _expand(spec):
                endpoint = build_endpoint(
                    view,
                    converters,
                    name=endpoint_name,
                    dependencies=options.get("dependencies", ()),
                    response_model=options.get("response_model", DEFAULT),
                    status_code=options.get("status_code"),
                    overrides=self.dependency_overrides,
                )
                route = router.add(
                    pattern, methods, endpoint, spec.name, auto_named=spec.auto_named
                )
                infos.append(_route_info(route, spec, original, endpoint))
        self._route_infos = infos
        compiled = router.compile(_fallbacks(), redirect_slashes=settings.REDIRECT_SLASHES)
        limits = RequestLimits(
            max_body_size=settings.REQUEST_MAX_BODY_SIZE,
            max_form_fields=settings.REQUEST_MAX_FORM_FIELDS,
            max_form_files=settings.REQUEST_MAX_FORM_FILES,
            max_form_part_size=settings.REQUEST_MAX_FORM_PART_SIZE,
            max_query_fields=settings.REQUEST_MAX_QUERY_FIELDS,
            spool_size=settings.REQUEST_SPOOL_SIZE,
            trusted_proxies=_trusted_proxies(settings.TRUSTED_PROXIES),
        )
        return Pipeline(
            self,
            compiled,
            compose(self._middleware),
            self._error_handlers,
            limits,
            bool(settings.DEBUG),
            [(hook, is_async_callable(hook)) for hook in self._startup],
            [(hook, is_async_callable(hook)) for hook in self._shutdown],
        )

    # -- serving -------------------------------------------------------------------------

    def __call__(self, first: Any, second: Any, send: Send | None = None) -> Any:
        """WSGI with two arguments; with three, the ASGI coroutine."""
        pipeline = self._pipeline or self.build()
        if send is None:
            return pipeline.wsgi(first, second)
        return pipeline.asgi(first, second, send)

    def wsgi(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        """The WSGI callable, for servers that want a plain function."""
        return (self._pipeline or self.build()).wsgi(environ, start_response)

    async def asgi(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The ASGI callable, for servers that want a plain coroutine function."""
        await (self._pipeline or self.build()).asgi(scope, receive, send)

    # -- helpers -------------------------------------------------------------------------

    def routes(self) -> list[RouteInfo]:
        """Every routed view, in registration order (builds the app if needed)."""
        self.build()
        return list(self._route_infos)

    def url_for(self, name: str, /, **params: Any) -> str:
        """The path of the route called ``name``; parameters it does not use go in the query."""
        return self.build().router.url_for(name, params)

    reverse = url_for

    def test_client(self, *, asgi: bool = False, **options: Any) -> TestClient:
        """A test client (httpx) that calls this app in-process over WSGI or ASGI."""
        from trestle.testing import TestClient

        return TestClient(self, asgi=asgi, **options)

    def __repr__(self) -> str:
        return f"<App routes={len(self._routes)} debug={self.debug}>"


def _mark_as_asgi3(func: Callable[..., Any]) -> None:
    """Let servers that sniff for an ASGI 3 app (uvicorn's default) recognise ``App``.

    ``__call__`` is a plain ``def`` because it also serves WSGI; with three arguments it
    returns the ASGI coroutine, so it is an ASGI 3 callable in all but its flag. The flag
    is asyncio's (or, from Python 3.12, inspect's) marker; an ASGI server has loaded both
    by the time it creates or loads an app, and a WSGI process need not pay for them.
    """
    coroutines = sys.modules.get("asyncio.coroutines")
    if coroutines is not None and hasattr(coroutines, "_is_coroutine"):
        func._is_coroutine = coroutines._is_coroutine  # type: ignore[attr-defined]
    inspect = sys.modules.get("inspect")
    if inspect is not None and hasattr(inspect, "markcoroutinefunction"):
        inspect.markcoroutinefunction(func)


def _trusted_proxies(proxies: Iterable[str]) -> tuple[Any, ...]:
    try:
        return RequestLimits.parse_proxies(proxies)
    except ValueError as error:
        raise SettingsError(f"TRUSTED_PROXIES: {error}") from None


def _expand(
    spec: _RouteSpec,
) -> Iterable[tuple[tuple[str, ...], Callable[..., Any], str, Callable[..., Any]]]:
    """``(methods, callable, label, user's function)`` for a function view or for each verb
    of a View class."""
    view = spec.view
    if isinstance(view, type) and issubclass(view, View):
        wanted = {method.upper() for method in spec.methods} if spec.methods else None
        found = False
        for method, function in view.handlers():
            if wanted is None or method in wanted:
                found = True
                label = f"{view.__qualname__}.{method}"
                yield (method,), bind_view_method(view, function), label, function
        if not found:
            raise ViewError(f"view class {view.__qualname__} has no method for {spec.path!r}")
        return
    yield spec.methods or ("GET",), view, getattr(view, "__qualname__", repr(view)), view


def _route_info(
    route: Route[Endpoint], spec: _RouteSpec, view: Callable[..., Any], endpoint: Endpoint
) -> RouteInfo:
    options = spec.options
    summary, description = _docstring_parts(view)
    if summary is None and isinstance(spec.view, type):
        summary, description = _docstring_parts(spec.view)
    # A plain view has no response model by definition; its plan is compiled on demand.
    plan = endpoint._plan
    model = plan.response_model if plan is not None else None
    given = options.get("response_model", DEFAULT)
    return RouteInfo(
        path=route.path,
        methods=route.methods,
        name=spec.name,
        view=view,
        endpoint=endpoint,
        path_parameters=tuple(
            (parameter.name, parameter.kind) for parameter in route.pattern.parameters
        ),
        meta=RouteMeta(
            tags=tuple(options.get("tags", ())),
            summary=options.get("summary", summary),
            description=options.get("description", description),
            operation_id=options.get("operation_id"),
            deprecated=bool(options.get("deprecated", False)),
            include_in_schema=bool(options.get("include_in_schema", True)),
            status_code=options.get("status_code"),
            response_model=model if given is DEFAULT else given,
            responses=options.get("responses", MappingProxyType({})),
        ),
    )


def _fallbacks() -> Fallbacks[Endpoint]:
    def not_found(request: Request, params: dict[str, Any]) -> Any:
        raise NotFound()

    def method_not_allowed(allowed: tuple[str, ...]) -> Endpoint:
        def call(request: Request, params: dict[str, Any]) -> Any:
            raise MethodNotAllowed(allowed)

        return Endpoint(None, call, False)

    def options(allowed: tuple[str, ...]) -> Endpoint:
        header = ", ".join(allowed)

        def call(request: Request, params: dict[str, Any]) -> Response:
            return Response(b"", 204, {"Allow": header})

        return Endpoint(None, call, False)

    def not_implemented(request: Request, params: dict[str, Any]) -> Any:
        raise NotImplementedMethod(detail=f"the method {request.method} is not implemented")

    def redirect(path: str, status: int) -> Endpoint:
        from urllib.parse import quote

        target = quote(path, safe="/:@!$&'()*+,;=-._~")

        def call(request: Request, params: dict[str, Any]) -> Any:
            root = request.root_path
            location = quote(root, safe="/:@!$&'()*+,;=-._~") + target if root else target
            query = request.query_string
            if query:
                # The query is raw bytes as latin-1 text: escape what a Location cannot hold,
                # keep what is already escaped.
                escaped = quote(query.encode("latin-1"), safe="!#$%&'()*+,/:;=?@[]~")
                raise RequestRedirect(f"{location}?{escaped}", status)
            raise RequestRedirect(location, status)

        return Endpoint(None, call, False)

    return Fallbacks(
        not_found=Endpoint(None, not_found, False),
        method_not_allowed=method_not_allowed,
        options=options,
        not_implemented=Endpoint(None, not_implemented, False),
        redirect=redirect,
    )
