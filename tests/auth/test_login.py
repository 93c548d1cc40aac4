"""authenticate, login, logout and request.user through HTTP, under WSGI and ASGI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from trestle import App, Request
from trestle.auth import (
    aauthenticate,
    alogin,
    alogout,
    auser,
    authenticate,
    login,
    logout,
)

from .conftest import PASSWORD, create_user


def add_routes(app: App) -> None:
    @app.post("/login")
    def do_login(request: Request) -> Any:
        user = authenticate(request, request.form.get("username"), request.form.get("password"))
        if user is None:
            return {"ok": False}, 400
        login(request, user)
        return {"ok": True, "user": request.user.username}

    @app.post("/alogin")
    async def do_alogin(request: Request) -> Any:
        user = await aauthenticate(
            request, request.form.get("username"), request.form.get("password")
        )
        if user is None:
            return {"ok": False}, 400
        await alogin(request, user)
        return {"ok": True, "user": user.username}

    @app.post("/logout")
    def do_logout(request: Request) -> Any:
        logout(request)
        return {"user": str(request.user)}

    @app.post("/alogout")
    async def do_alogout(request: Request) -> Any:
        await alogout(request)
        return {"ok": True}

    @app.post("/visit")
    def visit(request: Request) -> str:
        request.session["cart"] = ["tea"]
        return "ok"

    @app.get("/me")
    def me(request: Request) -> Any:
        user = request.user
        return {"authenticated": user.is_authenticated, "username": user.get_username()}

    @app.get("/ame")
    async def ame(request: Request) -> Any:
        user = await auser(request)
        return {"authenticated": user.is_authenticated, "username": user.get_username()}

    @app.get("/ame-sync-attribute")
    async def ame_sync(request: Request) -> Any:
        return {"username": request.user.get_username()}


@pytest.fixture
def app(auth_app: Callable[..., App]) -> App:
    app = auth_app()
    add_routes(app)
    create_user(app, "ada")
    create_user(app, "sleepy", is_active=False)
    return app


@pytest.mark.parametrize("path", ["/login", "/alogin"])
def test_login_and_logout(make_client: Callable[..., Any], app: App, path: str) -> None:
    client = make_client(app)
    assert client.get("/me").json() == {"authenticated": False, "username": ""}
    response = client.post(path, data={"username": "ada", "password": PASSWORD})
    assert response.json() == {"ok": True, "user": "ada"}
    assert client.get("/me").json() == {"authenticated": True, "username": "ada"}
    assert client.get("/ame").json() == {"authenticated": True, "username": "ada"}
    assert client.get("/ame-sync-attribute").json() == {"username": "ada"}
    assert client.post("/logout").json() == {"user": "AnonymousUser"}
    assert client.get("/me").json() == {"authenticated": False, "username": ""}


def test_async_logout(make_client: Callable[..., Any], app: App) -> None:
    client = make_client(app)
    client.post("/login", data={"username": "ada", "password": PASSWORD})
    client.post("/alogout")
    assert client.get("/ame").json() == {"authenticated": False, "username": ""}


@pytest.mark.parametrize(
    "form",
    [
        {"username": "ada", "password": "wrong password"},
        {"username": "ADA", "password": PASSWORD},
        {"username": "nobody", "password": PASSWORD},
        {"username": "sleepy", "password": PASSWORD},  # inactive
        {"username": "ada"},
        {"password": PASSWORD},
        {},
        {"username": "ada\x00", "password": PASSWORD},
        {"username": "a" * 5000, "password": PASSWORD},
        {"username": "ада", "password": PASSWORD},
        {"username": "ada", "password": PASSWORD + "\x00"},
    ],
)
@pytest.mark.parametrize("path", ["/login", "/alogin"])
def test_bad_credentials(
    make_client: Callable[..., Any], app: App, form: dict[str, str], path: str
) -> None:
    client = make_client(app)
    response = client.post(path, data=form)
    assert response.status_code == 400
    assert response.json() == {"ok": False}
    assert client.get("/me").json()["authenticated"] is False


def test_session_key_changes_at_login(make_client: Callable[..., Any], app: App) -> None:
    """Session fixation: the session a visitor had before logging in is not the one after."""
    client = make_client(app)
    client.post("/visit")
    before = client.cookies.get("session")
    assert before
    client.post("/login", data={"username": "ada", "password": PASSWORD})
    after = client.cookies.get("session")
    assert after and after != before
    assert client.get("/me").json()["authenticated"] is True
    old = make_client(app)  # whoever held the old session is still anonymous
    old.cookies.set("session", before)
    assert old.get("/me").json()["authenticated"] is False


@pytest.mark.parametrize("path", ["/login", "/alogin"])
def test_undecodable_form_is_a_400(make_client: Callable[..., Any], app: App, path: str) -> None:
    client = make_client(app)
    response = client.post(
        path,
        content=b"username=%ED%A0%80&password=x",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 400


def test_authenticate_raises_a_429_while_locked(make_client: Callable[..., Any], app: App) -> None:
    """A view that lets LoginThrottled through answers 429 with Retry-After."""
    client = make_client(app)
    for _ in range(5):
        client.post("/login", data={"username": "ada", "password": "wrong"})
    response = client.post("/login", data={"username": "ada", "password": PASSWORD})
    assert response.status_code == 429
    assert response.headers["retry-after"] == "60"
    assert "Too many failed login attempts. Try again in 1 minute." in response.text


def test_request_user_is_lazy(make_client: Callable[..., Any], app: App) -> None:
    """A view that never reads request.user runs no query for it; one that does runs one."""
    from trestle.db import count_queries

    client = make_client(app)
    client.post("/login", data={"username": "ada", "password": PASSWORD})
    database = app.extensions["db"]
    with count_queries(database) as untouched:
        client.post("/visit")
    assert untouched.count == 0
    with count_queries(database) as read:
        assert client.get("/me").json()["authenticated"] is True
    assert read.count == 1, str(read)


@pytest.mark.parametrize("path", ["/login", "/alogin"])
def test_login_hooks_see_the_new_session_and_user(
    make_client: Callable[..., Any], app: App, path: str
) -> None:
    """A hook (a shop merging a cart) runs after login, with the visitor's data kept."""
    from trestle.auth import Auth

    seen: list[tuple[str, object]] = []

    @Auth.of(app).on_login
    def merge_cart(request: Request, user: Any) -> None:
        seen.append((user.username, request.session.get("cart")))
        request.session["merged"] = True

    client = make_client(app)
    client.post("/visit")
    assert client.post(path, data={"username": "ada", "password": PASSWORD}).json()["ok"]
    assert seen == [("ada", ["tea"])]
    assert client.post(path, data={"username": "ada", "password": "wrong"}).status_code == 400
    assert len(seen) == 1  # a failed login calls no hook


def test_set_password_and_validate_password_follow_the_settings(
    make_client: Callable[..., Any], app: App
) -> None:
    """Sign-up forms of a project hash and check passwords through the app's Auth."""
    from sqlalchemy import select

    from trestle.auth import Auth, PasswordValidationError
    from trestle.auth.models import User

    auth = Auth.of(app)
    with pytest.raises(PasswordValidationError) as refused:
        auth.validate_password("123", User(username="grace"))
    assert len(refused.value.messages) >= 2  # too short and all-numeric, both reported
    auth.validate_password("a long and unusual passphrase 91")
    with auth.database.session() as session:
        grace = User(username="grace", email="grace@example.com")
        auth.set_password(grace, "a long and unusual passphrase 91")
        session.add(grace)
        session.commit()
        stored = session.scalars(select(User.password).where(User.username == "grace")).one()
    assert stored.startswith("$argon2id$")
    response = make_client(app).post(
        "/login", data={"username": "grace", "password": "a long and unusual passphrase 91"}
    )
    assert response.json() == {"ok": True, "user": "grace"}
