"""The signed-cookie store: bad cookies give a fresh session, size limits, two workers, keys."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from trestle import App, Request
from trestle.sessions import SessionMiddleware, SessionRecord
from trestle.sessions.cookie_store import CookieStore
from trestle.testing import TestClient

MakeClient = Callable[..., TestClient]
KEY = "cookie-store-key-" + "y" * 40


def make_app(**settings: Any) -> App:
    app = App({"SECRET_KEY": KEY, **settings})
    app.add_middleware(SessionMiddleware)

    @app.get("/put")
    def put(request: Request) -> dict[str, Any]:
        request.session.update(request.query)
        return dict(request.session)

    @app.get("/read")
    def read(request: Request) -> dict[str, Any]:
        return dict(request.session)

    @app.get("/big/<int:size>")
    def big(request: Request, size: int) -> str:
        import secrets

        request.session["blob"] = secrets.token_hex(size // 2)  # random: does not compress
        return "stored"

    return app


def valid_cookie(data: dict[str, Any], *, key: str = KEY, age: int = 0) -> str:
    now = int(time.time()) - age
    return CookieStore(key).save(SessionRecord(data, now, now), None, 60)


@pytest.mark.parametrize(
    "cookie",
    [
        "garbage",
        "",
        "a.b.c",
        "....",
        "~" * 50 + ".x.y",
        "x" * 5000,  # oversized: never ours, not even checked
        "%00%0d%0a",
        "eyJkIjp7fX0.AAAA.BBBB",
    ],
)
def test_a_bad_cookie_gives_a_fresh_empty_session(make_client: MakeClient, cookie: str) -> None:
    client = make_client(make_app())
    client.cookies.set("session", cookie)
    response = client.get("/read")
    assert response.status_code == 200
    assert response.json() == {}


def test_a_tampered_cookie_is_dropped_and_replaced(make_client: MakeClient) -> None:
    client = make_client(make_app())
    good = valid_cookie({"user": "ada"})
    payload, stamp, signature = good.split(".")
    forged = valid_cookie({"user": "root"}, key="another-key-" + "z" * 40)
    for bad in (f"{payload}x.{stamp}.{signature}", f"{payload}.{stamp}.{signature[:-2]}AA", forged):
        client.cookies.set("session", bad)
        response = client.get("/read")
        assert response.json() == {}
        # The browser is told to forget the bad cookie.
        assert "Max-Age=0" in response.headers["set-cookie"]
    client.cookies.set("session", good)
    assert client.get("/read").json() == {"user": "ada"}


def test_a_session_too_big_for_a_cookie_is_a_clear_error(make_client: MakeClient) -> None:
    client = make_client(make_app())
    assert client.get("/big/2000").status_code == 200
    response = client.get("/big/9000")
    assert response.status_code == 500
    import secrets

    from trestle.sessions import SessionTooLarge

    store = CookieStore(KEY)
    with pytest.raises(SessionTooLarge, match=r"cookie limit.*SESSION_ENGINE"):
        store.save(SessionRecord({"blob": secrets.token_urlsafe(4000)}, 0, 0), None, 60)


def test_the_size_limit_counts_what_the_browser_keeps(make_client: MakeClient) -> None:
    client = make_client(make_app())
    client.get("/big/2000")
    header = client.get("/big/3000").headers.get("set-cookie", "")
    # Either it fits under 4096 bytes (name, value and attributes) or it was refused.
    assert len(header.partition(";")[0]) <= 4096


def test_a_session_made_by_one_worker_is_read_by_another(protocol: str) -> None:
    first, second = make_app(), make_app()
    asgi = protocol == "asgi"
    with first.test_client(asgi=asgi) as one, second.test_client(asgi=asgi) as two:
        one.get("/put?user=ada")
        two.cookies.set("session", one.cookies["session"])
        assert two.get("/read").json() == {"user": "ada"}


def test_another_secret_key_does_not_read_it_but_a_fallback_does(protocol: str) -> None:
    old = make_app()
    rotated = make_app(SECRET_KEY="new-key-" + "n" * 45, SECRET_KEY_FALLBACKS=[KEY])
    stranger = make_app(SECRET_KEY="new-key-" + "n" * 45)
    asgi = protocol == "asgi"
    with old.test_client(asgi=asgi) as client:
        client.get("/put?user=ada")
        cookie = client.cookies["session"]
    for app, expected in ((rotated, {"user": "ada"}), (stranger, {})):
        with app.test_client(asgi=asgi) as client:
            client.cookies.set("session", cookie)
            assert client.get("/read").json() == expected


def test_the_cookie_flags_come_from_the_settings(make_client: MakeClient) -> None:
    app = make_app(
        SESSION_COOKIE_NAME="sid",
        SESSION_COOKIE_AGE=3600,
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_DOMAIN="example.com",
        SESSION_COOKIE_PATH="/app",
    )
    header = make_client(app).get("/put?x=1").headers["set-cookie"]
    assert header.startswith("sid=")
    for flag in ("Max-Age=3600", "Domain=example.com", "Path=/app", "SameSite=Strict"):
        assert flag in header
    assert "; Secure" in header and "; HttpOnly" in header


def test_default_cookie_flags(make_client: MakeClient) -> None:
    header = make_client(make_app()).get("/put?x=1").headers["set-cookie"]
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Path=/" in header
    assert "Secure" not in header  # plain HTTP: the browser would drop a Secure cookie
    secure = make_app().test_client(base_url="https://testserver")
    assert "; Secure" in secure.get("/put?x=1").headers["set-cookie"]


def test_a_browser_session_cookie_has_no_max_age(make_client: MakeClient) -> None:
    header = make_client(make_app(SESSION_COOKIE_AGE=0)).get("/put?x=1").headers["set-cookie"]
    assert "Max-Age" not in header and "Expires" not in header
