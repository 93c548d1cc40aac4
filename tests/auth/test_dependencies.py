"""The typed-view dependencies: current_user, require_user, require_staff, require_permission."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import pytest

from trestle import App, Request
from trestle.auth import login
from trestle.auth.dependencies import (
    current_user,
    require_permission,
    require_staff,
    require_user,
)
from trestle.auth.models import Permission, User
from trestle.params import Depends

from .conftest import create_user


@pytest.fixture
def app(auth_app: Callable[..., App]) -> App:
    app = auth_app()

    @app.post("/as/<str:username>")
    def become(request: Request, username: str) -> str:
        from sqlalchemy import select

        login(
            request, request.db.execute(select(User).where(User.username == username)).scalar_one()
        )
        return "ok"

    @app.get("/api/who")
    def who(user: Annotated[Any, Depends(current_user)]) -> dict[str, Any]:
        return {"authenticated": user.is_authenticated}

    @app.get("/api/me")
    def me(user: Annotated[User, Depends(require_user)]) -> dict[str, str]:
        return {"username": user.username}

    @app.get("/api/async-me")
    async def async_me(user: Annotated[User, Depends(require_user)]) -> dict[str, str]:
        return {"username": user.username}

    @app.get("/api/staff")
    def staff(user: Annotated[User, Depends(require_staff)]) -> dict[str, str]:
        return {"staff": user.username}

    @app.get("/api/users")
    def users(
        user: Annotated[User, Depends(require_permission("auth.view_user"))],
    ) -> dict[str, str]:
        return {"viewer": user.username}

    create_user(app, "ada")
    create_user(app, "grace", is_staff=True)
    viewer = create_user(app, "viewer")
    with app.extensions["db"].session() as session:
        permission = Permission(app_label="auth", codename="view_user", name="Can view user")
        user = session.get(User, viewer.id)
        assert user is not None
        user.user_permissions.append(permission)
        session.commit()
    return app


def test_anonymous(make_client: Callable[..., Any], app: App) -> None:
    client = make_client(app)
    assert client.get("/api/who").json() == {"authenticated": False}
    for path in ["/api/me", "/api/async-me", "/api/staff", "/api/users"]:
        response = client.get(path)
        assert response.status_code == 401, path


def test_logged_in(make_client: Callable[..., Any], app: App) -> None:
    client = make_client(app)
    client.post("/as/ada")
    assert client.get("/api/who").json() == {"authenticated": True}
    assert client.get("/api/me").json() == {"username": "ada"}
    assert client.get("/api/async-me").json() == {"username": "ada"}
    assert client.get("/api/staff").status_code == 403
    assert client.get("/api/users").status_code == 403


def test_staff_and_permission(make_client: Callable[..., Any], app: App) -> None:
    grace = make_client(app)
    grace.post("/as/grace")
    assert grace.get("/api/staff").json() == {"staff": "grace"}
    viewer = make_client(app)
    viewer.post("/as/viewer")
    assert viewer.get("/api/users").json() == {"viewer": "viewer"}


def test_bad_permission_names() -> None:
    with pytest.raises(ValueError):
        require_permission()
    with pytest.raises(ValueError):
        require_permission("nodot")
