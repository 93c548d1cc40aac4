"""The pipeline's own duties: streams stop when the client leaves; sync routes need no loop."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

import pytest

from trestle import App, StreamingResponse


@pytest.mark.parametrize("kind", ["async", "sync"])
def test_an_endless_stream_stops_when_the_client_disconnects(kind: str) -> None:
    closed: list[str] = []
    app = App()

    @app.get("/events")
    def events() -> StreamingResponse:
        if kind == "async":

            async def ticks() -> Any:
                try:
                    for n in itertools.count():
                        yield f"tick {n}\n"
                        await asyncio.sleep(0)
                finally:
                    closed.append("async")

            return StreamingResponse(ticks())

        def sync_ticks() -> Any:
            try:
                for n in itertools.count():
                    yield f"tick {n}\n"
            finally:
                closed.append("sync")

        return StreamingResponse(sync_ticks())

    async def exchange() -> list[dict[str, Any]]:
        sent: list[dict[str, Any]] = []
        gone = asyncio.Event()

        async def receive() -> dict[str, Any]:
            await gone.wait()  # the client hangs up after a few chunks
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)
            if len(sent) == 4:
                gone.set()

        scope = {
            "type": "http",
            "method": "GET",
            "path": "/events",
            "raw_path": b"/events",
            "query_string": b"",
            "headers": [],
            "root_path": "",
        }
        await asyncio.wait_for(app(scope, receive, send), timeout=10)
        return sent

    sent = asyncio.run(exchange())
    assert sent[0]["status"] == 200
    assert len(sent) >= 4
    assert closed == [kind]  # the generator was closed, not left running


def test_a_sync_route_under_wsgi_never_needs_an_event_loop(make_client, protocol) -> None:
    app = App()

    @app.get("/")
    def view() -> str:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return "no loop"
        return "loop"

    # Under ASGI sync views run in a worker thread, which has no running loop either.
    assert make_client(app).get("/").text == "no loop"
