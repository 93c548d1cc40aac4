"""Error handling through HTTP: abort, handlers by class and status, failures, production pages."""

from __future__ import annotations

import pytest

from trestle import App, HTTPException, Request, abort
from trestle.http.exceptions import BadRequest, Conflict, NotFound, PayloadTooLarge


class OutOfStock(Exception):
    pass


class LastItemGone(OutOfStock):
    pass


def test_abort_gives_the_status_as_problem_json(make_client) -> None:
    app = App()

    @app.get("/")
    def view() -> None:
        abort(409, "already taken")

    response = make_client(app).get("/")
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Conflict",
        "status": 409,
        "detail": "already taken",
    }


def test_browsers_get_an_html_error_page_with_the_detail_escaped(make_client) -> None:
    app = App()

    @app.get("/")
    def view() -> None:
        raise BadRequest("<script>alert(1)</script>")

    response = make_client(app).get("/", headers={"accept": "text/html,*/*"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "&lt;script&gt;" in response.text
    assert "<script>" not in response.text


def test_http_exception_headers_are_sent(make_client) -> None:
    app = App()

    @app.get("/")
    def view() -> None:
        raise HTTPException(429, "slow down", headers={"Retry-After": "30"})

    response = make_client(app).get("/")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "30"


def test_handlers_by_class_follow_the_mro_and_beat_handlers_by_status(make_client) -> None:
    app = App()

    @app.errorhandler(OutOfStock)
    def out_of_stock(request: Request, error: OutOfStock) -> object:
        return {"error": type(error).__name__}, 409

    @app.errorhandler(500)
    async def server_error(request: Request, error: Exception) -> object:
        return "custom 500", 500

    @app.errorhandler(404)
    def not_found(request: Request, error: NotFound) -> object:
        return f"nothing at {request.path}", 404

    @app.get("/sold-out")
    def sold_out() -> None:
        raise LastItemGone()

    @app.get("/crash")
    def crash() -> None:
        raise RuntimeError("x")

    client = make_client(app)
    assert client.get("/sold-out").json() == {"error": "LastItemGone"}
    assert client.get("/crash").text == "custom 500"
    assert client.get("/nope").text == "nothing at /nope"


def test_a_failing_error_handler_still_yields_a_500(make_client, caplog) -> None:
    app = App()

    @app.errorhandler(Conflict)
    def broken(request: Request, error: Exception) -> object:
        raise ValueError("the handler itself broke")

    @app.get("/")
    def view() -> None:
        raise Conflict()

    response = make_client(app).get("/")
    assert response.status_code == 500
    assert "the handler itself broke" in caplog.text


def test_production_500_leaks_nothing_and_logs_the_traceback(make_client, caplog) -> None:
    app = App({"DEBUG": False})

    @app.get("/")
    def view() -> None:
        database_password = "hunter2"  # noqa: F841 - must not appear anywhere in the response
        raise RuntimeError("internal detail 42")

    client = make_client(app)
    for accept in ("application/json", "text/html"):
        response = client.get("/", headers={"accept": accept})
        assert response.status_code == 500
        assert "internal detail" not in response.text
        assert "hunter2" not in response.text
        assert "Traceback" not in response.text
    body = client.get("/").json()
    assert body["title"] == "Internal Server Error"
    assert body["request_id"] in caplog.text  # the id on the page finds the log line
    assert "RuntimeError: internal detail 42" in caplog.text


def test_debug_500_shows_traceback_locals_and_request_but_masks_secrets(make_client) -> None:
    app = App({"DEBUG": True})

    @app.get("/boom")
    def view() -> None:
        visible_local = "shown-value"  # noqa: F841
        api_token = "tok-" + "secret"  # noqa: F841 - the value is built so only the local holds it
        raise RuntimeError("kaput")

    client = make_client(app)
    session_cookie = "sid=" + "abc"  # built, so the page's source excerpt cannot contain it
    html = client.get("/boom", headers={"accept": "text/html", "cookie": session_cookie})
    assert html.status_code == 500
    assert "RuntimeError" in html.text and "kaput" in html.text
    assert "shown-value" in html.text
    assert "tok-secret" not in html.text
    assert "sid=abc" not in html.text
    assert "raise RuntimeError(&quot;kaput&quot;)" in html.text  # the source line, escaped
    data = client.get("/boom").json()
    assert data["detail"] == "RuntimeError: kaput"
    frames = data["exceptions"][-1]["frames"]
    assert frames[-1]["function"] == "view"
    assert frames[-1]["locals"]["visible_local"] == "'shown-value'"
    assert data["request"]["path"] == "/boom"


def test_debug_page_shows_the_exception_chain(make_client) -> None:
    app = App({"DEBUG": True})

    @app.get("/")
    def view() -> None:
        try:
            {}["missing"]
        except KeyError as error:
            raise ValueError("while looking up") from error

    data = make_client(app).get("/").json()
    assert [item["type"] for item in data["exceptions"]] == [
        "builtins.KeyError",
        "builtins.ValueError",
    ]


def test_a_broken_repr_does_not_break_the_debug_page(make_client) -> None:
    class Nasty:
        def __repr__(self) -> str:
            raise RuntimeError("repr exploded")

    app = App({"DEBUG": True})

    @app.get("/")
    def view() -> None:
        nasty = Nasty()  # noqa: F841
        raise ValueError("x")

    response = make_client(app).get("/", headers={"accept": "text/html"})
    assert response.status_code == 500
    assert "repr failed" in response.text


def test_payload_too_large_asks_to_close_the_connection() -> None:
    assert PayloadTooLarge().headers == {"Connection": "close"}


def test_error_handler_keys_are_checked() -> None:
    app = App()
    with pytest.raises(ValueError):
        app.add_error_handler(200, lambda request, error: None)
    with pytest.raises(TypeError):
        app.add_error_handler("404", lambda request, error: None)  # type: ignore[arg-type]
