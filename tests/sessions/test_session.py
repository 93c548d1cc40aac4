"""request.session through HTTP: the dict API, laziness, JSON-only values, cycle_key, flush."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from trestle import App, Request
from trestle.sessions import SessionMiddleware
from trestle.testing import TestClient

MakeClient = Callable[..., TestClient]
KEY = "session-test-key-" + "x" * 40


def make_app(**settings: Any) -> App:
    app = App({"SECRET_KEY": KEY, **settings})
    app.add_middleware(SessionMiddleware)

    @app.get("/put")
    def put(request: Request) -> dict[str, Any]:
        for name, value in request.query.items():
            request.session[name] = value
        return dict(request.session)

    @app.get("/read")
    def read(request: Request) -> dict[str, Any]:
        return dict(request.session)

    @app.get("/read-async")
    async def read_async(request: Request) -> dict[str, Any]:
        return dict(request.session)

    @app.get("/put-async")
    async def put_async(request: Request) -> dict[str, Any]:
        request.session["async"] = True
        return dict(request.session)

    @app.get("/untouched")
    def untouched() -> str:
        return "no session here"

    @app.get("/ops")
    def ops(request: Request) -> dict[str, Any]:
        session = request.session
        session["a"] = 1
        session.update({"b": 2, "c": [1, {"d": None}]})
        session.setdefault("a", 99)
        session.setdefault("e", "new")
        popped = session.pop("b")
        missing = session.pop("zzz", "default")
        del session["e"]
        return {
            "items": dict(session),
            "keys": sorted(session),
            "len": len(session),
            "in": "a" in session,
            "not_in": "b" in session,
            "popped": popped,
            "missing": missing,
            "get": session.get("nothing", "fallback"),
        }

    @app.get("/clear")
    def clear(request: Request) -> dict[str, Any]:
        request.session.clear()
        return {"empty": request.session.is_empty}

    @app.get("/cycle")
    def cycle(request: Request) -> dict[str, Any]:
        request.session.cycle_key()
        return dict(request.session)

    @app.get("/flush")
    def flush(request: Request) -> dict[str, Any]:
        request.session.flush()
        return dict(request.session)

    @app.get("/bad/<str:kind>")
    def bad(request: Request, kind: str) -> str:
        import datetime

        values: dict[str, Any] = {
            "datetime": datetime.datetime.now(),
            "set": {1, 2},
            "bytes": b"x",
            "object": object(),
        }
        request.session["x"] = values[kind]
        return "stored"

    @app.get("/bad-key")
    def bad_key(request: Request) -> str:
        request.session[1] = "x"  # type: ignore[index]
        return "stored"

    @app.get("/nested")
    def nested(request: Request) -> str:
        request.session["list"] = []
        request.session["list"].append(object())
        return "stored"

    return app


def test_values_survive_between_requests(make_client: MakeClient) -> None:
    client = make_client(make_app())
    assert client.get("/put?user=ada&theme=dark").json() == {"user": "ada", "theme": "dark"}
    assert client.get("/read").json() == {"user": "ada", "theme": "dark"}
    assert client.get("/read-async").json() == {"user": "ada", "theme": "dark"}
    assert client.get("/put-async").json() == {"user": "ada", "theme": "dark", "async": True}
    assert client.get("/read").json()["async"] is True


def test_the_dict_api(make_client: MakeClient) -> None:
    client = make_client(make_app())
    assert client.get("/ops").json() == {
        "items": {"a": 1, "c": [1, {"d": None}]},
        "keys": ["a", "c"],
        "len": 2,
        "in": True,
        "not_in": False,
        "popped": 2,
        "missing": "default",
        "get": "fallback",
    }
    assert client.get("/read").json() == {"a": 1, "c": [1, {"d": None}]}


def test_a_view_that_never_touches_the_session_costs_nothing(make_client: MakeClient) -> None:
    client = make_client(make_app())
    client.get("/put?x=1")
    response = client.get("/untouched")
    assert "set-cookie" not in response.headers
    assert "vary" not in response.headers


def test_reading_without_change_sets_no_cookie_but_varies(make_client: MakeClient) -> None:
    client = make_client(make_app())
    client.get("/put?x=1")
    response = client.get("/read")
    assert "set-cookie" not in response.headers
    assert response.headers["vary"] == "Cookie"


def test_an_empty_session_sets_no_cookie(make_client: MakeClient) -> None:
    client = make_client(make_app())
    response = client.get("/read")
    assert response.json() == {}
    assert "set-cookie" not in response.headers


def test_clearing_deletes_the_cookie(make_client: MakeClient) -> None:
    client = make_client(make_app())
    client.get("/put?x=1")
    response = client.get("/clear")
    assert response.json() == {"empty": True}
    assert "Max-Age=0" in response.headers["set-cookie"]
    assert client.get("/read").json() == {}


def test_cycle_key_keeps_the_data_and_sends_the_cookie_again(make_client: MakeClient) -> None:
    # With the cookie store the cookie *is* the session: a copy planted before login never
    # holds what is stored after it. The server-side stores' tests check that the key changes.
    client = make_client(make_app())
    client.get("/put?x=1")
    response = client.get("/cycle")
    assert response.json() == {"x": "1"}
    assert response.headers["set-cookie"].startswith("session=")
    assert client.get("/read").json() == {"x": "1"}


def test_flush_forgets_everything(make_client: MakeClient) -> None:
    client = make_client(make_app())
    client.get("/put?x=1")
    response = client.get("/flush")
    assert response.json() == {}
    assert "Max-Age=0" in response.headers["set-cookie"]
    assert "session" not in client.cookies
    assert client.get("/read").json() == {}


@pytest.mark.parametrize("kind", ["datetime", "set", "bytes", "object"])
def test_only_json_values_can_be_stored(make_client: MakeClient, kind: str) -> None:
    client = make_client(make_app(DEBUG=False))
    response = client.get(f"/bad/{kind}")
    assert response.status_code == 500
    assert "set-cookie" not in response.headers


def test_the_error_names_the_key_and_says_json() -> None:
    from trestle.sessions.session import check_json

    with pytest.raises(TypeError, match=r"session\['when'\]: only JSON values"):
        check_json("when", {1, 2})
    with pytest.raises(TypeError, match="session keys are str"):
        check_json(1, "x")
    check_json("fine", {"nested": [1, 2.5, True, None, "s"]})


def test_a_non_json_value_hidden_in_a_nested_list_is_caught_at_save(
    make_client: MakeClient,
) -> None:
    client = make_client(make_app())
    assert client.get("/nested").status_code == 500


def test_a_non_string_key_is_refused(make_client: MakeClient) -> None:
    client = make_client(make_app())
    assert client.get("/bad-key").status_code == 500


def test_session_without_the_middleware_says_what_to_add(make_client: MakeClient) -> None:
    app = App()

    @app.get("/")
    def index(request: Request) -> str:
        return str(request.session)

    assert make_client(app).get("/").status_code == 500
    with pytest.raises(RuntimeError, match=r"trestle\.sessions"):
        Request("GET", "/").session  # noqa: B018


def test_repr_says_whether_it_was_loaded() -> None:
    from trestle.conf import Settings
    from trestle.sessions.config import SessionConfig
    from trestle.sessions.session import Session

    request = Request("GET", "/")
    session = Session(SessionConfig(Settings({"SECRET_KEY": KEY})), request)
    assert repr(session) == "<Session not loaded>"
    session["a"] = 1
    assert repr(session) == "<Session {'a': 1}>"
    with pytest.raises(KeyError):
        session.pop("missing")
