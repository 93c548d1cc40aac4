"""``trestle runserver`` as a user runs it: the URL it prints, reloading, errors and Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from .conftest import STOP_TIMEOUT, Server, free_port, server_env, trestle_command

pytestmark = pytest.mark.serving

StartServer = Callable[..., Server]


def runserver(*arguments: str, port: int | None = None) -> list[str]:
    """The command line for ``trestle runserver``."""
    command = [*trestle_command(), "runserver", *arguments]
    if port is not None:
        command += ["--port", str(port)]
    return command


def run_to_completion(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command that must exit by itself (an error), with a bound on how long it may take."""
    return subprocess.run(
        command, cwd=cwd, env=server_env(), capture_output=True, text=True, timeout=30
    )


@pytest.fixture
def listening_socket() -> Iterator[int]:
    """A port that something else is listening on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield int(other.getsockname()[1])


@pytest.mark.parametrize(
    ("options", "banner"),
    [((), "(WSGI, reload on)"), (("--asgi", "--no-reload"), "(ASGI, reload off)")],
)
def test_prints_the_url_it_serves_on(
    start_server: StartServer, options: tuple[str, ...], banner: str
) -> None:
    port = free_port()
    server = start_server(runserver("served_app:app", *options, port=port), port)
    assert f"Trestle development server at http://127.0.0.1:{port}/ {banner}" in server.output()
    assert httpx.get(f"{server.base_url}/json").json() == {"hello": "world"}
    assert server.stop() == 0


def test_serves_with_several_workers(start_server: StartServer) -> None:
    port = free_port()
    server = start_server(runserver("served_app", "--workers", "2", "--no-reload", port=port), port)
    server.wait_for_output("worker-2")
    with httpx.Client(base_url=server.base_url) as client:
        for _ in range(5):
            assert client.get("/json").status_code == 200


def test_port_in_use_is_a_clear_error(listening_socket: int) -> None:
    port = listening_socket
    result = run_to_completion(runserver("served_app:app", port=port), cwd=Path(__file__).parent)
    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use; pass --port" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_port_of_a_running_server_is_refused(start_server: StartServer) -> None:
    # granian listens with SO_REUSEPORT, so without Trestle's own check a second server
    # would start on the same port and share its traffic.
    port = free_port()
    start_server(runserver("served_app:app", "--no-reload", port=port), port)
    result = run_to_completion(runserver("served_app:app", port=port), cwd=Path(__file__).parent)
    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use; pass --port" in result.stderr


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("no_such_module:app", "cannot find the module 'no_such_module'"),
        ("served_app:missing", "module 'served_app' has no attribute 'missing'"),
        ("served_app:json_view", "served_app:json_view is a function (json_view), not a Trestle"),
    ],
)
def test_bad_target_is_a_clear_error(target: str, message: str) -> None:
    result = run_to_completion(runserver(target, port=free_port()), cwd=Path(__file__).parent)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "development server at" not in result.stdout


def _write_app(directory: Path, body: str) -> None:
    source = textwrap.dedent(
        """\
        from trestle import App

        app = App()


        @app.get("/")
        def index() -> dict[str, str]:
            return {BODY}
        """
    ).replace("{BODY}", body)
    path = directory / "site_app.py"
    path.write_text(source)
    # The file may be rewritten within the same second; move the mtime on, so nothing that
    # looks at it (Python's bytecode cache included) mistakes the new code for the old.
    stamp = time.time() + 1
    os.utime(path, (stamp, stamp))


def _wait_for_answer(server: Server, expected: dict[str, str], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    answer: object = None
    while time.monotonic() < deadline:
        try:
            answer = httpx.get(server.base_url + "/", timeout=1.0).json()
        except (httpx.TransportError, ValueError):
            answer = None
        if answer == expected:
            return
        time.sleep(0.1)
    pytest.fail(f"still answering {answer!r}, not {expected!r}:\n{server.output()}")


def test_reloads_on_code_change_and_survives_a_broken_edit(
    start_server: StartServer, tmp_path: Path
) -> None:
    _write_app(tmp_path, '{"version": "one"}')
    port = free_port()
    server = start_server(runserver("site_app:app", port=port), port, cwd=tmp_path, ready=False)
    server.wait_until_ready("/")
    _wait_for_answer(server, {"version": "one"})

    _write_app(tmp_path, '{"version": "two"}')
    _wait_for_answer(server, {"version": "two"})

    _write_app(tmp_path, '{"version": "three"')  # a syntax error: the worker cannot start
    server.wait_for_output("SyntaxError")
    assert "Error: importing 'site_app' failed: SyntaxError" in server.output()

    _write_app(tmp_path, '{"version": "four"}')
    _wait_for_answer(server, {"version": "four"})
    assert server.stop() == 0


def test_ctrl_c_stops_server_and_workers(start_server: StartServer) -> None:
    # A terminal sends Ctrl-C's SIGINT to the whole foreground process group.
    port = free_port()
    server = start_server(runserver("served_app:app", "--workers", "2", port=port), port)
    server.wait_for_output("worker-2")
    os.killpg(server.process.pid, signal.SIGINT)
    assert server.process.wait(STOP_TIMEOUT) == 0
    output = server.output()
    assert "Unexpected exit" not in output
    assert "Granian shutdown completed" in output
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{server.base_url}/json", timeout=1.0)


def test_the_one_file_example_is_served_by_runserver(start_server: StartServer) -> None:
    # The one-file example of the README: `trestle runserver examples.hello:app`.
    repository = Path(__file__).parents[2]
    port = free_port()
    server = start_server(
        runserver("examples.hello:app", "--no-reload", port=port), port, cwd=repository, ready=False
    )
    server.wait_until_ready("/")
    with httpx.Client(base_url=server.base_url) as client:
        index = client.get("/")
        assert index.headers["content-type"] == "text/html; charset=utf-8"
        links = re.findall(r'href="([^"]+)"', index.text)
        assert links == ["/hello/World", "/greet", "/clock"]
        for link in links:
            assert client.get(link).status_code == 200

        assert client.get("/hello/Ada").json() == {"greeting": "Hello, Ada."}

        greeted = client.post("/greet", data={"name": "<b>Bob</b>"})
        assert "<title>Hello, &lt;b&gt;Bob&lt;/b&gt;!</title>" in greeted.text
        assert "<b>Bob</b>" not in greeted.text

        assert client.get("/clock").json()["tz"] == "UTC"
        assert client.post("/clock", data={"tz": "New York"}).json() == {"saved": "New York"}
        assert client.get("/clock").json()["tz"] == "New York"  # from the cookie
