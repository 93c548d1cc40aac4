"""``trestle runserver``: the development server (granian, reloading when the code changes)."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from trestle.app import App

#: Python threads that run WSGI views in the development server: a few, so that one slow
#: request (a long stream, a slow query) does not hold up the others. granian warns above
#: twice the cores plus one.
_DEV_WSGI_THREADS = min(8, 2 * (os.cpu_count() or 1) + 1)


@click.command("runserver")
@click.argument("target", required=False, envvar="TRESTLE_APP", metavar="[TARGET]")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to listen on. 127.0.0.1 is this computer only; "
    "0.0.0.0 lets other machines on the network connect.",
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="The port to listen on.",
)
@click.option(
    "--asgi/--wsgi",
    "asgi",
    default=False,
    help="Serve the app over ASGI, or over WSGI (the default). A Trestle app speaks "
    "both, and async views work under either.",
)
@click.option(
    "--reload/--no-reload",
    default=True,
    help="Restart the app when a .py file under the current directory changes (on by default).",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="How many worker processes serve requests; each loads the app.",
)
def runserver_command(
    target: str | None, host: str, port: int, asgi: bool, reload: bool, workers: int
) -> None:
    """Run a development server for the app TARGET.

    TARGET names the app as module:attribute, for example examples.hello:app
    (the attribute defaults to `app`, so examples.hello works too). The module is
    imported from the current directory. Without TARGET, the TRESTLE_APP
    environment variable is used.

    The server reloads the app when you change your code. It is meant for
    development on your own machine, not for production.
    """
    from trestle.cli.ports import ListenError, check_port_free
    from trestle.cli.targets import TargetError, check_app, parse_target

    if not target:
        raise click.UsageError(
            "say which app to run, for example: trestle runserver examples.hello:app "
            "(or set TRESTLE_APP)"
        )
    app_dir = Path.cwd()
    try:
        module, attribute = parse_target(target)
        # Checked before the server starts, so a mistake is one clear line and exit status 1
        # rather than a worker that dies again at every restart.
        check_app(target, app_dir)
        address = check_port_free(host, port)
    except (TargetError, ListenError) as error:
        raise click.ClickException(str(error)) from None

    shown_host = f"[{host}]" if ":" in host else host
    protocol = "ASGI" if asgi else "WSGI"
    click.echo(
        f"Trestle development server at http://{shown_host}:{port}/ "
        f"({protocol}, reload {'on' if reload else 'off'})"
    )
    click.echo(f"Serving {module}:{attribute} from {app_dir}. Press Ctrl-C to stop.")
    _serve(f"{module}:{attribute}", app_dir, address, port, asgi, reload, workers)


def _serve(
    target: str, app_dir: Path, address: str, port: int, asgi: bool, reload: bool, workers: int
) -> None:
    """Start granian and block until it is stopped."""
    from granian import Granian
    from granian.constants import Interfaces
    from watchfiles import PythonFilter

    class CodeChanges(PythonFilter):
        """Python files only: a SQLite file or a log written per request must not reload."""

        # granian extends these class attributes; a subclass keeps PythonFilter untouched.
        ignore_dirs = (*PythonFilter.ignore_dirs, ".ruff_cache", "venv", "site-packages")

    server = Granian(
        target,
        address=address,
        port=port,
        interface=Interfaces.ASGI if asgi else Interfaces.WSGI,
        workers=workers,
        blocking_threads=None if asgi else _DEV_WSGI_THREADS,
        # Trestle has no WebSocket routes yet; saying so keeps granian from logging about it.
        websockets=False,
        log_access=True,
        reload=reload,
        reload_paths=[app_dir],
        reload_filter=CodeChanges,
        # An edit that breaks the app kills its worker; keep watching so the next save,
        # which fixes it, brings the server back.
        reload_ignore_worker_failure=reload,
    )
    server.serve(
        target_loader=functools.partial(load_in_worker, target, str(app_dir)),
        wrap_loader=False,
    )


def load_in_worker(target: str, app_dir: str) -> App:
    """Load the app inside a server worker; exit the worker with a clear message if it fails."""
    from trestle.cli.targets import TargetError, load_app

    if hasattr(os, "setpgrp"):
        # Ctrl-C signals the terminal's whole process group. A granian WSGI worker that gets
        # that SIGINT and then its parent's SIGTERM can hang on shutdown (granian 2.8); in a
        # group of its own, a worker is stopped by its parent alone.
        os.setpgrp()
    try:
        return load_app(target, Path(app_dir))
    except TargetError as error:
        print(f"Error: {error}", file=sys.stderr, flush=True)
        raise SystemExit(1) from None
