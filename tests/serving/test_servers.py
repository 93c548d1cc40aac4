"""The same requests against every server Trestle supports, over real sockets.

One server per kind is started for this module and shared by its tests; each test makes
real HTTP requests with httpx.
"""

from __future__ import annotations

import socket
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from .conftest import Server, free_port, trestle_command

pytestmark = pytest.mark.serving

PYTHON = sys.executable


def _gunicorn_options() -> list[str]:
    from importlib.metadata import version

    # gunicorn 27 opens a control socket in ~/.gunicorn unless told not to.
    major = int(version("gunicorn").split(".")[0])
    return ["--no-control-socket"] if major >= 27 else []


def _command(kind: str, port: int) -> list[str]:
    address = ["--host", "127.0.0.1", "--port", str(port)]
    commands = {
        "gunicorn-sync": [
            *(PYTHON, "-m", "gunicorn", "--workers", "1", "--worker-class", "sync"),
            *("--bind", f"127.0.0.1:{port}", *_gunicorn_options(), "served_app:app"),
        ],
        "uvicorn-asgi3": [
            PYTHON,
            "-m",
            "uvicorn",
            "--interface",
            "asgi3",
            *address,
            "served_app:app",
        ],
        # uvicorn's default: it sniffs whether the app is ASGI 3, ASGI 2 or WSGI.
        "uvicorn-auto": [PYTHON, "-m", "uvicorn", *address, "served_app:app"],
        "granian-wsgi": [
            PYTHON,
            "-m",
            "granian",
            "--interface",
            "wsgi",
            *address,
            "served_app:app",
        ],
        "granian-asgi": [
            PYTHON,
            "-m",
            "granian",
            "--interface",
            "asgi",
            *address,
            "served_app:app",
        ],
        "runserver-wsgi": [*trestle_command(), "runserver", "served_app:app", *address],
        "runserver-asgi": [
            *trestle_command(),
            *("runserver", "served_app:app", "--asgi", "--no-reload", *address),
        ],
    }
    return commands[kind]


SERVERS = [
    "gunicorn-sync",
    "uvicorn-asgi3",
    "uvicorn-auto",
    "granian-wsgi",
    "granian-asgi",
    "runserver-wsgi",
    "runserver-asgi",
]


@pytest.fixture(scope="module", params=SERVERS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """A running server of each kind, shared by this module's tests."""
    from .conftest import SERVING_DIR

    kind = str(request.param)
    port = free_port()
    log_path = tmp_path_factory.mktemp(kind) / "server.log"
    running = Server(_command(kind, port), port, log_path, SERVING_DIR)
    try:
        running.wait_until_ready()
        yield running
    finally:
        running.stop()


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    """An httpx client for the server; it keeps cookies and its connection between requests."""
    with httpx.Client(base_url=server.base_url, timeout=10.0) as http:
        yield http


def test_get_json(client: httpx.Client) -> None:
    response = client.get("/json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"hello": "world"}
    assert response.headers["content-length"] == str(len(response.content))


def test_path_parameter_is_decoded(client: httpx.Client) -> None:
    response = client.get("/hello/J%C3%BCrgen%20K")
    assert response.json() == {"greeting": "Hello, Jürgen K."}


def test_async_view(client: httpx.Client) -> None:
    assert client.get("/async").json() == {"async": True}


def test_query_string(client: httpx.Client) -> None:
    response = client.get("/query", params=[("q", "café & co"), ("tag", "a"), ("tag", "b")])
    assert response.json() == {"q": "café & co", "tags": ["a", "b"]}


def test_request_knows_its_url_and_client(server: Server, client: httpx.Client) -> None:
    response = client.get("/whoami?x=1", headers={"User-Agent": "serving-tests"})
    assert response.json() == {
        "url": f"{server.base_url}/whoami?x=1",
        "scheme": "http",
        "host": f"127.0.0.1:{server.port}",
        "path": "/whoami",
        "client": "127.0.0.1",
        "user_agent": "serving-tests",
    }


def test_post_urlencoded_form(client: httpx.Client) -> None:
    response = client.post("/form", data={"name": "Ada", "tag": ["x", "y"]})
    assert response.status_code == 200
    assert response.json() == {"name": "Ada", "tags": ["x", "y"], "upload": None}


def test_post_multipart_form_with_file(client: httpx.Client) -> None:
    response = client.post(
        "/form",
        data={"name": "Grace"},
        files={"upload": ("notes.txt", b"first line\nsecond line\n", "text/plain")},
    )
    assert response.json() == {
        "name": "Grace",
        "tags": [],
        "upload": ["notes.txt", "first line\nsecond line\n"],
    }


def test_post_json(client: httpx.Client) -> None:
    response = client.post("/json", json={"numbers": [1, 2, 3]})
    assert response.json() == {"received": {"numbers": [1, 2, 3]}}


def test_large_body_arrives_whole(client: httpx.Client) -> None:
    body = bytes(range(256)) * 4096  # 1 MiB
    response = client.post("/length", content=body)
    assert response.json() == {"length": len(body)}


def test_not_found(client: httpx.Client) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404
    page = client.get("/no/such/page", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")


def test_method_not_allowed(client: httpx.Client) -> None:
    response = client.delete("/json")
    assert response.status_code == 405
    assert set(response.headers["allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


def test_trailing_slash_redirect(client: httpx.Client) -> None:
    response = client.get("/json/?a=1")
    assert response.status_code == 301
    assert response.headers["location"] == "/json?a=1"


def test_head_has_headers_but_no_body(client: httpx.Client) -> None:
    expected = len(client.get("/json").content)
    response = client.head("/json")
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-length"] == str(expected)


def test_class_based_view(client: httpx.Client) -> None:
    assert client.get("/counter").json() == {"verb": "get"}
    assert client.post("/counter", data={"value": "7"}).json() == {"verb": "post", "value": "7"}


@pytest.mark.parametrize(
    ("path", "prefix"), [("/stream", "chunk"), ("/astream", "async")], ids=["sync", "async"]
)
def test_streaming_response(client: httpx.Client, path: str, prefix: str) -> None:
    with client.stream("GET", path) as response:
        assert response.status_code == 200
        assert "content-length" not in response.headers
        body = b"".join(response.iter_bytes())
    assert body.decode() == "".join(f"{prefix} {number}\n" for number in range(5))


def test_cookies_round_trip(client: httpx.Client) -> None:
    response = client.get("/cookies/set")
    set_cookie = response.headers["set-cookie"]
    assert set_cookie.startswith("flavour=oatmeal")
    assert "HttpOnly" in set_cookie
    assert "SameSite=Lax" in set_cookie
    assert "Secure" not in set_cookie  # plain HTTP: a Secure cookie would never come back
    assert client.get("/cookies/get").json() == {"flavour": "oatmeal"}


def test_error_gives_500_and_the_server_keeps_serving(client: httpx.Client) -> None:
    response = client.get("/boom")
    assert response.status_code == 500
    assert "boom" not in response.text  # DEBUG is off: nothing leaks
    assert client.get("/json").status_code == 200


def test_many_requests_on_one_connection(client: httpx.Client) -> None:
    for number in range(20):
        assert client.get(f"/hello/{number}").json() == {"greeting": f"Hello, {number}."}


def test_stream_stops_when_the_client_hangs_up(server: Server, client: httpx.Client) -> None:
    # uvicorn and granian drop what is sent on a closed connection without raising, so
    # under ASGI only listening for http.disconnect stops a stream nobody reads.
    with socket.create_connection(("127.0.0.1", server.port)) as connection:
        connection.sendall(b"GET /endless HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        connection.recv(4096)  # the stream has started
    time.sleep(0.3)  # let the server notice
    before = client.get("/endless/produced").json()["produced"]
    time.sleep(0.3)
    after = client.get("/endless/produced").json()["produced"]
    assert after == before, "the stream went on after the client hung up"
