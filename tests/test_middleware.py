"""Middleware: hooks composed once, one implementation for sync/async views and both protocols."""

from __future__ import annotations

import asyncio
import contextvars

import pytest

from trestle import App, Request, Response, StreamingResponse
from trestle.app import AppFrozenError
from trestle.middleware import MiddlewareError

current_user: contextvars.ContextVar[str] = contextvars.ContextVar("current_user", default="-")


class Recorder:
    """Writes each hook call into a shared log, so ordering can be checked."""

    def __init__(self, name: str, log: list[str]) -> None:
        self.name = name
        self.log = log

    def before_request(self, request: Request) -> None:
        self.log.append(f"{self.name}.before")

    def after_request(self, request: Request, response: Response) -> None:
        self.log.append(f"{self.name}.after")

    def teardown(self, request: Request, error: BaseException | None) -> None:
        self.log.append(f"{self.name}.teardown")


class AsyncRecorder(Recorder):
    async def before_request(self, request: Request) -> None:  # type: ignore[override]
        await asyncio.sleep(0)
        self.log.append(f"{self.name}.before")

    async def after_request(self, request: Request, response: Response) -> None:  # type: ignore[override]
        await asyncio.sleep(0)
        self.log.append(f"{self.name}.after")

    async def teardown(self, request: Request, error: BaseException | None) -> None:  # type: ignore[override]
        self.log.append(f"{self.name}.teardown")


@pytest.mark.parametrize("inner", [Recorder, AsyncRecorder])
@pytest.mark.parametrize("view_is_async", [False, True])
def test_hooks_run_as_an_onion(make_client, inner, view_is_async) -> None:
    log: list[str] = []
    app = App(middleware=[Recorder("outer", log), inner("inner", log)])

    if view_is_async:

        async def view() -> str:
            log.append("view")
            return "ok"
    else:

        def view() -> str:
            log.append("view")
            return "ok"

    app.add_route("/", view)
    assert make_client(app).get("/").text == "ok"
    assert log == [
        "outer.before",
        "inner.before",
        "view",
        "inner.after",
        "outer.after",
        "inner.teardown",
        "outer.teardown",
    ]


def test_before_request_can_answer_and_inner_layers_are_skipped(make_client) -> None:
    log: list[str] = []

    class Gate:
        def before_request(self, request: Request) -> object:
            if request.headers.get("x-token") != "secret":
                return {"error": "no token"}, 401
            return None

    app = App(middleware=[Gate(), Recorder("inner", log)])

    @app.get("/")
    def view() -> str:
        return "in"

    client = make_client(app)
    refused = client.get("/")
    assert refused.status_code == 401
    assert refused.json() == {"error": "no token"}
    assert log == []  # the inner layer never saw the refused request
    assert client.get("/", headers={"x-token": "secret"}).text == "in"
    assert log == ["inner.before", "inner.after", "inner.teardown"]


def test_after_request_can_replace_or_decorate(make_client) -> None:
    class Stamp:
        def after_request(self, request: Request, response: Response) -> None:
            response.headers["X-Stamp"] = "1"

    class Replace:
        async def after_request(self, request: Request, response: Response) -> object:
            if response.status_code == 404:
                return "custom not found", 404
            return None

    app = App(middleware=[Stamp(), Replace()])

    @app.get("/")
    def view() -> str:
        return "ok"

    client = make_client(app)
    ok = client.get("/")
    assert ok.headers["x-stamp"] == "1"
    missing = client.get("/missing")
    assert missing.text == "custom not found"
    assert missing.headers["x-stamp"] == "1"


def test_errors_in_views_reach_after_hooks_as_responses(make_client) -> None:
    seen: list[int] = []

    class Watch:
        def after_request(self, request: Request, response: Response) -> None:
            seen.append(response.status_code)

    app = App(middleware=[Watch()])

    @app.get("/")
    def view() -> str:
        raise RuntimeError("boom")

    assert make_client(app).get("/").status_code == 500
    assert seen == [500]


def test_teardown_receives_the_streaming_error(make_client) -> None:
    errors: list[object] = []

    class Watch:
        def teardown(self, request: Request, error: BaseException | None) -> None:
            errors.append(error)

    app = App(middleware=[Watch()])

    @app.get("/")
    def view() -> StreamingResponse:
        return StreamingResponse(iter([b"a", b"b"]))

    assert make_client(app).get("/").text == "ab"
    assert errors == [None]


def test_contextvars_set_by_middleware_survive_into_views_and_streams(make_client) -> None:
    class User:
        def before_request(self, request: Request) -> None:
            request.state.token = current_user.set(request.headers.get("x-user", "anon"))

        def teardown(self, request: Request, error: BaseException | None) -> None:
            current_user.reset(request.state.token)

    app = App(middleware=[User()])

    @app.get("/sync")
    def sync_view() -> StreamingResponse:
        def body():
            yield f"view={current_user.get()};"
            yield f"stream={current_user.get()}"

        return StreamingResponse(body())

    @app.get("/async")
    async def async_view() -> StreamingResponse:
        async def body():
            yield f"view={current_user.get()};"
            await asyncio.sleep(0)
            yield f"stream={current_user.get()}"

        return StreamingResponse(body())

    client = make_client(app)
    for url in ("/sync", "/async"):
        assert client.get(url, headers={"x-user": "ada"}).text == "view=ada;stream=ada"
        assert client.get(url).text == "view=anon;stream=anon"
    assert current_user.get() == "-"  # nothing leaked into the test's own context


def test_decorator_sugar(make_client) -> None:
    app = App()
    calls: list[str] = []

    @app.before_request
    def before(request: Request) -> None:
        calls.append("before")

    @app.after_request
    async def after(request: Request, response: Response) -> None:
        response.headers["X-After"] = "yes"

    @app.teardown
    def done(request: Request, error: BaseException | None) -> None:
        calls.append("teardown")

    @app.get("/")
    def view() -> str:
        calls.append("view")
        return "ok"

    response = make_client(app).get("/")
    assert response.headers["x-after"] == "yes"
    assert calls == ["before", "view", "teardown"]


def test_middleware_class_with_options(make_client) -> None:
    class Header:
        def __init__(self, name: str, value: str) -> None:
            self.name, self.value = name, value

        def after_request(self, request: Request, response: Response) -> None:
            response.headers[self.name] = self.value

    app = App()
    app.add_middleware(Header, name="X-Powered-By", value="trestle")

    @app.get("/")
    def view() -> str:
        return ""

    assert make_client(app).get("/").headers["x-powered-by"] == "trestle"


def test_failing_hooks_become_error_responses(make_client, caplog) -> None:
    class Broken:
        def before_request(self, request: Request) -> None:
            if request.path == "/before":
                raise RuntimeError("before broke")

        def after_request(self, request: Request, response: Response) -> None:
            if request.path == "/after":
                raise RuntimeError("after broke")

        def teardown(self, request: Request, error: BaseException | None) -> None:
            raise RuntimeError("teardown broke")

    app = App(middleware=[Broken()])

    @app.get("/<name>")
    def view(name: str) -> str:
        return name

    client = make_client(app)
    assert client.get("/before").status_code == 500
    assert client.get("/after").status_code == 500
    assert client.get("/fine").text == "fine"  # a failing teardown is logged, not sent
    assert "teardown broke" in caplog.text


def test_not_a_middleware_is_refused_when_added() -> None:
    with pytest.raises(MiddlewareError):
        App().add_middleware(object())
    with pytest.raises(TypeError):
        App().add_middleware(Recorder("x", []), option=1)


def test_middleware_cannot_be_added_after_serving(make_client) -> None:
    app = App()
    app.add_route("/", lambda: "")
    make_client(app).get("/")
    with pytest.raises(AppFrozenError):
        app.add_middleware(Recorder("late", []))


def test_decorated_teardowns_all_run_even_when_one_fails(make_client, caplog) -> None:
    app = App()
    ran: list[str] = []

    @app.teardown
    def first(request: Request, error: BaseException | None) -> None:
        ran.append("first")

    @app.teardown
    def broken(request: Request, error: BaseException | None) -> None:
        raise RuntimeError("teardown function broke")

    @app.get("/")
    def view() -> str:
        return "ok"

    assert make_client(app).get("/").text == "ok"
    assert ran == ["first"]  # the last registered runs first, and its failure stops nothing
    assert "teardown function broke" in caplog.text
