"""``trestle serve`` up to the point where granian would start (real servers: tests/serving)."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from trestle.cli import main
from trestle.cli.serve import DEFAULT_WSGI_THREADS, default_workers

from .conftest import GOOD_APP, SMALL_PROJECT

WriteFiles = Callable[[dict[str, str]], Path]


def invoke(*arguments: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(arguments), prog_name="trestle", env=env)


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Stand in for granian: record what serve would have served."""
    calls: list[dict[str, Any]] = []

    def fake_serve(target: str, app_dir: Path, **options: Any) -> None:
        calls.append({"target": target, "app_dir": app_dir, **options})

    monkeypatch.setattr("trestle.cli.serve._serve", fake_serve)
    return calls


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield int(other.getsockname()[1])


def test_serves_the_project_with_production_defaults(
    write_files: WriteFiles, served: list[dict[str, Any]]
) -> None:
    root = write_files(SMALL_PROJECT)
    port = free_port()
    result = invoke("--settings", "mysite.settings", "serve", "--port", str(port))
    assert result.exit_code == 0, result.output
    workers = default_workers()
    assert f"at http://127.0.0.1:{port}/ (WSGI, {workers} worker" in result.output
    assert "Warning: DEBUG is on." in result.output
    assert served == [
        {
            "target": "mysite.settings",
            "app_dir": root,
            "address": "127.0.0.1",
            "port": port,
            "workers": workers,
            "asgi": False,
            "threads": DEFAULT_WSGI_THREADS,
            "backlog": 1024,
            "graceful_timeout": 30,
            "access_log": False,
            "project": True,
        }
    ]


def test_options_and_environment(write_files: WriteFiles, served: list[dict[str, Any]]) -> None:
    write_files(SMALL_PROJECT)
    port = free_port()
    env = {"TRESTLE_SETTINGS_MODULE": "mysite.settings", "WEB_CONCURRENCY": "3", "PORT": str(port)}
    result = invoke(
        "serve", "--interface", "asgi", "--graceful-timeout", "5", "--access-log", env=env
    )
    assert result.exit_code == 0, result.output
    (call,) = served
    assert (call["port"], call["workers"], call["asgi"]) == (port, 3, True)
    assert (call["graceful_timeout"], call["access_log"]) == (5, True)
    assert "(ASGI, 3 workers)" in result.output


def test_a_one_file_app(write_files: WriteFiles, served: list[dict[str, Any]]) -> None:
    write_files({"mysite.py": GOOD_APP})
    result = invoke(
        "serve", "mysite", "--workers", "1", "--threads", "4", "--port", str(free_port())
    )
    assert result.exit_code == 0, result.output
    assert "(WSGI, 1 worker)" in result.output
    (call,) = served
    assert (call["target"], call["project"], call["threads"]) == ("mysite:app", False, 4)
    assert call["access_log"] is True
    assert "DEBUG is on" not in result.output


def test_threads_are_for_wsgi(write_files: WriteFiles) -> None:
    write_files({"mysite.py": GOOD_APP})
    result = invoke("serve", "mysite", "--interface", "asgi", "--threads", "2")
    assert result.exit_code == 2
    assert "--threads is for WSGI" in result.output


def test_nothing_to_serve(clean_env: None) -> None:
    result = invoke("serve")
    assert result.exit_code == 2
    assert "run `python manage.py serve` in a project" in result.output


def test_port_in_use(write_files: WriteFiles, served: list[dict[str, Any]], busy_port: int) -> None:
    write_files(SMALL_PROJECT)
    result = invoke("--settings", "mysite.settings", "serve", "--port", str(busy_port))
    assert result.exit_code == 1
    assert f"port {busy_port} on 127.0.0.1 is already in use; pass --port" in result.output
    assert served == []


def test_a_project_without_a_key_is_refused(
    write_files: WriteFiles, served: list[dict[str, Any]]
) -> None:
    write_files(SMALL_PROJECT)
    env = {"TRESTLE_DEBUG": "0"}
    result = invoke("--settings", "mysite.settings", "serve", "--port", str(free_port()), env=env)
    assert result.exit_code == 1
    assert "SECRET_KEY is empty and DEBUG is off" in result.output
    assert served == []


@pytest.mark.parametrize(("option", "value"), [("--workers", "0"), ("--backlog", "10")])
def test_bad_numbers(option: str, value: str) -> None:
    result = invoke("serve", "x", option, value)
    assert result.exit_code == 2
    assert f"Invalid value for '{option}'" in result.output
