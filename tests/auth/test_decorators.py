"""login_required, permission_required and staff_required on function and class views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from trestle import App, Request, View
from trestle.auth import login, login_required, permission_required, staff_required
from trestle.auth.models import Group, Permission, User
from trestle.auth.permissions import create_permissions

from .conftest import create_user

MakeClient = Callable[..., Any]


@pytest.fixture
def app(auth_app: Callable[..., App]) -> App:
    app = auth_app()

    @app.post("/as/<str:username>")
    def become(request: Request, username: str) -> str:
        from sqlalchemy import select

        user = request.db.execute(select(User).where(User.username == username)).scalar_one()
        login(request, user)
        return "ok"

    @app.get("/private")
    @login_required
    def private(request: Request) -> str:
        return f"private for {request.user.username}"

    @app.get("/private-async")
    @login_required
    async def private_async(request: Request) -> str:
        return "async private"

    @app.get("/no-request/<int:n>")
    @login_required(login_url="/signin")
    def no_request(n: int) -> str:
        return f"n={n}"

    @app.get("/publish")
    @permission_required("auth.publish_things")
    def publish(request: Request) -> str:
        return "published"

    @app.get("/publish-async")
    @permission_required(["auth.publish_things", "auth.view_user"])
    async def publish_async() -> str:
        return "published async"

    @app.get("/staff")
    @staff_required
    def staff() -> str:
        return "staff only"

    @login_required
    class Notes(View):
        def get(self, request: Request) -> str:
            return f"notes of {request.user.username}"

        async def post(self) -> str:
            return "note added"

    app.add_route("/notes", Notes)

    @staff_required(login_url="/staff-login")
    class Board(View):
        def get(self) -> str:
            return "board"

    app.add_route("/board", Board)

    create_user(app, "ada")
    create_user(app, "grace", is_staff=True)
    create_user(app, "root", is_superuser=True)
    create_user(app, "editor")
    with app.extensions["db"].session() as session:
        create_permissions(session, ["auth"])
        from sqlalchemy import select

        publish_perm = session.execute(
            select(Permission).where(Permission.codename == "publish_things")
        ).scalar_one_or_none()
        if publish_perm is None:
            publish_perm = Permission(
                app_label="auth", codename="publish_things", name="Can publish", model=""
            )
            session.add(publish_perm)
        view_user = session.execute(
            select(Permission).where(Permission.codename == "view_user")
        ).scalar_one()
        editors = Group(name="editors", permissions=[publish_perm])
        session.add(editors)
        editor = session.execute(select(User).where(User.username == "editor")).scalar_one()
        editor.groups.append(editors)
        editor.user_permissions.append(view_user)
        session.commit()
    return app


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/private", "/accounts/login/?next=/private"),
        ("/private-async", "/accounts/login/?next=/private-async"),
        ("/no-request/3?x=1&y=2", "/signin?next=/no-request/3%3Fx%3D1%26y%3D2"),
        ("/publish", "/accounts/login/?next=/publish"),
        ("/publish-async", "/accounts/login/?next=/publish-async"),
        ("/staff", "/accounts/login/?next=/staff"),
        ("/notes", "/accounts/login/?next=/notes"),
        ("/board", "/staff-login?next=/board"),
    ],
)
def test_anonymous_visitors_go_to_the_login_page(
    make_client: MakeClient, app: App, path: str, location: str
) -> None:
    response = make_client(app).get(path)
    assert response.status_code == 302
    assert response.headers["location"] == location


def test_api_clients_get_401(make_client: MakeClient, app: App) -> None:
    response = make_client(app).get("/private", headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert "log in" in response.text.lower()


def test_anonymous_post_to_a_class_view(make_client: MakeClient, app: App) -> None:
    assert make_client(app).post("/notes").status_code == 302


def test_logged_in_user(make_client: MakeClient, app: App) -> None:
    client = make_client(app)
    client.post("/as/ada")
    assert client.get("/private").text == "private for ada"
    assert client.get("/private-async").text == "async private"
    assert client.get("/no-request/3").text == "n=3"
    assert client.get("/notes").text == "notes of ada"
    assert client.post("/notes").text == "note added"
    for path in ["/publish", "/publish-async", "/staff", "/board"]:
        response = client.get(path)
        assert response.status_code == 403, path


def test_permissions_through_groups_and_directly(make_client: MakeClient, app: App) -> None:
    client = make_client(app)
    client.post("/as/editor")
    assert client.get("/publish").text == "published"  # through the group
    assert client.get("/publish-async").text == "published async"  # group + direct
    assert client.get("/staff").status_code == 403


def test_staff_and_superuser(make_client: MakeClient, app: App) -> None:
    client = make_client(app)
    client.post("/as/grace")
    assert client.get("/staff").text == "staff only"
    assert client.get("/board").text == "board"
    assert client.get("/publish").status_code == 403
    root = make_client(app)
    root.post("/as/root")
    assert root.get("/publish").text == "published"
    assert root.get("/publish-async").text == "published async"
    assert root.get("/staff").status_code == 403  # superuser is not staff by itself


@pytest.mark.parametrize("bad", ["", "nodot", ["ok.perm", 3], []])
def test_bad_permission_names(bad: Any) -> None:
    with pytest.raises(ValueError, match=r"app_label\.codename"):
        permission_required(bad)


def test_decorating_something_else() -> None:
    with pytest.raises(TypeError):
        login_required(42)  # type: ignore[call-overload]
