"""The App: where routes, middleware, error handlers and lifespan hooks are registered.

Registration happens before serving. The first request (or :meth:`App.build`) compiles
everything into a :class:`~trestle.pipeline.Pipeline`; after that the app refuses changes,
so what runs is exactly what was checked at start-up.
"""

from __future__ import annotations

import sys
from _thread import allocate_lock
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import ModuleType, SimpleNamespace
from typing import TYPE_CHECKING, Any, TypeVar

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
from trestle.pipeline import Pipeline
from trestle.routing.converters import Converter
from trestle.routing.router import Fallbacks, Router
from trestle.routing.urlconf import URLInclude, URLPattern, flatten, include
from trestle.types import Environ, Receive, Scope, Send, StartResponse
from trestle.views import Endpoint, View, ViewError, bind_view_method, build_call, is_async_callable

if TYPE_CHECKING:
    from trestle.testing import TestClient

F = TypeVar("F", bound=Callable[..., Any])


class AppFrozenError(RuntimeError):
    """A change to the app after it started serving."""


class _RouteSpec:
    __slots__ = ("auto_named", "methods", "name", "path", "view")

    def __init__(
        self,
        path: str,
        view: Any,
        methods: tuple[str, ...] | None,
        name: str | None,
        auto_named: bool,
    ) -> None:
        self.path = path
        self.view = view
        self.methods = methods
        self.name = name
        self.auto_named = auto_named


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
        #: A place for what the start-up hooks create (pools, clients) and views use.
        self.state = SimpleNamespace()
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
        name: str | None = None,
    ) -> None:
        """Route ``path`` to ``view`` (a function or a View class).

        A function answers GET (and HEAD) unless ``methods`` says otherwise. The route's
        name defaults to the function's ``__name__``.
        """
        self._check_open()
        if not (callable(view)):
            raise ViewError(f"{view!r} is not a view")
        auto_named = name is None
        if name is None:
            name = getattr(view, "__name__", None)
        # Parse now so a bad pattern is reported where it was written.
        self._new_router().parse(path)
        self._routes.append(
            _RouteSpec(
                path, view, tuple(methods) if methods is not None else None, name, auto_named
            )
        )

    def route(
        self, path: str, *, methods: Iterable[str] | None = None, name: str | None = None
    ) -> Callable[[F], F]:
        """Decorator: ``@app.route("/posts/<int:id>", methods=["GET", "POST"])``."""

        def register(view: F) -> F:
            self.add_route(path, view, methods=methods, name=name)
            return view

        return register

    def get(self, path: str, *, name: str | None = None) -> Callable[[F], F]:
        """Decorator: route GET (and HEAD) requests at ``path``."""
        return self.route(path, methods=("GET",), name=name)

    def post(self, path: str, *, name: str | None = None) -> Callable[[F], F]:
        """Decorator: route POST requests at ``path``."""
        return self.route(path, methods=("POST",), name=name)

    def put(self, path: str, *, name: str | None = None) -> Callable[[F], F]:
        """Decorator: route PUT requests at ``path``."""
        return self.route(path, methods=("PUT",), name=name)

    def patch(self, path: str, *, name: str | None = None) -> Callable[[F], F]:
        """Decorator: route PATCH requests at ``path``."""
        return self.route(path, methods=("PATCH",), name=name)

    def delete(self, path: str, *, name: str | None = None) -> Callable[[F], F]:
        """Decorator: route DELETE requests at ``path``."""
        return self.route(path, methods=("DELETE",), name=name)

    def include(
        self,
        patterns: str | ModuleType | Sequence[URLPattern | URLInclude],
        *,
        prefix: str = "",
        namespace: str | None = None,
    ) -> None:
        """Add a ``urlpatterns`` list (or a module with one) under ``prefix``."""
        self._check_open()
        mounted = include(patterns, prefix=prefix, namespace=namespace)
        for route, pattern, name in flatten([mounted]):
            auto = name is None
            self.add_route(route, pattern.view, methods=pattern.methods, name=name)
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
        for spec in self._routes:
            pattern = router.parse(spec.path)
            params = tuple(parameter.name for parameter in pattern.parameters)
            for methods, view, endpoint_name in _expand(spec):
                endpoint = Endpoint(
                    view, build_call(view, params), is_async_callable(view), endpoint_name
                )
                router.add(pattern, methods, endpoint, spec.name, auto_named=spec.auto_named)
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


def _expand(spec: _RouteSpec) -> Iterable[tuple[tuple[str, ...], Callable[..., Any], str]]:
    """``(methods, callable, label)`` for a function view or for each verb of a View class."""
    view = spec.view
    if isinstance(view, type) and issubclass(view, View):
        wanted = {method.upper() for method in spec.methods} if spec.methods else None
        found = False
        for method, function in view.handlers():
            if wanted is None or method in wanted:
                found = True
                yield (method,), bind_view_method(view, function), f"{view.__qualname__}.{method}"
        if not found:
            raise ViewError(f"view class {view.__qualname__} has no method for {spec.path!r}")
        return
    yield spec.methods or ("GET",), view, getattr(view, "__qualname__", repr(view))


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
