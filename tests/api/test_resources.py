"""Resources: routes, status codes, names and shared dependencies, registered either way."""

import uuid
from collections.abc import Iterator
from typing import Annotated, Any

import pytest
from pydantic import BaseModel

from trestle import App, HTTPException, Request, include, path
from trestle.api import Resource, resource_urls
from trestle.params import Depends, Header
from trestle.routing.patterns import RouteError
from trestle.views import ViewError

EVENTS: list[str] = []


class NoteIn(BaseModel):
    text: str


class NoteOut(BaseModel):
    id: int
    text: str


class NotePatch(BaseModel):
    text: str | None = None


def store() -> Iterator[dict[int, str]]:
    """A per-request handle on the notes, closed after the response."""
    EVENTS.append("open")
    yield NOTES
    EVENTS.append("close")


def require_key(x_key: Annotated[str | None, Header()] = None) -> None:
    if x_key != "let-me-in":
        raise HTTPException(403, "no key")


NOTES: dict[int, str] = {}


class Notes(Resource):
    """Short notes."""

    dependencies = [Depends(require_key)]

    def __init__(self, notes: Annotated[dict[int, str], Depends(store)]) -> None:
        self.notes = notes
        EVENTS.append(f"init {id(self)}")

    def list(self, contains: str = "") -> list[NoteOut]:
        """Every note."""
        return [NoteOut(id=i, text=t) for i, t in self.notes.items() if contains in t]

    def create(self, note: NoteIn) -> NoteOut:
        new_id = max(self.notes, default=0) + 1
        self.notes[new_id] = note.text
        return NoteOut(id=new_id, text=note.text)

    def retrieve(self, id: int) -> NoteOut:
        if id not in self.notes:
            raise HTTPException(404, f"no note {id}")
        return NoteOut(id=id, text=self.notes[id])

    def update(self, id: int, note: NoteIn) -> NoteOut:
        self.retrieve(id)
        self.notes[id] = note.text
        return NoteOut(id=id, text=note.text)

    async def partial_update(self, id: int, changes: NotePatch) -> NoteOut:
        current = self.retrieve(id)
        if changes.text is not None:
            self.notes[id] = changes.text
        return NoteOut(id=id, text=changes.text or current.text)

    def delete(self, id: int) -> None:
        self.retrieve(id)
        del self.notes[id]


KEY = {"X-Key": "let-me-in"}


@pytest.fixture(autouse=True)
def _fresh() -> None:
    NOTES.clear()
    EVENTS.clear()


def registered() -> App:
    app = App()
    Notes.register(app, "/notes")
    return app


def from_urlpatterns() -> App:
    return App(urlpatterns=[path("api/", include(resource_urls("notes/", Notes)))])


def test_every_action_through_http(make_client) -> None:
    client = make_client(registered())
    created = client.post("/notes", json={"text": "milk"}, headers=KEY)
    assert (created.status_code, created.json()) == (201, {"id": 1, "text": "milk"})
    client.post("/notes", json={"text": "bread"}, headers=KEY)
    assert client.get("/notes", headers=KEY).json() == [
        {"id": 1, "text": "milk"},
        {"id": 2, "text": "bread"},
    ]
    assert client.get("/notes?contains=rea", headers=KEY).json() == [{"id": 2, "text": "bread"}]
    assert client.get("/notes/2", headers=KEY).json() == {"id": 2, "text": "bread"}
    updated = client.put("/notes/2", json={"text": "rye bread"}, headers=KEY)
    assert updated.json() == {"id": 2, "text": "rye bread"}
    patched = client.patch("/notes/1", json={"text": "oat milk"}, headers=KEY)
    assert (patched.status_code, patched.json()) == (200, {"id": 1, "text": "oat milk"})
    deleted = client.delete("/notes/1", headers=KEY)
    assert (deleted.status_code, deleted.content) == (204, b"")
    assert client.get("/notes/1", headers=KEY).status_code == 404
    assert client.get("/notes/x", headers=KEY).status_code == 404  # the converter refuses it


def test_the_same_through_urlpatterns(make_client) -> None:
    client = make_client(from_urlpatterns())
    created = client.post("/api/notes/", json={"text": "milk"}, headers=KEY)
    assert (created.status_code, created.json()) == (201, {"id": 1, "text": "milk"})
    assert client.get("/api/notes/1/", headers=KEY).json() == {"id": 1, "text": "milk"}
    assert client.delete("/api/notes/1/", headers=KEY).status_code == 204


def test_route_names() -> None:
    app = registered()
    assert app.url_for("notes-list") == "/notes"
    assert app.url_for("notes-detail", id=3) == "/notes/3"
    app = from_urlpatterns()
    assert app.url_for("notes-detail", id=3) == "/api/notes/3/"


def test_class_dependencies_run_before_every_method(make_client) -> None:
    client = make_client(registered())
    for method, url in [("GET", "/notes"), ("POST", "/notes"), ("DELETE", "/notes/1")]:
        response = client.request(method, url, json={"text": "x"})
        assert response.status_code == 403, (method, url)
    assert NOTES == {}


def test_one_instance_per_request_with_init_dependencies_cleaned_up(make_client) -> None:
    client = make_client(registered())
    client.get("/notes", headers=KEY)
    client.get("/notes", headers=KEY)
    assert [event.split()[0] for event in EVENTS] == ["open", "init", "close"] * 2
    first, second = EVENTS[1], EVENTS[4]
    assert first.startswith("init ") and second.startswith("init ")


def test_validation_is_that_of_any_typed_view(make_client) -> None:
    client = make_client(registered())
    response = client.post("/notes", json={"txt": "milk"}, headers=KEY)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "text"]


def test_methods_left_out_are_not_routed(make_client) -> None:
    class ReadOnly(Resource):
        def list(self) -> list[int]:
            return [1]

    app = App()
    ReadOnly.register(app, "/numbers")
    client = make_client(app)
    assert client.get("/numbers").json() == [1]
    refused = client.post("/numbers", json={})
    assert refused.status_code == 405
    assert refused.headers["allow"] == "GET, HEAD, OPTIONS"
    assert client.get("/numbers/1").status_code == 404


def test_item_converter_is_configurable(make_client) -> None:
    class Tokens(Resource):
        item = "<uuid:token>"

        def retrieve(self, token: uuid.UUID, request: Request) -> dict[str, Any]:
            return {"token": str(token), "path": request.path}

    app = App()
    Tokens.register(app, "/tokens", name="token")
    value = "12345678-1234-5678-1234-567812345678"
    response = make_client(app).get(f"/tokens/{value}")
    assert response.json() == {"token": value, "path": f"/tokens/{value}"}
    assert app.url_for("token-detail", token=value) == f"/tokens/{value}"

    # Given at registration: a slug, validated into a UUID by the method's annotation.
    other = App()
    Tokens.register(other, "/t", item="<slug:token>")
    assert make_client(other).get("/t/not-a-uuid").status_code == 422


def test_a_response_or_a_body_from_delete_keeps_its_status(make_client) -> None:
    from trestle import JSONResponse

    class Accepting(Resource):
        def create(self) -> JSONResponse:
            return JSONResponse({"queued": True}, 202)

        def delete(self, id: int) -> dict[str, int]:
            return {"deleted": id}

    app = App()
    Accepting.register(app, "/jobs")
    client = make_client(app)
    assert client.post("/jobs").status_code == 202
    deleted = client.delete("/jobs/4")
    assert (deleted.status_code, deleted.json()) == (200, {"deleted": 4})


# -- mistakes reported where they are made -----------------------------------------------------


def test_a_resource_needs_a_method() -> None:
    class Empty(Resource):
        pass

    with pytest.raises(ViewError, match="defines none of list, create"):
        Empty.register(App(), "/empty")


def test_a_name_is_needed_when_the_prefix_has_none() -> None:
    class Root(Resource):
        def list(self) -> list[int]:
            return []

    with pytest.raises(RouteError, match="give a name"):
        Root.register(App(), "/")
    app = App()
    Root.register(app, "/", name="root")
    assert app.url_for("root-list") == "/"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("def list(self, *args): return []", r"\*args and \*\*kwargs are not supported"),
        ("def list(self, x, /): return []", "cannot be positional-only"),
        (
            "def __init__(self, page: int = 1): pass\n    def list(self, page: int = 1): return []",
            "page is a parameter of both __init__ and the method",
        ),
        ("dependencies = [print]\n    def list(self): return []", "Depends\\(callable\\)"),
    ],
)
def test_bad_resources_are_refused(body: str, message: str) -> None:
    namespace: dict[str, Any] = {"Resource": Resource}
    exec(f"class Bad(Resource):\n    {body}\n", namespace)
    with pytest.raises(ViewError, match=message):
        namespace["Bad"].register(App(), "/bad")


def test_bad_item_and_tags() -> None:
    class One(Resource):
        def list(self) -> list[int]:
            return []

    with pytest.raises(RouteError, match="item must be one parameter"):
        One.register(App(), "/one", item="id")
    with pytest.raises(TypeError, match="tags must be a list"):
        One.register(App(), "/one", tags="one")  # type: ignore[arg-type]
