"""The OpenAPI 3.1 document of an app, generated from ``app.routes()`` and the call plans.

Each routed view becomes an operation: its path parameters (with the converter's schema),
query, header and cookie parameters and body (with pydantic's JSON Schemas: constraints,
enums, formats, defaults), its success response (the response model's schema), the 422
validation problem when it has inputs to validate, and the security schemes its dependencies
use. Every schema is generated in one pass, so models shared by operations appear once in
``components.schemas``.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any

from trestle.http.status import REASONS
from trestle.params import validation_error_schema

if TYPE_CHECKING:
    from trestle.app import RouteInfo
    from trestle.params.plan import CallPlan, InputSpec

OPENAPI_VERSION = "3.1.0"
REF_PREFIX = "#/components/schemas/"
PROBLEM_JSON = "application/problem+json"
VALIDATION_PROBLEM = "ValidationProblem"
PROBLEM = "Problem"

#: What each built-in converter matches, as JSON Schema.
CONVERTER_SCHEMAS: dict[str, dict[str, Any]] = {
    "str": {"type": "string", "pattern": "^[^/]+$"},
    "int": {"type": "integer", "minimum": 0},
    "slug": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
    "uuid": {"type": "string", "format": "uuid"},
    "path": {"type": "string", "minLength": 1},
}
# OpenAPI 3.1 §4.8.12.1: header parameters with these names SHALL be ignored.
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
_PARAMETER = re.compile(r"<(?:[^<>:]+:)?([^<>:]+)>")
_NOT_IN_ID = re.compile(r"[^A-Za-z0-9_]+")
_NO_BODY = frozenset({204, 205, 304})
_BODY_SOURCES = frozenset({"body", "form", "file"})
_TEXT_CONVERTERS = frozenset({"str", "slug", "path"})


def openapi_path(pattern: str) -> str:
    """Trestle's ``/users/<int:id>`` as an OpenAPI path template, ``/users/{id}``."""
    return _PARAMETER.sub(r"{\1}", pattern)


def problem_schema() -> dict[str, Any]:
    """The JSON Schema of Trestle's error bodies (RFC 9457 problem details)."""
    return {
        "title": PROBLEM,
        "description": "RFC 9457 problem details.",
        "type": "object",
        "required": ["type", "title", "status"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {},
            "request_id": {"type": "string"},
        },
    }


class _Schemas:
    """Collects the types that need a JSON Schema, then generates them all in one pass."""

    def __init__(self) -> None:
        self._wanted: list[tuple[Any, str, dict[str, Any], Callable[[dict[str, Any]], None]]] = []

    def want(
        self,
        annotation: Any,
        mode: str = "validation",
        then: Callable[[dict[str, Any]], None] | None = None,
    ) -> dict[str, Any]:
        """A dict that will hold ``annotation``'s schema once :meth:`generate` has run."""
        slot: dict[str, Any] = {}
        self._wanted.append((annotation, mode, slot, then or (lambda schema: None)))
        return slot

    def generate(self) -> dict[str, Any]:
        """Fill every slot; return the shared definitions (``components.schemas``)."""
        from pydantic import TypeAdapter
        from pydantic.json_schema import PydanticJsonSchemaWarning

        adapters: list[tuple[int, str, Any]] = []
        for index, (annotation, mode, _, _) in enumerate(self._wanted):
            adapter = _adapter(annotation, mode)
            if adapter is not None:
                adapters.append((index, mode, adapter))
        with warnings.catch_warnings():
            # A default that is not JSON is left out of the schema; that is all it warns of.
            warnings.simplefilter("ignore", PydanticJsonSchemaWarning)
            schemas, definitions = TypeAdapter.json_schemas(
                adapters,  # type: ignore[arg-type]
                ref_template=REF_PREFIX + "{model}",
            )
        for index, mode, _ in adapters:
            self._wanted[index][2].update(schemas[(index, mode)])  # type: ignore[index]
        for _, _, slot, then in self._wanted:
            then(slot)
        return dict(definitions.get("$defs", {}))


def _adapter(annotation: Any, mode: str) -> Any:
    """A TypeAdapter whose JSON Schema can be made, or None (the schema is then ``{}``)."""
    from pydantic import TypeAdapter
    from pydantic.errors import (
        PydanticInvalidForJsonSchema,
        PydanticSchemaGenerationError,
        PydanticUserError,
    )
    from pydantic.json_schema import PydanticJsonSchemaWarning

    try:
        adapter = TypeAdapter(annotation)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PydanticJsonSchemaWarning)
            adapter.json_schema(mode=mode)  # type: ignore[arg-type]
    except (PydanticInvalidForJsonSchema, PydanticSchemaGenerationError, PydanticUserError):
        return None
    except TypeError:
        return None
    return adapter


class _Builder:
    """Turns routes into the ``paths`` of a document."""

    def __init__(self) -> None:
        self.schemas = _Schemas()
        self.paths: dict[str, dict[str, Any]] = {}
        self.security_schemes: dict[str, dict[str, Any]] = {}
        self.scheme_owners: dict[str, Any] = {}
        self.tags: list[str] = []
        self.uses_validation = False
        self.uses_problem = False
        self.operations: list[tuple[dict[str, Any], str, bool]] = []

    # -- one route -------------------------------------------------------------------------

    def add(self, route: RouteInfo) -> None:
        plan = route.endpoint.plan
        methods = [m for m in route.methods if m != "HEAD"] or list(route.methods)
        template = openapi_path(route.path)
        item = self.paths.setdefault(template, {})
        for method in methods:
            key = method.lower()
            if key in item:
                continue  # two Trestle patterns with one template: the first is documented
            operation = self.operation(route, plan)
            base = route.meta.operation_id
            resource = getattr(route.view, "resource_route", None)
            if base is None and resource is not None:
                base = resource.operation_id
            given = base is not None
            if base is None:
                base = _NOT_IN_ID.sub("_", _route_name(route))
                if len(methods) > 1:
                    base = f"{base}_{key}"
            self.operations.append((operation, base, given))
            item[key] = operation

    def operation(self, route: RouteInfo, plan: CallPlan | None) -> dict[str, Any]:
        meta = route.meta
        operation: dict[str, Any] = {}
        # A resource's routes from urlpatterns carry no options: their view says them.
        resource = getattr(route.view, "resource_route", None)
        tags = meta.tags or (resource.tags if resource is not None else ())
        if tags:
            operation["tags"] = list(tags)
            for tag in tags:
                if tag not in self.tags:
                    self.tags.append(tag)
        summary = meta.summary or _humanize(_route_name(route))
        if summary:
            operation["summary"] = summary
        if meta.description:
            operation["description"] = meta.description
        operation["operationId"] = ""  # set when every operation is known
        inputs = plan.inputs if plan is not None else ()
        parameters = self.path_parameters(route, inputs)
        for spec in inputs:
            if spec.source in ("query", "header", "cookie") and spec.include_in_schema:
                if spec.source == "header" and spec.alias in _IGNORED_HEADERS:
                    continue
                parameters.append(self.parameter(spec))
        if parameters:
            operation["parameters"] = parameters
        body = self.request_body(inputs)
        if body is not None:
            operation["requestBody"] = body
        operation["responses"] = self.responses(route, plan)
        if meta.deprecated:
            operation["deprecated"] = True
        if plan is not None and plan.security:
            operation["security"] = self.security(plan.security)
        return operation

    def path_parameters(
        self, route: RouteInfo, inputs: Sequence[InputSpec]
    ) -> list[dict[str, Any]]:
        specs = {spec.alias: spec for spec in inputs if spec.source == "path"}
        parameters = []
        for name, converter in route.path_parameters:
            base = CONVERTER_SCHEMAS.get(converter)
            spec = specs.get(name)
            parameter: dict[str, Any] = {"name": name, "in": "path", "required": True}
            if spec is not None and (spec.field.metadata or base is None):
                # The view adds constraints (or the converter is the app's own): pydantic's
                # schema, with what the converter itself demands on top.
                def merge(schema: dict[str, Any], base: dict[str, Any] | None = base) -> None:
                    for key, value in (base or {}).items():
                        schema.setdefault(key, value)

                parameter["schema"] = self.schemas.want(_schema_type(spec), then=merge)
            else:
                parameter["schema"] = dict(base or {"type": "string"})
            if spec is not None:
                _describe(parameter, spec)
            parameters.append(parameter)
        return parameters

    def parameter(self, spec: InputSpec) -> dict[str, Any]:
        parameter: dict[str, Any] = {
            "name": spec.alias,
            "in": spec.source,
            "required": spec.required,
            "schema": self.schemas.want(_schema_type(spec)),
        }
        _describe(parameter, spec)
        return parameter

    def request_body(self, inputs: Sequence[InputSpec]) -> dict[str, Any] | None:
        for spec in inputs:
            if spec.source == "body" and spec.include_in_schema:
                annotation = _schema_type(spec) if spec.field.metadata else spec.annotation
                body: dict[str, Any] = {
                    "required": spec.required,
                    "content": {"application/json": {"schema": self.schemas.want(annotation)}},
                }
                if spec.field.description:
                    body["description"] = spec.field.description
                return body
        fields = [s for s in inputs if s.source in ("form", "file") and s.include_in_schema]
        if not fields:
            return None
        properties: dict[str, Any] = {}
        required = []
        for spec in fields:
            if spec.source == "file":
                binary = {"type": "string", "format": "binary"}
                schema: dict[str, Any] = (
                    {"type": "array", "items": binary} if spec.explode_list else binary
                )
                if spec.field.description:
                    schema["description"] = spec.field.description
            else:
                schema = self.schemas.want(_schema_type(spec))
            properties[spec.alias] = schema
            if spec.required:
                required.append(spec.alias)
        form: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            form["required"] = required
        media_type = (
            "multipart/form-data"
            if any(spec.source == "file" for spec in fields)
            else "application/x-www-form-urlencoded"
        )
        return {"required": bool(required), "content": {media_type: {"schema": form}}}

    def responses(self, route: RouteInfo, plan: CallPlan | None) -> dict[str, Any]:
        meta = route.meta
        resource = getattr(route.view, "resource_route", None)
        status = (
            meta.status_code
            or (plan.status_code if plan is not None else None)
            or (resource.status_code if resource is not None else None)
            or 200
        )
        success: dict[str, Any] = {"description": REASONS.get(status, "Success")}
        model = meta.response_model
        if model is not None and status not in _NO_BODY:
            schema = self.schemas.want(model, "serialization")
            success["content"] = {"application/json": {"schema": schema}}
        responses: dict[str, Any] = {str(status): success}
        inputs = plan.inputs if plan is not None else ()
        if plan is not None and _may_be_invalid(route, plan):
            self.uses_validation = True
            responses["422"] = _problem_response(
                "The request's inputs are invalid", VALIDATION_PROBLEM
            )
        if plan is not None and plan.security:
            self.uses_problem = True
            responses["401"] = _problem_response("Missing or malformed credentials", PROBLEM)
        if any(s.source in _BODY_SOURCES and s.include_in_schema for s in inputs):
            self.uses_problem = True
            responses["400"] = _problem_response("The body is malformed", PROBLEM)
            responses["415"] = _problem_response("The body is not of a documented type", PROBLEM)
        if route.path_parameters:
            # A value the converter refuses, or one the view finds nothing for.
            self.uses_problem = True
            responses["404"] = _problem_response("Nothing at this path", PROBLEM)
        for code, extra in meta.responses.items():
            responses[str(code)] = self.extra_response(code, extra)
        return dict(sorted(responses.items()))

    def extra_response(self, code: int, extra: Any) -> dict[str, Any]:
        if isinstance(extra, Mapping):
            # "model" (and its "media_type", JSON by default) are ours; the rest is OpenAPI's.
            response = {k: v for k, v in extra.items() if k not in ("model", "media_type")}
            response.setdefault("description", REASONS.get(code, "Response"))
            if extra.get("model") is not None:
                schema = self.schemas.want(extra["model"], "serialization")
                media_type = extra.get("media_type", "application/json")
                response.setdefault("content", {media_type: {"schema": schema}})
            return response
        if isinstance(extra, str):
            return {"description": extra}
        schema = self.schemas.want(extra, "serialization")
        return {
            "description": REASONS.get(code, "Response"),
            "content": {"application/json": {"schema": schema}},
        }

    def security(self, schemes: Iterable[Any]) -> list[dict[str, list[str]]]:
        requirement: dict[str, list[str]] = {}
        optional = True
        for scheme in schemes:
            name = scheme.scheme_name
            described = scheme.openapi_scheme()
            known = self.security_schemes.get(name)
            if known is not None and known != described:
                raise ValueError(
                    f"OpenAPI: two different security schemes are named {name!r} "
                    f"({self.scheme_owners[name]!r} and {scheme!r}): give one a scheme_name"
                )
            self.security_schemes[name] = described
            self.scheme_owners[name] = scheme
            requirement[name] = []
            optional = optional and getattr(scheme, "auto_error", True) is False
        # Schemes that let anonymous callers through (auto_error=False) make security optional.
        return [requirement, {}] if optional else [requirement]

    # -- the whole document ----------------------------------------------------------------

    def assign_operation_ids(self) -> None:
        used: set[str] = set()
        for _, base, given in self.operations:
            if given:
                if base in used:
                    raise ValueError(f"OpenAPI: operation_id {base!r} is used twice")
                used.add(base)
        for operation, base, given in self.operations:
            if given:
                operation["operationId"] = base
                continue
            candidate, number = base, 2
            while candidate in used:
                candidate, number = f"{base}_{number}", number + 1
            used.add(candidate)
            operation["operationId"] = candidate


def _may_be_invalid(route: RouteInfo, plan: CallPlan) -> bool:
    """True when the view validates inputs (so may answer 422).

    A path value the router's converter already made (``<int:id>`` into ``id: int``) is
    passed on as it is: a malformed one never reaches the view (404).
    """
    if not plan.typed:
        return False
    converters = dict(route.path_parameters)
    for spec in plan.inputs:
        if spec.source != "path" or spec.field.metadata:
            return True
        if converters.get(spec.alias) in _TEXT_CONVERTERS and spec.annotation not in (str, Any):
            return True
    return False


def _schema_type(spec: InputSpec) -> Any:
    """The input's type with what its schema shows: constraints, default, title, description.

    Not ``Annotated[type, spec.field]``: pydantic warns that a lone field's alias (and
    deprecation) mean nothing there. Deprecation is said on the parameter instead.
    """
    from pydantic import Field
    from pydantic_core import PydanticUndefined

    field = spec.field
    shown: dict[str, Any] = {
        key: value
        for key, value in (
            ("title", field.title),
            ("description", field.description),
            ("examples", field.examples),
            ("json_schema_extra", field.json_schema_extra),
        )
        if value is not None
    }
    if field.default is not PydanticUndefined:
        shown["default"] = field.default
    return Annotated[(spec.annotation, *field.metadata, Field(**shown))]


def _describe(parameter: dict[str, Any], spec: InputSpec) -> None:
    field = spec.field
    if field.description:
        parameter["description"] = field.description
    if field.deprecated:
        parameter["deprecated"] = True


def _problem_response(description: str, schema: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {PROBLEM_JSON: {"schema": {"$ref": REF_PREFIX + schema}}},
    }


def _route_name(route: RouteInfo) -> str:
    return route.name or str(getattr(route.view, "__name__", "operation"))


def _humanize(name: str) -> str:
    """``list_users`` or ``users-list`` → ``List users`` / ``Users list``."""
    words = _NOT_IN_ID.sub(" ", name.rpartition(":")[2]).replace("_", " ").split()
    return " ".join(words).capitalize()


def build_document(
    routes: Iterable[RouteInfo],
    *,
    title: str,
    version: str,
    summary: str | None = None,
    description: str | None = None,
    info: Mapping[str, Any] | None = None,
    servers: Sequence[Mapping[str, Any]] = (),
    tags: Sequence[Mapping[str, Any]] = (),
    exclude: Callable[[Any], bool] = lambda view: False,
) -> dict[str, Any]:
    """The OpenAPI 3.1 document for ``routes`` (``app.routes()``) as a JSON-ready dict.

    Routes with ``include_in_schema=False``, and those whose view ``exclude`` picks out,
    are left out.
    """
    builder = _Builder()
    for route in routes:
        if route.meta.include_in_schema and not exclude(route.view):
            builder.add(route)
    definitions = builder.schemas.generate()
    builder.assign_operation_ids()
    if builder.uses_validation:
        definitions[VALIDATION_PROBLEM] = validation_error_schema()
    if builder.uses_problem:
        definitions[PROBLEM] = problem_schema()

    document_info: dict[str, Any] = {"title": title, "version": version}
    if summary:
        document_info["summary"] = summary
    if description:
        document_info["description"] = description
    document_info.update(info or {})
    document: dict[str, Any] = {"openapi": OPENAPI_VERSION, "info": document_info}
    if servers:
        document["servers"] = [dict(server) for server in servers]
    document["paths"] = builder.paths
    components: dict[str, Any] = {}
    if definitions:
        components["schemas"] = dict(sorted(definitions.items()))
    if builder.security_schemes:
        components["securitySchemes"] = builder.security_schemes
    if components:
        document["components"] = components
    tag_objects = [dict(tag) for tag in tags]
    named = {tag.get("name") for tag in tag_objects}
    tag_objects += [{"name": tag} for tag in builder.tags if tag not in named]
    if tag_objects:
        document["tags"] = tag_objects
    return document
