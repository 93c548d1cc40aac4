"""The test client: one API over WSGI and ASGI, cookies, redirects."""

from __future__ import annotations

from collections.abc import Callable

from trestle import App, RedirectResponse, Request, Response
from trestle.testing import TestClient


def make_app() -> App:
    app = App()

    @app.get("/login")
    def login() -> Response:
        response = RedirectResponse("/me")
        response.set_cookie("user", "ada")
        return response

    @app.get("/me")
    def me(request: Request) -> dict[str, object]:
        return {"user": request.cookies.get("user"), "client": list(request.client or ())}

    return app


def test_cookies_persist_and_redirects_can_be_followed(make_client) -> None:
    client = make_client(make_app())
    first = client.get("/login")
    assert first.status_code == 302
    assert first.headers["location"] == "/me"
    assert client.get("/me").json()["user"] == "ada"


def test_follow_redirects(make_client) -> None:
    client = make_client(make_app(), follow_redirects=True)
    response = client.get("/login")
    assert response.status_code == 200
    assert response.json()["user"] == "ada"
    assert [r.status_code for r in response.history] == [302]


def test_client_address_is_the_same_under_both_protocols(make_client) -> None:
    client = make_client(make_app())
    assert client.get("/me").json()["client"][0] == "127.0.0.1"


def test_the_asgi_client_can_be_closed_without_being_used() -> None:
    client = make_app().test_client(asgi=True)
    client.close()


def test_compressed_bodies_are_decoded_once_under_both_protocols(
    make_client: Callable[..., TestClient],
) -> None:
    import gzip

    app = App()

    @app.get("/")
    def home() -> Response:
        body = gzip.compress(b"hello " * 100)
        return Response(body, headers={"Content-Encoding": "gzip"}, media_type="text/plain")

    answer = make_client(app).get("/")
    assert answer.status_code == 200
    assert answer.text == "hello " * 100
