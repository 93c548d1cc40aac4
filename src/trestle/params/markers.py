"""What a view's signature may declare: where a value comes from, and its dependencies.

These are plain records, made when the user's module is imported; pydantic is only
imported when the app is built (``import trestle`` stays lean). Each parameter marker
becomes a ``pydantic.Field`` with the same constraints when the call plan is compiled::

    def items(page: Annotated[int, Query(ge=1)] = 1, token: str = Header()): ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Literal

if TYPE_CHECKING:
    from trestle.http.request import Request

Source = Literal["path", "query", "header", "cookie", "body", "form", "file"]


class _Unset:
    """The "no default given" marker (``...`` would be ambiguous with pydantic's own)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Any = _Unset()


class _Default:
    """``response_model=DEFAULT``: take the response model from the return annotation."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "DEFAULT"


DEFAULT: Any = _Default()

#: The keyword arguments of a marker that become the pydantic ``Field``'s.
FIELD_OPTIONS = (
    "title",
    "description",
    "examples",
    "deprecated",
    "gt",
    "ge",
    "lt",
    "le",
    "multiple_of",
    "min_length",
    "max_length",
    "pattern",
    "max_digits",
    "decimal_places",
    "strict",
    "json_schema_extra",
)


class Param:
    """Where a parameter's value comes from, with its validation constraints.

    Use a subclass: :class:`Path`, :class:`Query`, :class:`Header`, :class:`Cookie`,
    :class:`Body`, :class:`Form` or :class:`File`, either as the default
    (``page: int = Query(1, ge=1)``) or in ``Annotated`` (``Annotated[int, Query(ge=1)] = 1``).
    """

    source: ClassVar[Source]
    __slots__ = (
        "alias",
        "default",
        "default_factory",
        "include_in_schema",
        "options",
    )

    def __init__(
        self,
        default: Any = UNSET,
        *,
        default_factory: Callable[[], Any] | None = None,
        alias: str | None = None,
        title: str | None = None,
        description: str | None = None,
        examples: list[Any] | None = None,
        deprecated: bool | None = None,
        include_in_schema: bool = True,
        gt: float | None = None,
        ge: float | None = None,
        lt: float | None = None,
        le: float | None = None,
        multiple_of: float | None = None,
        min_length: int | None = None,
        max_length: int | None = None,
        pattern: str | None = None,
        max_digits: int | None = None,
        decimal_places: int | None = None,
        strict: bool | None = None,
        json_schema_extra: dict[str, Any] | None = None,
    ) -> None:
        if default is not UNSET and default_factory is not None:
            raise TypeError("give a default or a default_factory, not both")
        self.default = default
        self.default_factory = default_factory
        self.alias = alias
        self.include_in_schema = include_in_schema
        given = {
            "title": title,
            "description": description,
            "examples": examples,
            "deprecated": deprecated,
            "gt": gt,
            "ge": ge,
            "lt": lt,
            "le": le,
            "multiple_of": multiple_of,
            "min_length": min_length,
            "max_length": max_length,
            "pattern": pattern,
            "max_digits": max_digits,
            "decimal_places": decimal_places,
            "strict": strict,
            "json_schema_extra": json_schema_extra,
        }
        #: The pydantic ``Field`` options that were given.
        self.options: dict[str, Any] = {k: v for k, v in given.items() if v is not None}

    def __repr__(self) -> str:
        shown = [] if self.default is UNSET else [repr(self.default)]
        if self.alias is not None:
            shown.append(f"alias={self.alias!r}")
        shown += [f"{key}={value!r}" for key, value in self.options.items()]
        return f"{type(self).__name__}({', '.join(shown)})"


class Path(Param):
    """A path parameter with constraints (``<id>`` with ``id: Annotated[int, Path(ge=1)]``)."""

    source = "path"
    __slots__ = ()


class Query(Param):
    """A query string parameter; a ``list[...]`` annotation takes every repeated value."""

    source = "query"
    __slots__ = ()


class Header(Param):
    """A request header: ``user_agent`` reads ``User-Agent`` (case-insensitive).

    ``convert_underscores=False`` keeps the name as written.
    """

    source = "header"
    __slots__ = ("convert_underscores",)

    def __init__(
        self, default: Any = UNSET, *, convert_underscores: bool = True, **options: Any
    ) -> None:
        super().__init__(default, **options)
        self.convert_underscores = convert_underscores


class Cookie(Param):
    """A cookie the client sent."""

    source = "cookie"
    __slots__ = ()


class Body(Param):
    """The JSON body, or (``embed=True``, or with several body parameters) one key of it."""

    source = "body"
    __slots__ = ("embed",)

    def __init__(self, default: Any = UNSET, *, embed: bool = False, **options: Any) -> None:
        super().__init__(default, **options)
        self.embed = embed


class Form(Param):
    """A field of a urlencoded or multipart form (a model annotation takes the whole form)."""

    source = "form"
    __slots__ = ()


class File(Param):
    """An uploaded file of a multipart form: ``UploadedFile``, ``bytes``, or a list of them."""

    source = "file"
    __slots__ = ()


class Depends:
    """A dependency: the parameter gets what ``dependency`` returns (or yields).

    The dependency's own parameters are resolved like a view's: from the request, or from
    other dependencies. Within one request each dependency runs once and its result is
    shared, unless ``use_cache=False``. ``Depends()`` in ``Annotated[Pager, Depends()]``
    calls the annotated class.
    """

    __slots__ = ("dependency", "use_cache")

    def __init__(
        self, dependency: Callable[..., Any] | None = None, *, use_cache: bool = True
    ) -> None:
        if dependency is not None and not callable(dependency):
            raise TypeError(f"Depends() takes a callable, not {dependency!r}")
        self.dependency = dependency
        self.use_cache = use_cache

    def __repr__(self) -> str:
        name = getattr(self.dependency, "__qualname__", repr(self.dependency))
        cache = "" if self.use_cache else ", use_cache=False"
        return f"Depends({name}{cache})"


class SecurityScheme:
    """Base class of authentication schemes used as dependencies (``Depends(bearer)``).

    An instance is called with the request and returns the credentials (or raises a 401);
    call plans list the schemes they use in :attr:`CallPlan.security
    <trestle.params.CallPlan.security>`, and OpenAPI documents them with
    :meth:`openapi_scheme` under :attr:`scheme_name`.
    """

    #: The key of this scheme in OpenAPI's ``components.securitySchemes``.
    scheme_name: str = "default"

    def __call__(self, request: Request) -> Any:
        """Return the credentials from ``request``, or raise an ``HTTPException``."""
        raise NotImplementedError

    def openapi_scheme(self) -> dict[str, Any]:
        """The OpenAPI Security Scheme Object describing this scheme."""
        raise NotImplementedError
