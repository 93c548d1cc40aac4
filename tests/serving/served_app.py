"""The app the real-server tests serve: one route per behaviour a server could get wrong.

Servers import it as ``served_app:app`` with this directory as the working directory.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

from trestle import App, Request, Response, StreamingResponse, View

app = App()


@app.get("/ready")
def ready() -> str:
    """What the tests poll until the server answers."""
    return "ready"


@app.get("/json")
def json_view() -> dict[str, str]:
    """A plain JSON answer."""
    return {"hello": "world"}


@app.get("/hello/<name>")
def hello(name: str) -> dict[str, str]:
    """A path parameter, decoded from the percent-encoded path."""
    return {"greeting": f"Hello, {name}."}


@app.get("/async")
async def async_view() -> dict[str, bool]:
    """An async view, which must run under WSGI servers too."""
    await asyncio.sleep(0)
    return {"async": True}


@app.get("/query")
def query(request: Request) -> dict[str, Any]:
    """The parsed query string."""
    return {"q": request.query.get("q"), "tags": request.query.getlist("tag")}


@app.get("/whoami")
def whoami(request: Request) -> dict[str, Any]:
    """What the request knows about where it came from, as the server reported it."""
    client = request.client
    return {
        "url": request.url,
        "scheme": request.scheme,
        "host": request.host,
        "path": request.path,
        "client": client[0] if client else None,
        "user_agent": request.headers.get("user-agent"),
    }


@app.post("/form")
def form(request: Request) -> dict[str, Any]:
    """A urlencoded or multipart form, echoed back."""
    upload = request.files.get("upload")
    return {
        "name": request.form.get("name"),
        "tags": request.form.getlist("tag"),
        "upload": None if upload is None else [upload.filename, upload.read().decode()],
    }


@app.post("/json")
def json_echo(request: Request) -> dict[str, Any]:
    """A JSON body, echoed back."""
    return {"received": request.json}


@app.post("/length")
def length(request: Request) -> dict[str, int]:
    """The size of the raw body, to check large bodies arrive whole."""
    return {"length": len(request.body)}


def _chunks() -> Iterator[str]:
    for number in range(5):
        yield f"chunk {number}\n"


@app.get("/stream")
def stream() -> StreamingResponse:
    """A response produced while it is sent, from a sync generator."""
    return StreamingResponse(_chunks(), media_type="text/plain")


async def _async_chunks() -> AsyncIterator[bytes]:
    for number in range(5):
        await asyncio.sleep(0)
        yield f"async {number}\n".encode()


@app.get("/astream")
def async_stream() -> StreamingResponse:
    """A response produced while it is sent, from an async generator."""
    return StreamingResponse(_async_chunks(), media_type="text/plain")


#: Chunks produced by /endless so far, in this server process.
produced = 0


def _endless() -> Iterator[bytes]:
    global produced
    # Long enough to outlive the test that reads a little and hangs up; bounded so a server
    # that never notices the hang-up stops in a few seconds anyway.
    for _ in range(1000):
        produced += 1
        time.sleep(0.001)
        yield b"x" * 1024


@app.get("/endless")
def endless() -> StreamingResponse:
    """A long stream, for checking it stops when the client hangs up."""
    return StreamingResponse(_endless(), media_type="application/octet-stream")


@app.get("/endless/produced")
def endless_produced() -> dict[str, int]:
    """How many chunks /endless has produced."""
    return {"produced": produced}


@app.get("/cookies/set")
def set_cookie() -> Response:
    """Set a cookie (HttpOnly and SameSite=Lax by default)."""
    response = Response("set", media_type="text/plain")
    response.set_cookie("flavour", "oatmeal")
    return response


@app.get("/cookies/get")
def get_cookie(request: Request) -> dict[str, str | None]:
    """The cookie the client sent back."""
    return {"flavour": request.cookies.get("flavour")}


@app.get("/boom")
def boom() -> str:
    """A view that fails: the server must answer 500 and keep serving."""
    raise RuntimeError("boom (expected by the serving tests)")


class Counter(View):
    """A class-based view with two verbs."""

    def get(self) -> dict[str, str]:
        """GET."""
        return {"verb": "get"}

    def post(self, request: Request) -> dict[str, str]:
        """POST, with a form field."""
        return {"verb": "post", "value": request.form.get("value") or ""}


app.route("/counter")(Counter)
