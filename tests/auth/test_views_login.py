"""The login and logout pages through HTTP, under WSGI and ASGI, with CSRF checks on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from trestle import App, Request
from trestle.auth import Auth

from .conftest import PASSWORD, Clock, create_user, csrf_token, submit

MakeClient = Callable[..., Any]


@pytest.fixture
def app(auth_app: Callable[..., App]) -> App:
    app = auth_app(security=True)

    @app.get("/")
    def home(request: Request) -> str:
        return f"home of {request.user.get_username() or 'nobody'}"

    @app.get("/inbox")
    def inbox(request: Request) -> str:
        return f"inbox of {request.user.get_username() or 'nobody'}"

    create_user(app, "ada")
    create_user(app, "sleepy", is_active=False)
    return app


def log_in(client: Any, username: str = "ada", password: str = PASSWORD, query: str = "") -> Any:
    page = client.get(f"/accounts/login/{query}")
    data = {"csrf_token": csrf_token(page), "username": username, "password": password}
    if "next=" in query:
        data["next"] = query.partition("next=")[2]
    return client.post("/accounts/login/", data=data)


def test_login_page(make_client: MakeClient, app: App) -> None:
    page = make_client(app).get("/accounts/login/")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert '<input type="hidden" name="csrf_token"' in page.text
    assert 'name="username"' in page.text and 'type="password"' in page.text
    assert 'autocomplete="current-password"' in page.text


def test_login_redirects_and_sets_the_user(make_client: MakeClient, app: App) -> None:
    client = make_client(app)
    response = log_in(client)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert client.get("/").text == "home of ada"


def test_login_follows_a_safe_next(make_client: MakeClient, app: App) -> None:
    client = make_client(app)
    page = client.get("/accounts/login/?next=/inbox%3Ftab%3D2")
    assert 'name="next" type="hidden" value="/inbox?tab=2"' in page.text
    response = client.post(
        "/accounts/login/",
        data={
            "csrf_token": csrf_token(page),
            "username": "ada",
            "password": PASSWORD,
            "next": "/inbox?tab=2",
        },
    )
    assert response.headers["location"] == "/inbox?tab=2"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.test",
        "///evil.test",
        "/\\evil.test",
        "\\\\evil.test",
        "https://evil.test/",
        "https:evil.test",
        "http://testserver@evil.test/",
        "javascript:alert(document.cookie)",
        "JAVASCRIPT:alert(1)",
        "/\t/evil.test",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    ],
)
def test_login_refuses_off_site_next(make_client: MakeClient, app: App, target: str) -> None:
    client = make_client(app)
    page = client.get("/accounts/login/")
    response = client.post(
        "/accounts/login/",
        data={
            "csrf_token": csrf_token(page),
            "username": "ada",
            "password": PASSWORD,
            "next": target,
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/"


@pytest.mark.parametrize("encoded", ["%2F%2Fevil.test", "%2F%5Cevil.test", "https%3Aevil.test"])
def test_login_refuses_encoded_off_site_next(
    make_client: MakeClient, app: App, encoded: str
) -> None:
    """``?next=`` arrives percent-encoded in the query; the decoded target is checked."""
    client = make_client(app)
    page = client.get(f"/accounts/login/?next={encoded}")
    token = csrf_token(page)
    response = client.post(
        f"/accounts/login/?next={encoded}",
        content=f"csrf_token={token}&username=ada&password={PASSWORD}&next={encoded}".encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.headers["location"] == "/"


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("ada", "wrong password"),
        ("Ada", PASSWORD),
        ("nobody", PASSWORD),
        ("sleepy", PASSWORD),  # inactive
        ("ada", PASSWORD.upper()),
    ],
)
def test_wrong_credentials(make_client: MakeClient, app: App, username: str, password: str) -> None:
    client = make_client(app)
    response = log_in(client, username, password)
    assert response.status_code == 400
    assert "Please enter a correct username and password" in response.text
    assert 'value="' + username + '"' in response.text  # the username is kept...
    assert password not in response.text  # ...the password is not
    assert client.get("/").text == "home of nobody"


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"username": "ada"},
        {"password": PASSWORD},
        {"username": "", "password": ""},
        {"username": "a" * 300, "password": PASSWORD},
        {"username": "ada", "password": "x" * 5000},
    ],
)
def test_malformed_login_forms(make_client: MakeClient, app: App, data: dict[str, str]) -> None:
    client = make_client(app)
    response = client.post(
        "/accounts/login/", data={"csrf_token": csrf_token(client.get("/accounts/login/")), **data}
    )
    assert response.status_code == 400
    assert client.get("/").text == "home of nobody"


def test_login_without_csrf_token_is_refused(make_client: MakeClient, app: App) -> None:
    client = make_client(app)
    client.get("/accounts/login/")
    response = client.post("/accounts/login/", data={"username": "ada", "password": PASSWORD})
    assert response.status_code == 403
    assert client.get("/").text == "home of nobody"


def test_the_csrf_token_changes_at_login(make_client: MakeClient, app: App) -> None:
    client = make_client(app)
    before = csrf_token(client.get("/accounts/login/"))
    log_in(client)
    # A token from before the login no longer passes.
    response = client.post("/accounts/logout/", data={"csrf_token": before})
    assert response.status_code == 403
    assert client.get("/").text == "home of ada"


def test_logout_is_post_only(make_client: MakeClient, app: App) -> None:
    client = make_client(app)
    log_in(client)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/").text == "home of ada"
    response = submit(client, "/accounts/logout/", {}, page="/accounts/password/change/")
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert client.get("/").text == "home of nobody"


def test_throttling_locks_and_unlocks(make_client: MakeClient, app: App) -> None:
    clock = Clock()
    Auth.of(app).throttle.clock = clock
    client = make_client(app)
    for _ in range(4):
        assert log_in(client, "ada", "wrong").status_code == 400
    locked = log_in(client, "ada", "wrong")  # the fifth failure locks the account
    assert locked.status_code == 400
    refused = log_in(client, "ada", PASSWORD)  # even the right password waits
    assert refused.status_code == 429
    assert "Too many failed login attempts. Try again in 1 minute." in refused.text
    assert refused.headers["retry-after"] == "60"
    assert client.get("/").text == "home of nobody"
    clock.now += 61
    assert log_in(client, "ada", PASSWORD).status_code == 303
    assert client.get("/").text == "home of ada"


def test_throttling_counts_unknown_accounts_too(make_client: MakeClient, app: App) -> None:
    clock = Clock()
    Auth.of(app).throttle.clock = clock
    client = make_client(app)
    for _ in range(5):
        log_in(client, "ghost", "wrong")
    refused = log_in(client, "ghost", "wrong")
    assert refused.status_code == 429  # the same answer as for a real account


def test_throttling_per_address(make_client: MakeClient, app: App) -> None:
    Auth.of(app).throttle.clock = Clock()
    client = make_client(app)
    for n in range(20):
        log_in(client, f"user{n}", "wrong")  # one failure each: no account is locked
    refused = log_in(client, "ada", PASSWORD)
    assert refused.status_code == 429  # but this address is


def test_session_ends_when_the_password_changes_elsewhere(
    make_client: MakeClient, app: App
) -> None:
    client = make_client(app)
    log_in(client)
    auth = Auth.of(app)
    from sqlalchemy import update

    from trestle.auth.models import User

    with auth.database.session() as session:
        session.execute(
            update(User).where(User.username == "ada").values(password=auth.hasher.hash("other"))
        )
        session.commit()
    assert client.get("/").text == "home of nobody"


def test_deactivated_user_is_logged_out(make_client: MakeClient, app: App) -> None:
    client = make_client(app)
    log_in(client)
    from sqlalchemy import update

    from trestle.auth.models import User

    with Auth.of(app).database.session() as session:
        session.execute(update(User).where(User.username == "ada").values(is_active=False))
        session.commit()
    assert client.get("/").text == "home of nobody"


def test_forged_session_user_is_anonymous(make_client: MakeClient, auth_app: Any) -> None:
    app = auth_app()
    create_user(app, "ada")

    @app.post("/claim")
    def claim(request: Request) -> str:
        # What a forged session would hold: a user id without the password binding.
        request.session["_auth_user_id"] = request.form.get("id", "")
        return "claimed"

    @app.get("/")
    def home(request: Request) -> str:
        return request.user.get_username() or "nobody"

    client = make_client(app)
    for value in ["1", "x", "", "99999", "1.5"]:
        client.post("/claim", data={"id": value})
        assert client.get("/").text == "nobody"


def test_last_login_and_rehash(make_client: MakeClient, auth_app: Any) -> None:
    """A login records last_login, and rehashes a password made with old parameters."""
    from trestle.auth.hashers import PasswordHasher

    from .conftest import reload_user

    app = auth_app(security=True, PASSWORD_ARGON2_TIME_COST=2)
    old_hash = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1).hash(PASSWORD)
    create_user(app, "ada")
    from sqlalchemy import update

    from trestle.auth.models import User

    with Auth.of(app).database.session() as session:
        session.execute(update(User).where(User.username == "ada").values(password=old_hash))
        session.commit()
    assert reload_user(app, "ada").last_login is None
    assert log_in(make_client(app)).status_code == 303
    user = reload_user(app, "ada")
    assert user.last_login is not None
    assert user.password != old_hash and ",t=2," in user.password
