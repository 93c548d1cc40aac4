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
    """Run the development server (it reloads when the code changes).

    In a project (`python manage.py runserver`), it serves the project. For a one-file
    app, TARGET names it as module:attribute, for example examples.hello:app (the
    attribute defaults to `app`, so examples.hello works too); the module is imported
    from the current directory. Without TARGET, --app or the TRESTLE_APP environment
    variable is used.

    The server reloads the app when you change your code and logs each request. It is
    meant for development on your own machine, not for production: see `trestle serve`.
    """
    from trestle.cli.project import current_project
    from trestle.cli.targets import prepare_to_serve

    project = current_project()
    target = target or project.app_target
    if not target and not project.is_project:
        raise click.UsageError(
            "say which app to run, for example: trestle runserver examples.hello:app "
            "(or set TRESTLE_APP); in a project, run `python manage.py runserver`"
        )
    checked = prepare_to_serve(target, str(project.settings_module), host, port)
    served, is_project = checked.target, checked.is_project
    app_dir, address = checked.app_dir, checked.address

    shown_host = f"[{host}]" if ":" in host else host
    protocol = "ASGI" if asgi else "WSGI"
    click.echo(
        f"Trestle development server at http://{shown_host}:{port}/ "
        f"({protocol}, reload {'on' if reload else 'off'})"
    )
    what = f"the project {served}" if is_project else served
    click.echo(f"Serving {what} from {app_dir}. Press Ctrl-C to stop.")
    _serve(served, app_dir, address, port, asgi, reload, workers, project=is_project)


def _serve(
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
        # A project logs each request itself (trestle.logs, with its duration and id).
        log_access=not project,
        reload=reload,
        reload_paths=[app_dir],
        reload_filter=CodeChanges,
        # An edit that breaks the app kills its worker; keep watching so the next save,
        # which fixes it, brings the server back.
        reload_ignore_worker_failure=reload,
    )
    server.serve(
        target_loader=functools.partial(load_in_worker, target, str(app_dir), project),
        wrap_loader=False,
    )


def load_in_worker(target: str, app_dir: str, project: bool = False) -> App:
    """Load the app inside a server worker; exit the worker with a clear message if it fails."""
    from trestle.cli.targets import TargetError, load

    if hasattr(os, "setpgrp"):
        # Ctrl-C signals the terminal's whole process group. A granian WSGI worker that gets
        # that SIGINT and then its parent's SIGTERM can hang on shutdown (granian 2.8); in a
        # group of its own, a worker is stopped by its parent alone.
        os.setpgrp()
    try:
        return load(target, Path(app_dir), project=project)
    except TargetError as error:
        print(f"Error: {error}", file=sys.stderr, flush=True)
        raise SystemExit(1) from None
