"""Call plans: what they say about a view (for OpenAPI), and the mistakes refused at build."""

from typing import Annotated, Any

import pytest
from pydantic import BaseModel

from trestle import App, Body, Cookie, Depends, File, Form, Header, Query, Request
from trestle.http.forms import UploadedFile
from trestle.params import CallPlan, InputSpec, Path, SecurityScheme
from trestle.params.markers import DEFAULT, UNSET
from trestle.views import ViewError


class Item(BaseModel):
    name: str


class Owner(BaseModel):
    email: str


class Bearer(SecurityScheme):
    scheme_name = "bearer"

    def __call__(self, request: Request) -> str:
        return request.headers.get("authorization", "")

    def openapi_scheme(self) -> dict[str, Any]:
        return {"type": "http", "scheme": "bearer"}


bearer = Bearer()


def plan_of(view: Any, path: str = "/", **options: Any) -> CallPlan:
    app = App()
    app.add_route(path, view, **options)
    plan = app.routes()[0].endpoint.plan
    assert plan is not None
    return plan


def by_alias(plan: CallPlan) -> dict[tuple[str, str], InputSpec]:
    return {(spec.source, spec.alias): spec for spec in plan.inputs}


def test_inputs_describe_every_parameter() -> None:
    def pager(page: Annotated[int, Query(ge=1, description="Page number")] = 1) -> int:
        return page

    def view(
        id: int,
        item: Item,
        page: Annotated[int, Depends(pager)],
        tags: Annotated[list[str], Query(alias="tag", examples=[["a"]])] = [],  # noqa: B006
        x_trace_id: Annotated[str | None, Header(deprecated=True)] = None,
        theme: Annotated[str, Cookie(title="Theme")] = "light",
    ) -> Item:
        return item

    plan = plan_of(view, "/items/<int:id>")
    specs = by_alias(plan)
    assert list(specs) == [
        ("path", "id"),
        ("query", "page"),
        ("query", "tag"),
        ("header", "x-trace-id"),
        ("cookie", "theme"),
        ("body", "item"),
    ]
    page = specs["query", "page"]
    assert (page.name, page.annotation, page.required, page.default) == ("page", int, False, 1)
    assert page.field.description == "Page number"
    assert tags_spec(specs).explode_list and tags_spec(specs).field.examples == [["a"]]
    trace = specs["header", "x-trace-id"]
    assert trace.annotation == str | None and trace.field.deprecated
    assert specs["cookie", "theme"].field.title == "Theme"
    assert specs["body", "item"].annotation is Item and specs["body", "item"].required
    assert specs["path", "id"].required and specs["path", "id"].annotation is int
    assert plan.response_model is Item and plan.typed and not plan.is_async
    assert plan.dependencies == (pager,)
    assert plan.body is specs["body", "item"]


def tags_spec(specs: dict[tuple[str, str], InputSpec]) -> InputSpec:
    return specs["query", "tag"]


def test_inputs_shared_by_dependencies_are_listed_once() -> None:
    def a(q: str = "") -> str:
        return q

    def b(q: str = "") -> str:
        return q

    def view(x: Annotated[str, Depends(a)], y: Annotated[str, Depends(b)], q: str = "") -> str:
        return x + y + q

    assert [(s.source, s.alias) for s in plan_of(view).inputs] == [("query", "q")]


def test_several_bodies_are_one_embedded_model() -> None:
    def view(item: Item, owner: Owner, note: Annotated[str, Body()] = "") -> None:
        return None

    plan = plan_of(view)
    (body,) = plan.inputs
    assert (body.name, body.source, body.alias, body.required) == ("body", "body", "body", True)
    schema = body.annotation.model_json_schema()
    assert set(schema["properties"]) == {"item", "owner", "note"}
    assert schema["required"] == ["item", "owner"]


def test_form_and_file_inputs() -> None:
    def view(
        name: Annotated[str, Form()],
        photos: Annotated[list[UploadedFile], File()],
        avatar: Annotated[bytes | None, File()] = None,
    ) -> None:
        return None

    specs = by_alias(plan_of(view))
    assert specs["form", "name"].annotation is str
    assert specs["file", "photos"].explode_list
    assert specs["file", "avatar"].annotation == bytes | None


def test_security_schemes_anywhere_in_the_tree() -> None:
    def user(token: Annotated[str, Depends(bearer)]) -> str:
        return token

    def view(who: Annotated[str, Depends(user)], again: Annotated[str, Depends(bearer)]) -> str:
        return who

    plan = plan_of(view, dependencies=[Depends(bearer)])
    assert plan.security == (bearer,)
    assert plan.dependencies == (bearer, user)


def test_a_plain_view_has_a_plan_without_machinery() -> None:
    def view(request: Request, id: int) -> dict[str, int]:
        return {"id": id}

    plan = plan_of(view, "/x/<int:id>")
    assert not plan.typed and plan.program is None
    assert [(s.source, s.alias, s.annotation) for s in plan.inputs] == [("path", "id", int)]


def test_unannotated_path_parameters_take_the_converter_type() -> None:
    from uuid import UUID

    def view(a, b, c, **rest):  # type: ignore[no-untyped-def]
        return None

    plan = plan_of(view, "/<int:a>/<uuid:b>/<c>/<slug:d>")
    assert [(s.alias, s.annotation) for s in plan.inputs] == [
        ("a", int),
        ("b", UUID),
        ("c", str),
    ]


def test_async_plans() -> None:
    async def token() -> str:
        return "t"

    def view(t: Annotated[str, Depends(token)]) -> str:
        return t

    assert plan_of(view).is_async


def test_positional_only_parameters(make_client: Any) -> None:
    app = App()

    @app.get("/<int:id>")
    def view(request: Request, /, id: int, q: int = 0) -> dict[str, int]:
        return {"id": id, "q": q}

    @app.get("/pos/<int:id>")
    def positional(id: int, q: int = 0, /) -> dict[str, int]:
        return {"id": id, "q": q}

    client = make_client(app)
    assert client.get("/3?q=4").json() == {"id": 3, "q": 4}
    assert client.get("/pos/3?q=4").json() == {"id": 3, "q": 4}


def annotated_twice(x: Annotated[int, Query()] = Query(1)) -> None:
    return None


def two_markers(x: Annotated[int, Query(), Header()] = 1) -> None:
    return None


def two_defaults(x: Annotated[int, Query(2)] = 1) -> None:
    return None


def path_without_parameter(x: Annotated[int, Path()]) -> None:
    return None


def depends_without_callable(x: Annotated[Any, Depends()]) -> None:
    return None


def text_file(x: Annotated[str, File()]) -> None:
    return None


def form_model(x: Annotated[Item, Form()]) -> None:
    return None


def unresolvable(x: "NoSuchType" = None) -> None:  # type: ignore[name-defined]  # noqa: F821
    return None


class NotAModel:
    pass


def bad_response_model() -> NotAModel:
    return NotAModel()


@pytest.mark.parametrize(
    ("view", "message"),
    [
        (annotated_twice, "has a marker both in Annotated and as its default"),
        (two_markers, "has several markers"),
        (two_defaults, "has two defaults"),
        (path_without_parameter, "the route has no <x> parameter"),
        (depends_without_callable, "needs a callable"),
        (text_file, "must be annotated UploadedFile, bytes"),
        (form_model, "only a JSON body can hold"),
        (unresolvable, "cannot resolve the annotation 'NoSuchType'"),
    ],
)
def test_mistakes_in_signatures_fail_at_build(view: Any, message: str) -> None:
    app = App()
    app.add_route("/", view)
    with pytest.raises(ViewError, match=message):
        app.build()


def test_a_response_model_pydantic_cannot_read_fails_at_build() -> None:
    app = App()
    app.add_route("/", bad_response_model, response_model=NotAModel)
    with pytest.raises(ViewError, match=r"cannot use .* as a response model"):
        app.build()


def test_markers_check_their_arguments() -> None:
    with pytest.raises(TypeError, match="not both"):
        Query(1, default_factory=list)
    with pytest.raises(TypeError, match="takes a callable"):
        Depends(42)  # type: ignore[arg-type]
    assert repr(Query(1, alias="p", ge=0)) == "Query(1, alias='p', ge=0)"
    assert repr(Depends(plan_of, use_cache=False)) == "Depends(plan_of, use_cache=False)"
    assert repr(UNSET) == "UNSET" and not UNSET and repr(DEFAULT) == "DEFAULT"


def test_a_security_scheme_must_implement_its_methods() -> None:
    scheme = SecurityScheme()
    with pytest.raises(NotImplementedError):
        scheme(None)  # type: ignore[arg-type]
    with pytest.raises(NotImplementedError):
        scheme.openapi_scheme()


def test_custom_converters_give_their_type(make_client: Any) -> None:
    import datetime

    from trestle import Converter

    class DateConverter(Converter):
        regex = r"\d{4}-\d{2}-\d{2}"

        def to_python(self, value: str) -> datetime.date:
            return datetime.date.fromisoformat(value)

    class Untyped(Converter):
        regex = "[a-z]+"

        def to_python(self, value):  # type: ignore[no-untyped-def]
            return value.upper()

    app = App()
    app.register_converter("date", DateConverter)
    app.register_converter("upper", Untyped)

    @app.get("/<date:day>/<upper:word>")
    def view(day, word, q: int = 0):  # type: ignore[no-untyped-def]
        return {"day": day.isoformat(), "word": word, "q": q}

    plan = app.routes()[0].endpoint.plan
    assert plan is not None
    assert [(s.alias, s.annotation) for s in plan.inputs][:2] == [
        ("day", datetime.date),
        ("word", Any),
    ]
    assert make_client(app).get("/2024-01-02/abc?q=1").json() == {
        "day": "2024-01-02",
        "word": "ABC",
        "q": 1,
    }


def test_internal_records_show_what_they_are() -> None:
    from trestle.params.plan import Compiler
    from trestle.params.signature import analyse, label

    def view(request: Request, q: int = 0) -> None:
        return None

    assert [repr(p) for p in analyse(view, {})] == [
        "<Parameter request request>",
        "<Parameter q input>",
    ]
    compiler = Compiler(view, {}, {})
    compiler.add_callable(view, what="view")
    assert repr(compiler.nodes[0]) == f"<Node {label(view)} -> #0>"
