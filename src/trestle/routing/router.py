"""The router: routes are collected, then compiled once into dict lookups and combined regexes.

Per request the compiled router does one dict lookup for a static path, or one dict lookup
(by the first path segment) and one regex match for a dynamic one; it never scans a list
of routes in Python. The router knows nothing of views: it maps ``(method, path)`` to
whatever handler objects it was given, and to the fallback handlers the app supplies for
404, 405, OPTIONS, 501 and trailing-slash redirects.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from trestle.routing.converters import DEFAULT_CONVERTERS, Converter, check_converter
from trestle.routing.patterns import Pattern, RouteError, URLBuildError, parse_pattern

H = TypeVar("H")

#: Methods every HTTP server knows; any other method the app does not route is a 501.
STANDARD_METHODS = frozenset(
    {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"}
)
_METHOD_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Z]+")


class Route(Generic[H]):
    """One registered route: a pattern, the methods it answers, and its handler."""

    __slots__ = ("auto_named", "handler", "methods", "name", "pattern")

    def __init__(
        self,
        pattern: Pattern,
        methods: tuple[str, ...],
        handler: H,
        name: str | None = None,
        auto_named: bool = False,
    ) -> None:
        self.pattern = pattern
        self.methods = methods
        self.handler = handler
        self.name = name
        #: True when the name was derived from the view's ``__name__`` rather than given.
        self.auto_named = auto_named

    def __repr__(self) -> str:
        return f"Route({self.path!r}, {self.methods!r}, name={self.name!r})"

    @property
    def path(self) -> str:
        """The pattern text, such as ``/posts/<int:id>/``."""
        return self.pattern.text


class Fallbacks(Generic[H]):
    """Handlers the app supplies for requests no route answers."""

    __slots__ = ("method_not_allowed", "not_found", "not_implemented", "options", "redirect")

    def __init__(
        self,
        not_found: H,
        method_not_allowed: Callable[[tuple[str, ...]], H],
        options: Callable[[tuple[str, ...]], H],
        not_implemented: H,
        redirect: Callable[[str, int], H] | None = None,
    ) -> None:
        self.not_found = not_found
        self.method_not_allowed = method_not_allowed
        self.options = options
        self.not_implemented = not_implemented
        self.redirect = redirect


class _Resource(Generic[H]):
    """All the routes of one path pattern, by method."""

    __slots__ = ("handlers", "pattern")

    def __init__(self, pattern: Pattern) -> None:
        self.pattern = pattern
        self.handlers: dict[str, H] = {}

    def finish(self, fallbacks: Fallbacks[H]) -> dict[str, H]:
        """The method table, with HEAD from GET and OPTIONS filled in."""
        table = dict(self.handlers)
        if "GET" in table and "HEAD" not in table:
            table["HEAD"] = table["GET"]
        allowed = tuple(sorted({*table, "OPTIONS"}))
        if "OPTIONS" not in table:
            table["OPTIONS"] = fallbacks.options(allowed)
        return table


class CompiledRouter(Generic[H]):
    """The frozen route table; ``match`` is the per-request entry point."""

    def __init__(self, routes: list[Route[H]], fallbacks: Fallbacks[H], redirect_slashes: bool):
        self.routes = routes
        self._fallbacks = fallbacks
        self._redirect_slashes = redirect_slashes and fallbacks.redirect is not None
        resources: dict[str, _Resource[H]] = {}
        for route in routes:
            resource = resources.setdefault(route.pattern.shape, _Resource(route.pattern))
            for method in route.methods:
                if method in resource.handlers:
                    raise RouteError(
                        f"{method} {route.path} is registered twice "
                        f"(already as {resource.pattern.text})"
                    )
            if _parameter_names(resource.pattern) != _parameter_names(route.pattern):
                # The parameters are named once per path, by the resource's pattern.
                raise RouteError(
                    f"{route.path} and {resource.pattern.text} are one path with different "
                    "parameter names: give every method of a path the same names"
                )
            for method in route.methods:
                resource.handlers[method] = route.handler
        # Per resource: the method table, and the handler for any other method.
        self._static: dict[str, tuple[dict[str, H], H, H]] = {}
        dynamic: list[tuple[Pattern, tuple[dict[str, H], H, H]]] = []
        for resource in resources.values():
            table = resource.finish(fallbacks)
            allowed = tuple(sorted(table))
            entry = (table, fallbacks.method_not_allowed(allowed), fallbacks.not_implemented)
            if resource.pattern.is_static:
                self._static[resource.pattern.text] = entry
            else:
                dynamic.append((resource.pattern, entry))
        self._buckets, self._generic = self._compile_dynamic(dynamic)
        # A method some route answers is known: elsewhere it is a 405, not a 501.
        self._known_methods = STANDARD_METHODS.union(*(route.methods for route in routes))
        self._names: dict[str, Pattern | None] = {}
        explicit: set[str] = set()
        for route in routes:
            if route.name is None:
                continue
            shared = route.name in self._names and self._names[route.name] is None
            known = self._names.get(route.name)
            if shared and route.auto_named:
                continue  # a third view with a name already shared stays ambiguous
            if known is not None and known.text != route.pattern.text:
                if not route.auto_named and route.name in explicit:
                    raise RouteError(
                        f"route name {route.name!r} is used for both {known.text!r} "
                        f"and {route.path!r}"
                    )
                if route.name in explicit:
                    continue  # a given name beats a derived one
                if not route.auto_named:
                    explicit.add(route.name)
                    self._names[route.name] = route.pattern
                else:
                    self._names[route.name] = None  # two views share a derived name
                continue
            if not route.auto_named:
                explicit.add(route.name)
            self._names[route.name] = route.pattern

    @staticmethod
    def _compile_dynamic(
        dynamic: list[tuple[Pattern, tuple[dict[str, H], H, H]]],
    ) -> tuple[dict[str, _Matcher[H]], _Matcher[H] | None]:
        """One combined regex per first path segment, keeping registration order.

        A pattern whose first segment is literal goes in that segment's bucket; one whose
        first segment holds a parameter could match any segment, so it joins every bucket
        (in its registration place) and the generic bucket used for unknown segments.
        """
        keyed: dict[str, list[int]] = {}
        generic: list[int] = []
        for index, (pattern, _) in enumerate(dynamic):
            first = pattern.parts[0]
            head = first[1:].partition("/") if isinstance(first, str) else ("", "", "")
            if head[1]:
                keyed.setdefault(head[0], []).append(index)
            else:
                generic.append(index)
        buckets = {
            key: _Matcher([dynamic[i] for i in sorted(indexes + generic)])
            for key, indexes in keyed.items()
        }
        return buckets, (_Matcher([dynamic[i] for i in generic]) if generic else None)

    def match(self, method: str, path: str) -> tuple[H, dict[str, Any]]:
        """The handler for ``method`` at ``path`` and the converted path parameters."""
        entry = self._static.get(path)
        params: dict[str, Any]
        if entry is None:
            # PERF: pick the combined regex by the first segment, then one C-level match.
            end = path.find("/", 1)
            matcher = self._buckets.get(path[1:end] if end > 0 else "", self._generic)
            found = matcher.match(path) if matcher is not None else None
            if found is None:
                return self._miss(method, path), {}
            entry, params = found
        else:
            params = {}
        table, not_allowed, not_implemented = entry
        handler = table.get(method)
        if handler is None:
            if method not in self._known_methods:
                return not_implemented, params
            return not_allowed, params
        return handler, params

    def _miss(self, method: str, path: str) -> H:
        if method not in self._known_methods:
            return self._fallbacks.not_implemented
        if self._redirect_slashes and path != "/":
            other = path[:-1] if path.endswith("/") else path + "/"
            # A Location starting with "//" names another host: never redirect there.
            if not other.startswith("//") and self._exists(other):
                assert self._fallbacks.redirect is not None
                return self._fallbacks.redirect(other, 301 if method in ("GET", "HEAD") else 308)
        return self._fallbacks.not_found

    def _exists(self, path: str) -> bool:
        if path in self._static:
            return True
        end = path.find("/", 1)
        matcher = self._buckets.get(path[1:end] if end > 0 else "", self._generic)
        return matcher is not None and matcher.match(path) is not None

    def url_for(self, name: str, params: dict[str, Any]) -> str:
        """Build the path of the route called ``name``; extra parameters become the query."""
        if name in self._names and self._names[name] is None:
            raise URLBuildError(
                f"several views are called {name!r}: give their routes explicit names"
            )
        pattern = self._names.get(name)
        if pattern is None:
            raise URLBuildError(f"no route is named {name!r}{self._hint(name)}")
        path = pattern.build(params)
        extra = {
            key: value
            for key, value in params.items()
            if key not in {p.name for p in pattern.parameters}
        }
        if extra:
            from urllib.parse import urlencode

            path += "?" + urlencode(extra, doseq=True)
        return path

    def _hint(self, name: str) -> str:
        """A "did you mean" for a misspelt name or one missing or misplacing its namespace."""
        import difflib

        base = name.rpartition(":")[2]
        close = [known for known in self._names if known.rpartition(":")[2] == base]
        close = close or difflib.get_close_matches(name, list(self._names), n=1, cutoff=0.7)
        return f" (did you mean {close[0]!r}?)" if close else ""


def _parameter_names(pattern: Pattern) -> tuple[str, ...]:
    return tuple(parameter.name for parameter in pattern.parameters)


class _Matcher(Generic[H]):
    """A combined regex over several patterns; an empty marker group ends each alternative."""

    __slots__ = ("_entries", "_regex")

    def __init__(self, patterns: list[tuple[Pattern, tuple[dict[str, H], H, H]]]) -> None:
        sources = []
        self._entries: dict[int, tuple[tuple[dict[str, H], H, H], tuple[Any, ...]]] = {}
        group = 0
        for pattern, entry in patterns:
            slots = []
            for parameter in pattern.parameters:
                group += 1
                converter = parameter.converter if parameter.converter.converts else None
                slots.append((parameter.name, group, converter))
            group += 1  # the marker: m.lastindex names the alternative that matched
            sources.append(f"{pattern.regex()}()")
            self._entries[group] = (entry, tuple(slots))
        self._regex = re.compile("|".join(sources))

    def match(self, path: str) -> tuple[tuple[dict[str, H], H, H], dict[str, Any]] | None:
        found = self._regex.fullmatch(path)
        if found is None:
            return None
        entry, slots = self._entries[found.lastindex]  # type: ignore[index]
        params: dict[str, Any] = {}
        for name, group, converter in slots:
            value = found.group(group)
            if converter is not None:
                try:
                    value = converter.to_python(value)
                except ValueError:
                    return None  # the converter says no: treated as no match at all
            params[name] = value
        return entry, params


class Router(Generic[H]):
    """Collects routes and converters; :meth:`compile` freezes them into a CompiledRouter."""

    def __init__(self) -> None:
        self.routes: list[Route[H]] = []
        self._converters: dict[str, Converter] = {
            name: converter() for name, converter in DEFAULT_CONVERTERS.items()
        }

    def register_converter(self, name: str, converter: type[Converter]) -> None:
        """Make ``<name:param>`` available in patterns added from now on."""
        check_converter(name, converter)
        self._converters[name] = converter()

    def parse(self, path: str) -> Pattern:
        """Parse ``path`` with this router's converters; a bad pattern raises RouteError."""
        return parse_pattern(path, self._converters)

    def add(
        self,
        path: str | Pattern,
        methods: Iterable[str],
        handler: H,
        name: str | None = None,
        *,
        auto_named: bool = False,
    ) -> Route[H]:
        """Register ``handler`` for ``methods`` at ``path`` (text, or a parsed Pattern)."""
        pattern = self.parse(path) if isinstance(path, str) else path
        path = pattern.text
        normalized = tuple(dict.fromkeys(method.upper() for method in methods))
        if not normalized:
            raise RouteError(f"route {path!r} has no methods")
        for method in normalized:
            if not _METHOD_TOKEN.fullmatch(method):
                raise RouteError(f"route {path!r}: {method!r} is not a valid method name")
        route = Route(pattern, normalized, handler, name, auto_named)
        self.routes.append(route)
        return route

    def compile(
        self, fallbacks: Fallbacks[H], *, redirect_slashes: bool = True
    ) -> CompiledRouter[H]:
        """Freeze the table; duplicate routes and clashing names raise RouteError here."""
        return CompiledRouter(list(self.routes), fallbacks, redirect_slashes)


__all__ = ["STANDARD_METHODS", "CompiledRouter", "Fallbacks", "Route", "Router", "URLBuildError"]
