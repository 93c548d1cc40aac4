"""Resources: one class for a collection and its items, registered in one line.

::

    class Users(Resource):
        dependencies = [Depends(require_login)]       # run before every method

        def __init__(self, db: Annotated[Session, Depends(get_db)]) -> None:
            self.db = db                              # shared by every method

        def list(self, page: int = 1) -> list[UserOut]: ...
        def create(self, user: UserIn) -> UserOut: ...             # 201
        def retrieve(self, id: int) -> UserOut: ...
        def update(self, id: int, user: UserIn) -> UserOut: ...
        def partial_update(self, id: int, changes: UserPatch) -> UserOut: ...
        def delete(self, id: int) -> None: ...                     # 204

    Users.register(app, "/users")                     # or: *Users.urls("users/") in urlpatterns

Each method is a typed view (parameters, dependencies and response models as in any view).
``__init__``'s parameters are resolved like a view's too, per request, so a fresh instance
per request holds what every method shares. Methods a class leaves out are not routed.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from trestle.http.response import Response
from trestle.params.markers import Depends
from trestle.routing.patterns import RouteError
from trestle.routing.urlconf import URLInclude, URLPattern, path
from trestle.views import ViewError, is_async_callable

if TYPE_CHECKING:
    from trestle.app import App


class Action(NamedTuple):
    """What one method of a resource answers."""

    method: str
    on_item: bool
    status_code: int | None


#: The methods a resource may define, in the order they are routed.
ACTIONS: dict[str, Action] = {
    "list": Action("GET", False, None),
    "create": Action("POST", False, 201),
    "retrieve": Action("GET", True, None),
    "update": Action("PUT", True, None),
    "partial_update": Action("PATCH", True, None),
    "delete": Action("DELETE", True, 204),
}


class ResourceRoute(NamedTuple):
    """One route of a registered resource (also kept on its view as ``resource_route``)."""

    path: str
    action: str
    method: str
    name: str
    operation_id: str
    status_code: int | None
    tags: tuple[str, ...]
    view: Callable[..., Any]


class Resource:
    """A collection and its items: see the module docstring.

    Class attributes:

    - ``dependencies``: ``Depends(...)`` run before every method, for their effect.
    - ``item``: the item's path parameter, ``"<int:id>"`` by default (``"<uuid:id>"``,
      ``"<slug:slug>"``...); the item methods take it by its name.
    - ``tags``: OpenAPI tags; by default the resource's name.
    """

    dependencies: ClassVar[Sequence[Depends]] = ()
    item: ClassVar[str] = "<int:id>"
    tags: ClassVar[Sequence[str] | None] = None

    @classmethod
    def routes(
        cls,
        prefix: str,
        *,
        name: str | None = None,
        item: str | None = None,
        tags: Sequence[str] | None = None,
    ) -> list[ResourceRoute]:
        """The routes of this resource under ``prefix`` (collection) and ``prefix/<item>``.

        Routes are named ``<name>-list`` (the collection) and ``<name>-detail`` (an item);
        ``name`` defaults to the last segment of ``prefix``.
        """
        if name is None:
            segments = [s for s in prefix.split("/") if s and "<" not in s]
            if not segments:
                raise RouteError(f"{cls.__qualname__}: give a name for the prefix {prefix!r}")
            name = segments[-1]
        item = item if item is not None else cls.item
        if not (item.startswith("<") and item.endswith(">")):
            raise RouteError(f"{cls.__qualname__}: item must be one parameter such as '<int:id>'")
        trailing = "/" if prefix.endswith("/") and len(prefix) > 1 else ""
        item_path = prefix.rstrip("/") + "/" + item + trailing
        if isinstance(tags, str) or isinstance(cls.tags, str):
            raise TypeError(f"{cls.__qualname__}: tags must be a list of strings")
        chosen_tags = tuple(tags if tags is not None else (cls.tags or (name,)))
        routes = []
        for action, spec in ACTIONS.items():
            method = getattr(cls, action, None)
            if method is None or not callable(method):
                continue
            status_code = spec.status_code
            if status_code == 204 and _returns_something(method):
                status_code = None  # a delete that answers with a body: 200
            view = _bind(cls, action, method, status_code)
            route = ResourceRoute(
                path=item_path if spec.on_item else prefix,
                action=action,
                method=spec.method,
                name=f"{name}-{'detail' if spec.on_item else 'list'}",
                operation_id=f"{name.replace('-', '_')}_{action}",
                status_code=status_code,
                tags=chosen_tags,
                view=view,
            )
            view.resource_route = route  # type: ignore[attr-defined]
            routes.append(route)
        if not routes:
            raise ViewError(f"resource {cls.__qualname__} defines none of {', '.join(ACTIONS)}")
        return routes

    @classmethod
    def register(
        cls,
        app: App,
        prefix: str,
        *,
        name: str | None = None,
        item: str | None = None,
        tags: Sequence[str] | None = None,
    ) -> None:
        """Add this resource's routes to ``app``: ``Users.register(app, "/users")``."""
        for route in cls.routes(prefix, name=name, item=item, tags=tags):
            app.add_route(
                route.path,
                route.view,
                methods=[route.method],
                name=route.name,
                tags=route.tags,
                operation_id=route.operation_id,
                status_code=route.status_code,
            )

    @classmethod
    def urls(
        cls,
        prefix: str,
        *,
        name: str | None = None,
        item: str | None = None,
        tags: Sequence[str] | None = None,
    ) -> list[URLPattern | URLInclude]:
        """This resource's routes as ``path()`` items: ``[*Users.urls("users/")]``."""
        return [
            path(route.path, route.view, name=route.name, methods=[route.method])
            for route in cls.routes(prefix, name=name, item=item, tags=tags)
        ]


def resource_urls(
    prefix: str,
    resource: type[Resource],
    *,
    name: str | None = None,
    item: str | None = None,
    tags: Sequence[str] | None = None,
) -> list[URLPattern | URLInclude]:
    """``urlpatterns = [*resource_urls("users/", Users)]``: :meth:`Resource.urls`."""
    return resource.urls(prefix, name=name, item=item, tags=tags)


def _bind(
    cls: type[Resource], action: str, method: Callable[..., Any], status_code: int | None
) -> Callable[..., Any]:
    """A view function for one method: it makes the instance (``__init__``'s dependencies
    resolved), runs the class's dependencies, and calls the method.

    Its signature is the union of ``__init__``'s and the method's parameters (without
    ``self``), plus one per class dependency, all keyword-only; its annotations are the
    resolved type hints of both, so the call plan is compiled as for any view.
    """
    from trestle.params.signature import type_hints

    label = f"{cls.__qualname__}.{action}"
    init = cls.__init__
    init_params: list[inspect.Parameter] = []
    hints: dict[str, Any] = {}
    if init is not object.__init__:
        init_params = _parameters(init, label + " (__init__)")
        hints.update({k: v for k, v in type_hints(init).items() if k != "return"})
    method_params = _parameters(method, label)
    hints.update(type_hints(method))
    init_names = tuple(parameter.name for parameter in init_params)
    clash = set(init_names) & {parameter.name for parameter in method_params}
    if clash:
        raise ViewError(
            f"resource {label}: {', '.join(sorted(clash))} is a parameter of both "
            "__init__ and the method"
        )
    for depends in cls.dependencies:
        if not isinstance(depends, Depends) or depends.dependency is None:
            raise ViewError(
                f"resource {cls.__qualname__}: dependencies takes Depends(callable) items, "
                f"not {depends!r}"
            )
    extra = [
        inspect.Parameter(f"_dependency_{i}", inspect.Parameter.KEYWORD_ONLY, default=depends)
        for i, depends in enumerate(cls.dependencies)
    ]
    extra_names = tuple(parameter.name for parameter in extra)
    returns = inspect.signature(method).return_annotation
    signature = inspect.Signature([*init_params, *method_params, *extra], return_annotation=returns)

    def prepare(kwargs: dict[str, Any]) -> Resource:
        for extra_name in extra_names:
            del kwargs[extra_name]
        return cls(**{init_name: kwargs.pop(init_name) for init_name in init_names})

    def answer(result: Any) -> Any:
        # PERF: the success status decided here, for urlpatterns routes that carry no options.
        if status_code is None or isinstance(result, (Response, tuple)):
            return result
        if result is None and status_code == 204:
            return None  # None is already a 204
        return result, status_code

    view: Callable[..., Any]
    if is_async_callable(method):

        async def call_async(**kwargs: Any) -> Any:
            instance = prepare(kwargs)
            return answer(await method(instance, **kwargs))

        view = call_async
    else:

        def call(**kwargs: Any) -> Any:
            instance = prepare(kwargs)
            return answer(method(instance, **kwargs))

        view = call
    view.__signature__ = signature  # type: ignore[union-attr]
    view.__annotations__ = hints
    view.__name__ = action
    view.__qualname__ = label
    view.__module__ = cls.__module__
    view.__doc__ = method.__doc__
    return view


def _returns_something(method: Callable[..., Any]) -> bool:
    """True when the return annotation says the method answers with a body."""
    from trestle.params.signature import type_hints

    returns = type_hints(method).get("return", inspect.Signature.empty)
    return returns not in (None, type(None), inspect.Signature.empty)


def _parameters(func: Callable[..., Any], label: str) -> list[inspect.Parameter]:
    """``func``'s parameters after ``self``, made keyword-only (the view is called by name)."""
    parameters = list(inspect.signature(func).parameters.values())[1:]
    kept = []
    for parameter in parameters:
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            raise ViewError(f"resource {label}: *args and **kwargs are not supported")
        if parameter.kind is parameter.POSITIONAL_ONLY:
            raise ViewError(f"resource {label}: {parameter.name!r} cannot be positional-only")
        kept.append(parameter.replace(kind=inspect.Parameter.KEYWORD_ONLY))
    return kept
