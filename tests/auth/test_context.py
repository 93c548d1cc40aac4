"""``user`` and ``perms`` in templates; what the auth pages escape."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from trestle import App, Request
from trestle.auth import login
from trestle.auth.models import Permission, User

from .conftest import PASSWORD, create_user, submit


def test_user_and_perms_in_templates(
    make_client: Callable[..., Any], tmp_path: Path, auth_app: Callable[..., App]
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text(
        "{% if user.is_authenticated %}hello {{ user.username }}{% else %}hello stranger"
        "{% endif %}|{{ 'auth.view_user' in perms }}|{{ perms['auth.add_user'] }}|{{ 3 in perms }}"
    )
    app = auth_app(TEMPLATES={"DIRS": [str(folder)]})
    viewer = create_user(app, "ada")
    with app.extensions["db"].session() as session:
        user = session.get(User, viewer.id)
        assert user is not None
        user.user_permissions.append(
            Permission(app_label="auth", codename="view_user", name="Can view user")
        )
        session.commit()

    from trestle.templating import render

    @app.get("/page")
    def page(request: Request) -> Any:
        return render(request, "page.html")

    @app.post("/as-ada")
    def as_ada(request: Request) -> str:
        login(request, request.db.get(User, viewer.id))
        return "ok"

    client = make_client(app)
    assert client.get("/page").text == "hello stranger|False|False|False"
    client.post("/as-ada")
    assert client.get("/page").text == "hello ada|True|False|False"


def test_script_in_a_username_is_escaped(
    make_client: Callable[..., Any], auth_app: Callable[..., App]
) -> None:
    app = auth_app(security=True)
    payload = '"><script>alert(1)</script>'
    response = submit(
        make_client(app), "/accounts/login/", {"username": payload, "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text
