"""Starting and stopping real servers for the serving tests.

Each server is a subprocess on a free port of 127.0.0.1, run from this directory so that
``served_app`` imports. Its output goes to a file (a pipe nobody reads could fill and block
the server) and is shown when a test fails. Every server is stopped in a finalizer: SIGTERM,
then SIGKILL if it has not gone after a few seconds.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

SERVING_DIR = Path(__file__).parent
#: Longest wait for a server to answer its first request.
START_TIMEOUT = 20.0
#: Longest wait for a server to exit after SIGTERM, before SIGKILL.
STOP_TIMEOUT = 8.0


def free_port() -> int:
    """A port nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def trestle_command() -> list[str]:
    """The installed ``trestle`` script next to this Python, or ``python -m trestle.cli``."""
    script = Path(sys.executable).with_name("trestle")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "trestle.cli"]


def server_env() -> dict[str, str]:
    """The environment for a server: this directory importable, output unbuffered."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SERVING_DIR), env.get("PYTHONPATH")]))
    env["PYTHONUNBUFFERED"] = "1"
    return env


class Server:
    """A server subprocess, its address and its output."""

    def __init__(self, command: list[str], port: int, log_path: Path, cwd: Path) -> None:
        self.command = command
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self.log_path = log_path
        with log_path.open("wb") as log:
            # A session of its own: stop() can then also reach workers the server forked.
            self.process = subprocess.Popen(
                command,
                cwd=cwd,
                env=server_env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def output(self) -> str:
        """Everything the server printed so far."""
        return self.log_path.read_text(errors="replace")

    def wait_until_ready(self, path: str = "/ready", timeout: float = START_TIMEOUT) -> None:
        """Poll ``path`` until the server answers; fail with its output if it never does."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(
                    f"{self.command} exited with {self.process.returncode}:\n{self.output()}"
                )
            try:
                httpx.get(self.base_url + path, timeout=1.0)
            except httpx.TransportError:
                time.sleep(0.05)
            else:
                return
        pytest.fail(f"{self.command} did not answer within {timeout} s:\n{self.output()}")

    def wait_for_output(self, text: str, timeout: float = START_TIMEOUT) -> None:
        """Wait until the server has printed ``text``."""
        deadline = time.monotonic() + timeout
        while text not in self.output():
            if time.monotonic() > deadline:
                pytest.fail(f"{text!r} not printed within {timeout} s:\n{self.output()}")
            time.sleep(0.05)

    def stop(self) -> int:
        """Stop the server (SIGTERM, then SIGKILL on timeout) and return its exit status."""
        process = self.process
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_TIMEOUT)
        self._kill_stragglers()
        return process.returncode

    def _kill_stragglers(self) -> None:
        # A server killed uncleanly may leave workers behind in its process group; they
        # would keep the port and outlive the test run.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    """``start_server(command, port, cwd=..., ready=True)``: a server stopped after the test."""
    servers: list[Server] = []

    def start(
        command: list[str], port: int, *, cwd: Path = SERVING_DIR, ready: bool = True
    ) -> Server:
        server = Server(command, port, tmp_path / f"server-{len(servers)}.log", cwd)
        servers.append(server)
        if ready:
            server.wait_until_ready()
        return server

    yield start
    for server in servers:
        server.stop()
