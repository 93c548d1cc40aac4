"""The ``trestle`` command through click's CliRunner: help, version and the errors that come
before a server would start (no server is started here)."""

from __future__ import annotations

import platform
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import trestle
from trestle.cli import main

from .conftest import GOOD_APP

WriteModule = Callable[[str, str], Path]


def invoke(*arguments: str, env: dict[str, str] | None = None) -> Result:
    """Run ``trestle ARGUMENTS`` in-process."""
    return CliRunner().invoke(main, list(arguments), prog_name="trestle", env=env)


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Stand in for granian: record what runserver would have served."""
    calls: list[dict[str, Any]] = []

    def fake_serve(
        target: str,
        app_dir: Path,
        address: str,
        port: int,
        asgi: bool,
        reload: bool,
        workers: int,
        *,
        project: bool = False,
    ) -> None:
        calls.append(
            {
                "target": target,
                "app_dir": app_dir,
                "address": address,
                "port": port,
                "asgi": asgi,
                "reload": reload,
                "workers": workers,
                "project": project,
            }
        )

    monkeypatch.setattr("trestle.cli.runserver._serve", fake_serve)
    return calls


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port on 127.0.0.1 that something is listening on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield int(other.getsockname()[1])


# -- version and help -------------------------------------------------------------------------


def test_version() -> None:
    result = invoke("version")
    assert result.exit_code == 0
    assert result.output == f"Trestle {trestle.__version__} (Python {platform.python_version()})\n"


@pytest.mark.parametrize("option", ["--help", "-h"])
def test_main_help_lists_the_commands(option: str) -> None:
    result = invoke(option)
    assert result.exit_code == 0
    assert "Usage: trestle [OPTIONS] COMMAND [ARGS]..." in result.output
    text = " ".join(result.output.split())
    assert "runserver Run the development server" in text
    assert "version Show the versions of Trestle and Python." in text
    for section in ("Create:", "Run:", "Inspect:", "Database:", "Users:"):
        assert f"\n{section}\n" in result.output


def test_runserver_help_explains_target_and_options() -> None:
    result = invoke("runserver", "--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split())  # click wraps lines to the terminal width
    assert "Usage: trestle runserver [OPTIONS] [TARGET]" in text
    assert "module:attribute, for example examples.hello:app" in text
    assert "python manage.py runserver" in text
    assert "TRESTLE_APP" in text
    assert "not for production" in text
    for expected in [
        "--host TEXT",
        "[default: 127.0.0.1]",
        "--port INTEGER RANGE",
        "[default: 8000",
        "--asgi / --wsgi Serve the app over ASGI, or over WSGI (the default).",
        "--reload / --no-reload Restart the app when a .py file",
        "(on by default)",
        "--workers INTEGER RANGE",
        "0.0.0.0 lets other machines on the network connect",
    ]:
        assert expected in text


def test_no_command_shows_usage() -> None:
    result = invoke()
    assert "Usage: trestle [OPTIONS] COMMAND [ARGS]..." in result.output


def test_unknown_command() -> None:
    result = invoke("servre")
    assert result.exit_code == 2
    assert "No such command 'servre'" in result.output


def test_help_does_not_import_the_server() -> None:
    # `trestle --help` must answer at once: granian and watchfiles load only to serve.
    code = (
        "import sys\n"
        "from trestle.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('granian', 'watchfiles', 'uvicorn') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=30
    )
    assert result.stdout.splitlines()[-1] == "[]"


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "trestle.cli", "version"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    assert result.stdout.startswith(f"Trestle {trestle.__version__} ")


# -- runserver up to the point where the server would start -----------------------------------


def test_runserver_prints_the_url_and_starts(
    write_module: WriteModule, project: Path, served: list[dict[str, Any]]
) -> None:
    write_module("mysite", GOOD_APP)
    port = free_port()
    result = invoke("runserver", "mysite:app", "--port", str(port))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        f"Trestle development server at http://127.0.0.1:{port}/ (WSGI, reload on)"
    )
    assert served == [
        {
            "target": "mysite:app",
            "app_dir": project,
            "address": "127.0.0.1",
            "port": port,
            "asgi": False,
            "reload": True,
            "workers": 1,
            "project": False,
        }
    ]


def test_runserver_options(write_module: WriteModule, served: list[dict[str, Any]]) -> None:
    write_module("mysite", GOOD_APP)
    port = free_port()
    result = invoke(
        "runserver", "mysite", "--asgi", "--no-reload", "--workers", "3", "--port", str(port)
    )
    assert result.exit_code == 0, result.output
    assert f"http://127.0.0.1:{port}/ (ASGI, reload off)" in result.output
    assert served[0]["target"] == "mysite:app"  # the attribute defaults to `app`
    assert (served[0]["asgi"], served[0]["reload"], served[0]["workers"]) == (True, False, 3)


def test_runserver_takes_the_target_from_the_environment(
    write_module: WriteModule, served: list[dict[str, Any]]
) -> None:
    write_module("mysite", GOOD_APP)
    port = free_port()
    result = invoke("runserver", "--port", str(port), env={"TRESTLE_APP": "mysite:other"})
    assert result.exit_code == 0, result.output
    assert served[0]["target"] == "mysite:other"


def test_runserver_accepts_a_file_name(
    write_module: WriteModule, served: list[dict[str, Any]]
) -> None:
    write_module("mysite", GOOD_APP)
    port = free_port()
    result = invoke("runserver", "mysite.py", "--port", str(port))
    assert result.exit_code == 0, result.output
    assert served[0]["target"] == "mysite:app"


def test_runserver_ipv6_url_has_brackets(
    write_module: WriteModule, served: list[dict[str, Any]]
) -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6 here")
    write_module("mysite", GOOD_APP)
    port = free_port()
    result = invoke("runserver", "mysite", "--host", "::1", "--port", str(port))
    if result.exit_code == 1 and "cannot listen" in result.output:
        pytest.skip("IPv6 loopback not configured here")
    assert result.exit_code == 0, result.output
    assert f"http://[::1]:{port}/" in result.output
    assert served[0]["address"] == "::1"


def test_runserver_without_target(project: Path) -> None:
    result = invoke("runserver", env={"TRESTLE_APP": ""})
    assert result.exit_code == 2
    assert "say which app to run, for example: trestle runserver examples.hello:app" in (
        result.output
    )


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("nowhere", "cannot find the module 'nowhere' (searched "),
        ("nowhere.deeper:app", "cannot find the module 'nowhere.deeper'"),
        (
            "mysite:ap",
            "module 'mysite' has no attribute 'ap'; the Trestle apps in it are: app, other",
        ),
        ("mysite:index", "mysite:index is a function (index), not a Trestle App"),
        ("mysite:App", "mysite:App is the class App, not a Trestle App"),
        ("mysite:not an app", "is not a valid target"),
        ("mysite:1app", "after the colon comes the name of the App variable"),
        ("my-site:app", "'my-site:app' is not a valid target"),
    ],
)
def test_runserver_bad_target(
    write_module: WriteModule, served: list[dict[str, Any]], target: str, message: str
) -> None:
    write_module("mysite", GOOD_APP)
    result = invoke("runserver", target)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert message in result.output
    assert "Traceback" not in result.output
    assert "development server at" not in result.output
    assert served == []


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("import nosuchdependency\n", "importing 'broken' failed: ModuleNotFoundError: "),
        ("x = 1\ny = x / 0\n", "ZeroDivisionError: division by zero (broken.py, line 2)"),
        ("def f(:\n", "SyntaxError: invalid syntax (broken.py, line 1)"),
        (
            "import sys\nsys.exit(3)\n",
            "importing 'broken' failed: SystemExit: 3 (broken.py, line 2)",
        ),
        ("import os\nos._exit(3)\n", "loading 'broken' stopped the process: exit status 3"),
        (
            "from trestle import App\napp = App()\n\n@app.get('/<int:id>')\ndef show(): ...\n",
            "the app broken:app has an error: ",
        ),
    ],
    ids=[
        "missing-dependency",
        "error-at-import",
        "syntax-error",
        "exit-at-import",
        "crash-at-import",
        "bad-route",
    ],
)
def test_runserver_app_that_fails_to_load(
    write_module: WriteModule, served: list[dict[str, Any]], source: str, message: str
) -> None:
    write_module("broken", source)
    result = invoke("runserver", "broken")
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert served == []


def test_runserver_port_in_use(
    write_module: WriteModule, served: list[dict[str, Any]], busy_port: int
) -> None:
    write_module("mysite", GOOD_APP)
    result = invoke("runserver", "mysite", "--port", str(busy_port))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: port {busy_port} on 127.0.0.1 is already in use; pass --port\n"
    )
    assert served == []


@pytest.mark.parametrize("port", ["0", "70000", "http"])
def test_runserver_bad_port(port: str) -> None:
    result = invoke("runserver", "mysite", "--port", port)
    assert result.exit_code == 2
    assert "Invalid value for '--port'" in result.output


def test_runserver_unknown_host(write_module: WriteModule, served: list[dict[str, Any]]) -> None:
    write_module("mysite", GOOD_APP)
    result = invoke("runserver", "mysite", "--host", "no-such-host.invalid")
    assert result.exit_code == 1
    assert "Error: cannot listen on 'no-such-host.invalid': " in result.output
    assert result.output.rstrip().endswith("; pass --host")


def test_runserver_zero_workers() -> None:
    result = invoke("runserver", "mysite", "--workers", "0")
    assert result.exit_code == 2
    assert "Invalid value for '--workers'" in result.output


# -- runserver in a project -------------------------------------------------------------------


def test_runserver_serves_the_project(
    write_files: Callable[[dict[str, str]], Path], served: list[dict[str, Any]]
) -> None:
    from .conftest import SMALL_PROJECT

    root = write_files(SMALL_PROJECT)
    port = free_port()
    result = invoke(
        "runserver", "--port", str(port), env={"TRESTLE_SETTINGS_MODULE": "mysite.settings"}
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Trestle development server at http://127.0.0.1:{port}/ (WSGI, reload on)",
        f"Serving the project mysite.settings from {root}. Press Ctrl-C to stop.",
    ]
    assert served[0]["target"] == "mysite.settings" and served[0]["project"] is True


def test_runserver_target_wins_over_the_project(
    write_files: Callable[[dict[str, str]], Path], served: list[dict[str, Any]]
) -> None:
    write_files({"mysite.py": GOOD_APP})
    port = free_port()
    result = invoke(
        "--settings", "nowhere.settings", "--app", "mysite:other", "runserver", "--port", str(port)
    )
    assert result.exit_code == 0, result.output
    assert (served[0]["target"], served[0]["project"]) == ("mysite:other", False)


def test_runserver_project_that_fails_to_load(
    write_files: Callable[[dict[str, str]], Path], served: list[dict[str, Any]]
) -> None:
    from .conftest import SMALL_PROJECT

    write_files({**SMALL_PROJECT, "mysite/settings.py": "DEBUG = True\nx = 1 / 0\n"})
    result = invoke("--settings", "mysite.settings", "runserver", "--port", str(free_port()))
    assert result.exit_code == 1
    assert result.output == (
        "Error: the settings module 'mysite.settings' has an error: ZeroDivisionError: "
        "division by zero (mysite/settings.py, line 2)\n"
    )
    assert served == []
