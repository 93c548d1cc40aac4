"""Dependencies: nested, cached per request, sync and async, generators closed after the
response (even when the view raises), overrides, route and include dependencies.

No ``from __future__ import annotations`` here: the dependencies are local functions, and
string annotations can only name what the module defines.
"""

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Annotated, Any

import pytest

from trestle import App, Depends, Header, Query, Request, abort, path
from trestle.http.exceptions import Forbidden
from trestle.params import SecurityScheme
from trestle.views import ViewError


class Pagination:
    """Used as ``Annotated[Pagination, Depends()]``: the class is the dependency."""

    def __init__(self, page: Annotated[int, Query(ge=1)] = 1, size: int = 10) -> None:
        self.page = page
        self.size = size


def test_nested_dependencies_share_one_call_per_request(make_client: Any) -> None:
    calls: list[str] = []
    app = App()

    def settings() -> dict[str, str]:
        calls.append("settings")
        return {"greeting": "hello"}

    def greeter(config: Annotated[dict[str, str], Depends(settings)]) -> str:
        calls.append("greeter")
        return config["greeting"]

    def shouter(config: dict[str, str] = Depends(settings)) -> str:  # noqa: B008
        calls.append("shouter")
        return config["greeting"].upper()

    @app.get("/")
    def view(
        a: Annotated[str, Depends(greeter)],
        b: Annotated[str, Depends(shouter)],
        c: Annotated[dict[str, str], Depends(settings)],
    ) -> dict[str, Any]:
        return {"a": a, "b": b, "c": c}

    client = make_client(app)
    assert client.get("/").json() == {"a": "hello", "b": "HELLO", "c": {"greeting": "hello"}}
    assert calls == ["settings", "greeter", "shouter"]
    client.get("/")
    assert calls.count("settings") == 2  # once per request


def test_use_cache_false_calls_again(make_client: Any) -> None:
    counter = iter(range(100))
    app = App()

    def ticket() -> int:
        return next(counter)

    @app.get("/")
    def view(
        a: Annotated[int, Depends(ticket)],
        b: Annotated[int, Depends(ticket)],
        c: Annotated[int, Depends(ticket, use_cache=False)],
    ) -> list[int]:
        return [a, b, c]

    assert make_client(app).get("/").json() == [0, 0, 1]


def test_dependencies_read_the_request_and_fail_with_422(make_client: Any) -> None:
    app = App()

    def current_user(
        request: Request, x_user: Annotated[str, Header(min_length=2)]
    ) -> dict[str, str]:
        return {"name": x_user, "path": request.path}

    @app.get("/items/<int:id>")
    def items(
        id: int,
        pages: Annotated[Pagination, Depends()],
        user: Annotated[dict[str, str], Depends(current_user)],
    ) -> dict[str, Any]:
        return {"id": id, "page": pages.page, "size": pages.size, "user": user}

    client = make_client(app)
    response = client.get("/items/4?page=2", headers={"X-User": "ada"})
    assert response.json() == {
        "id": 4,
        "page": 2,
        "size": 10,
        "user": {"name": "ada", "path": "/items/4"},
    }
    bad = client.get("/items/4?page=0&size=x", headers={"X-User": "a"})
    assert bad.status_code == 422
    assert [(e["in"], e["name"]) for e in bad.json()["errors"]] == [
        ("query", "page"),
        ("query", "size"),
        ("header", "x-user"),
    ]


def test_a_dependency_can_take_a_path_parameter(make_client: Any) -> None:
    app = App()
    users = {1: "ada", 2: "grace"}

    def user_or_404(user_id: int) -> str:
        if user_id not in users:
            abort(404, f"no user {user_id}")
        return users[user_id]

    @app.get("/users/<int:user_id>")
    def show(user: Annotated[str, Depends(user_or_404)]) -> dict[str, str]:
        return {"user": user}

    client = make_client(app)
    assert client.get("/users/2").json() == {"user": "grace"}
    assert client.get("/users/3").json()["detail"] == "no user 3"


def test_async_dependencies_in_sync_and_async_views(make_client: Any) -> None:
    app = App()

    async def token(x_token: Annotated[str, Header()] = "none") -> str:
        await asyncio.sleep(0)
        return x_token

    def blocking() -> str:
        return threading.current_thread().name

    @app.get("/sync")
    def sync_view(t: Annotated[str, Depends(token)]) -> dict[str, str]:
        return {"token": t}

    @app.get("/async")
    async def async_view(
        t: Annotated[str, Depends(token)], thread: Annotated[str, Depends(blocking)]
    ) -> dict[str, str]:
        return {"token": t, "thread": thread}

    client = make_client(app)
    assert client.get("/sync", headers={"x-token": "s"}).json() == {"token": "s"}
    response = client.get("/async", headers={"x-token": "a"}).json()
    assert response["token"] == "a"


def test_sync_dependencies_of_an_async_view_run_off_the_loop_under_asgi() -> None:
    app = App()
    loop_thread: list[str] = []

    def blocking() -> str:
        return threading.current_thread().name

    @app.get("/")
    async def view(thread: Annotated[str, Depends(blocking)]) -> dict[str, str]:
        loop_thread.append(threading.current_thread().name)
        return {"thread": thread}

    with app.test_client(asgi=True) as client:
        thread = client.get("/").json()["thread"]
    assert thread != loop_thread[0]  # the thread pool, not the event loop's thread
    with app.test_client() as client:  # WSGI: no loop to protect, called inline
        assert client.get("/").json()["thread"] == threading.current_thread().name


class Recorder:
    def __init__(self) -> None:
        self.events: list[str] = []

    def database(self) -> Iterator[str]:
        self.events.append("open")
        try:
            yield "connection"
        except Exception as error:
            self.events.append(f"rollback after {error}")
            raise
        else:
            self.events.append("commit")
        finally:
            self.events.append("close")

    async def cache(self) -> AsyncIterator[str]:
        self.events.append("cache up")
        try:
            yield "cache"
        finally:
            self.events.append("cache down")


def generator_app(recorder: Recorder) -> App:
    app = App()

    @app.after_request
    def mark(request: Request, response: Any) -> None:
        recorder.events.append(f"response {response.status_code}")

    @app.get("/ok")
    def ok(db: Annotated[str, Depends(recorder.database)]) -> dict[str, str]:
        recorder.events.append("view")
        return {"db": db}

    @app.get("/fails")
    def fails(db: Annotated[str, Depends(recorder.database)]) -> None:
        raise ValueError("boom")

    @app.get("/refused")
    def refused(db: Annotated[str, Depends(recorder.database)]) -> None:
        raise Forbidden("no")

    @app.get("/async")
    async def both(
        db: Annotated[str, Depends(recorder.database)],
        cache: Annotated[str, Depends(recorder.cache)],
    ) -> dict[str, str]:
        recorder.events.append("view")
        return {"db": db, "cache": cache}

    return app


def test_generator_dependencies_close_after_the_response(make_client: Any) -> None:
    recorder = Recorder()
    client = make_client(generator_app(recorder))
    assert client.get("/ok").json() == {"db": "connection"}
    assert recorder.events == ["open", "view", "response 200", "commit", "close"]


def test_the_view_s_exception_is_thrown_into_the_generator(
    make_client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = Recorder()
    client = make_client(generator_app(recorder))
    caplog.set_level(logging.ERROR, logger="trestle.error")
    assert client.get("/fails").status_code == 500
    assert recorder.events == ["open", "response 500", "rollback after boom", "close"]
    recorder.events.clear()
    assert client.get("/refused").status_code == 403
    assert recorder.events == ["open", "response 403", "rollback after 403: no", "close"]
    # Logged once, by the pipeline: the generator re-raising it is not a second failure.
    assert [r.getMessage() for r in caplog.records if "clean-up" in r.getMessage()] == []


def test_async_generator_dependencies(make_client: Any) -> None:
    recorder = Recorder()
    client = make_client(generator_app(recorder))
    assert client.get("/async").json() == {"db": "connection", "cache": "cache"}
    assert recorder.events == [
        "open",
        "cache up",
        "view",
        "response 200",
        "cache down",
        "commit",
        "close",
    ]


def test_a_failing_clean_up_is_logged(make_client: Any, caplog: pytest.LogCaptureFixture) -> None:
    app = App()

    def broken() -> Iterator[int]:
        yield 1
        raise RuntimeError("cannot close")

    async def broken_async() -> AsyncIterator[int]:
        yield 2
        raise RuntimeError("cannot close either")

    @app.get("/")
    async def view(
        a: Annotated[int, Depends(broken)], b: Annotated[int, Depends(broken_async)]
    ) -> list[int]:
        return [a, b]

    caplog.set_level(logging.ERROR, logger="trestle.error")
    assert make_client(app).get("/").json() == [1, 2]
    failures = [r for r in caplog.records if r.getMessage() == "A dependency's clean-up failed"]
    assert [str(r.exc_info[1]) for r in failures] == ["cannot close either", "cannot close"]


def test_generators_close_after_a_streamed_response(make_client: Any) -> None:
    from trestle import StreamingResponse

    events: list[str] = []
    app = App()

    def resource() -> Iterator[str]:
        events.append("open")
        yield "r"
        events.append("close")

    @app.get("/")
    def view(r: Annotated[str, Depends(resource)]) -> StreamingResponse:
        def chunks() -> Iterator[str]:
            events.append("streaming")
            yield "a"
            yield "b"

        return StreamingResponse(chunks())

    assert make_client(app).get("/").text == "ab"
    assert events == ["open", "streaming", "close"]


def test_route_dependencies_run_for_their_effect(make_client: Any) -> None:
    app = App()

    def require_admin(x_role: Annotated[str, Header()] = "") -> None:
        if x_role != "admin":
            raise Forbidden("admins only")

    @app.delete("/things/<int:id>", dependencies=[Depends(require_admin)], status_code=204)
    def delete(id: int) -> None:
        return None

    client = make_client(app)
    assert client.delete("/things/1").status_code == 403
    assert client.delete("/things/1", headers={"x-role": "admin"}).status_code == 204


def test_include_dependencies_apply_to_every_route(make_client: Any) -> None:
    seen: list[str] = []

    def audit(request: Request) -> None:
        seen.append(request.path)

    def first() -> str:
        return "first"

    def second(id: int) -> str:
        return f"second {id}"

    app = App()
    app.include(
        [path("a", first), path("b/<int:id>", second)],
        prefix="/api",
        dependencies=[Depends(audit)],
        tags=["api"],
    )
    client = make_client(app)
    assert client.get("/api/a").text == "first"
    assert client.get("/api/b/2").text == "second 2"
    assert seen == ["/api/a", "/api/b/2"]
    assert [route.meta.tags for route in app.routes()] == [("api",), ("api",)]


def test_overrides_set_before_the_client(make_client: Any) -> None:
    app = App()

    def real_db() -> str:
        return "postgres"

    def user(db: Annotated[str, Depends(real_db)]) -> str:
        return f"ada from {db}"

    @app.get("/")
    def view(who: Annotated[str, Depends(user)]) -> dict[str, str]:
        return {"who": who}

    client = make_client(app)
    assert client.get("/").json() == {"who": "ada from postgres"}
    app.dependency_overrides[real_db] = lambda: "sqlite"
    assert make_client(app).get("/").json() == {"who": "ada from sqlite"}
    app.dependency_overrides[user] = lambda: "a test user"
    assert client.get("/").json() == {"who": "a test user"}
    app.dependency_overrides.clear()
    assert client.get("/").json() == {"who": "ada from postgres"}


def test_overrides_may_change_sync_for_async_and_take_inputs(make_client: Any) -> None:
    app = App()

    def real() -> str:
        return "real"

    async def fake(name: str = "fake") -> str:
        await asyncio.sleep(0)
        return name

    def fake_sync() -> str:
        return "sync fake"

    @app.get("/sync")
    def sync_view(value: Annotated[str, Depends(real)]) -> str:
        return value

    @app.get("/async")
    async def async_view(value: Annotated[str, Depends(real)]) -> str:
        return value

    app.dependency_overrides[real] = fake
    client = make_client(app)
    assert client.get("/sync?name=x").text == "x"
    assert client.get("/async?name=y").text == "y"
    app.dependency_overrides[real] = fake_sync
    assert client.get("/async").text == "sync fake"


def test_security_schemes_are_dependencies_listed_in_the_plan(make_client: Any) -> None:
    class APIKey(SecurityScheme):
        scheme_name = "apiKey"

        def __call__(self, request: Request) -> str:
            key = request.headers.get("x-api-key")
            if key != "secret":
                abort(401, headers={"WWW-Authenticate": "APIKey"})
            return key

        def openapi_scheme(self) -> dict[str, Any]:
            return {"type": "apiKey", "in": "header", "name": "X-API-Key"}

    api_key = APIKey()
    app = App()

    def account(key: Annotated[str, Depends(api_key)]) -> str:
        return f"account of {key}"

    @app.get("/me")
    def me(who: Annotated[str, Depends(account)]) -> str:
        return who

    client = make_client(app)
    assert client.get("/me").status_code == 401
    assert client.get("/me", headers={"x-api-key": "secret"}).text == "account of secret"
    plan = app.routes()[0].endpoint.plan
    assert plan is not None and plan.security == (api_key,)
    assert plan.dependencies == (account, api_key)


def test_a_dependency_cycle_is_refused_at_build() -> None:
    app = App()

    def first(x: Any = None) -> None:
        return None

    def second(y: Annotated[Any, Depends(first)]) -> None:
        return None

    first.__defaults__ = (Depends(second),)

    @app.get("/")
    def view(z: Annotated[Any, Depends(first)]) -> None:
        return None

    with pytest.raises(ViewError, match="dependency cycle"):
        app.build()


def test_an_async_view_s_exception_reaches_sync_and_async_generators(make_client: Any) -> None:
    recorder = Recorder()
    app = App()

    @app.get("/")
    async def view(
        db: Annotated[str, Depends(recorder.database)],
        cache: Annotated[str, Depends(recorder.cache)],
    ) -> None:
        raise ValueError("async boom")

    assert make_client(app).get("/").status_code == 500
    assert recorder.events == [
        "open",
        "cache up",
        "cache down",
        "rollback after async boom",
        "close",
    ]


def test_sync_clean_up_stays_off_the_event_loop_under_asgi() -> None:
    threads: dict[str, str] = {}
    app = App()

    def resource() -> Iterator[str]:
        threads["enter"] = threading.current_thread().name
        yield "r"
        threads["exit"] = threading.current_thread().name

    @app.get("/sync")
    def sync_view(r: Annotated[str, Depends(resource)]) -> str:
        return r

    @app.get("/async")
    async def async_view(r: Annotated[str, Depends(resource)]) -> str:
        threads["loop"] = threading.current_thread().name
        return r

    with app.test_client(asgi=True) as client:
        assert client.get("/async").text == "r"
        assert threads["enter"] != threads["loop"] and threads["exit"] != threads["loop"]
        threads.clear()
        assert client.get("/sync").text == "r"
        assert "trestle-test-client" not in (threads["enter"], threads["exit"])
