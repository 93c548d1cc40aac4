"""URL configuration lists: ``path()`` and ``include()``, as Django users write them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType, ModuleType
from typing import Any

from trestle.routing.patterns import RouteError, _Value


class URLPattern(_Value):
    """A route in a ``urlpatterns`` list; made by :func:`path`."""

    __slots__ = ("methods", "name", "options", "route", "view")
    route: str
    view: Any
    name: str | None
    methods: tuple[str, ...] | None
    #: The route's other options (``tags``, ``status_code``...), as ``App.add_route`` takes.
    options: Mapping[str, Any]

    def __init__(
        self,
        route: str,
        view: Any,
        name: str | None = None,
        methods: tuple[str, ...] | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> None:
        set_field = object.__setattr__
        set_field(self, "route", route)
        set_field(self, "view", view)
        set_field(self, "name", name)
        set_field(self, "methods", methods)
        set_field(self, "options", MappingProxyType(dict(options or {})))

    def __hash__(self) -> int:
        # The options may hold lists and dicts; equal patterns still hash alike without them.
        return hash((self.route, self.view, self.name, self.methods))


class URLInclude(_Value):
    """Another list of patterns mounted under a prefix; made by :func:`include`."""

    __slots__ = ("namespace", "patterns", "prefix")
    patterns: Sequence[URLPattern | URLInclude]
    prefix: str
    namespace: str | None

    def __init__(
        self,
        patterns: Sequence[URLPattern | URLInclude],
        prefix: str = "",
        namespace: str | None = None,
    ) -> None:
        set_field = object.__setattr__
        set_field(self, "patterns", patterns)
        set_field(self, "prefix", prefix)
        set_field(self, "namespace", namespace)


def path(
    route: str,
    view: Any,
    *,
    name: str | None = None,
    methods: Sequence[str] | None = None,
    **options: Any,
) -> URLPattern | URLInclude:
    """Route ``route`` to ``view`` (a function, a View class, or an :func:`include`).

    Function views answer GET (and HEAD) unless ``methods`` says otherwise, as with
    ``@app.route``; a View class answers the methods it defines. ``options`` are the other
    route options of ``@app.route`` (``tags``, ``status_code``, ``responses``,
    ``include_in_schema``, ``dependencies``...), checked when the patterns are included.
    """
    if isinstance(view, URLInclude):
        if name is not None or methods is not None or options:
            raise RouteError(f"path({route!r}, include(...)) takes no name, methods or options")
        return URLInclude(view.patterns, _join(route, view.prefix), view.namespace)
    return URLPattern(route, view, name, tuple(methods) if methods is not None else None, options)


def include(
    target: str | ModuleType | Sequence[URLPattern | URLInclude],
    *,
    prefix: str = "",
    namespace: str | None = None,
) -> URLInclude:
    """Mount ``target``'s patterns: a dotted module name, a module, or a list.

    A module provides ``urlpatterns`` and may set ``app_name``, the default namespace.
    Names inside a namespace are reversed as ``"namespace:name"``.
    """
    found: object = target
    if isinstance(found, str):
        import importlib

        try:
            found = importlib.import_module(found)
        except ImportError as error:
            raise RouteError(f"include({target!r}): cannot import it: {error}") from error
    if isinstance(found, ModuleType):
        module = found
        found = getattr(module, "urlpatterns", None)
        if found is None:
            raise RouteError(f"include(): module {module.__name__} has no 'urlpatterns' list")
        namespace = namespace or getattr(module, "app_name", None)
    if isinstance(found, (str, bytes)) or not isinstance(found, Sequence):
        raise RouteError(f"include() needs a module or a list of patterns, not {found!r}")
    return URLInclude(tuple(found), prefix, namespace)


def _join(prefix: str, route: str) -> str:
    if not prefix:
        return route
    if not route:
        return prefix
    return prefix.rstrip("/") + "/" + route.lstrip("/")


def flatten(
    patterns: Sequence[URLPattern | URLInclude], prefix: str = "", namespace: str | None = None
) -> Iterator[tuple[str, URLPattern, str | None]]:
    """Yield ``(full route, pattern, full name)`` for every pattern, includes expanded."""
    for item in patterns:
        if isinstance(item, URLInclude):
            inner = namespace
            if item.namespace:
                inner = f"{namespace}:{item.namespace}" if namespace else item.namespace
            yield from flatten(item.patterns, _join(prefix, item.prefix), inner)
        elif isinstance(item, URLPattern):
            route = _join(prefix, item.route)
            route = route if route.startswith("/") else "/" + route
            name = item.name
            if name is not None and namespace:
                name = f"{namespace}:{name}"
            yield route, item, name
        else:
            raise RouteError(f"urlpatterns must hold path() and include() items, not {item!r}")
