"""``trestle serve``: the production server (granian), with defaults chosen by measurement.

The defaults and the figures behind them are in docs/deployment.md. In short: one worker
process per core; WSGI, whose sync path needs no event loop; and 8 Python threads per WSGI
worker. granian's own default (half its backpressure: 512 threads) costs throughput and tail
latency on small machines; one thread is the fastest for views that never wait, but serves
one request at a time, so a view waiting 10 ms on its database caps a worker at 100 req/s.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import click

#: Python threads per WSGI worker (docs/deployment.md has the measurements): each waiting
#: view holds one, so this bounds how many requests a worker can have waiting on the
#: database at once (SQLAlchemy's default pool allows 15 connections).
DEFAULT_WSGI_THREADS = 8


def default_workers() -> int:
    """One worker process per CPU core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@click.command("serve")
@click.argument("target", required=False, envvar="TRESTLE_APP", metavar="[TARGET]")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to listen on; 0.0.0.0 (or ::) for every interface, as in a container.",
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    envvar="PORT",
    help="The port to listen on (also read from $PORT).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    envvar="WEB_CONCURRENCY",
    help="Worker processes (also read from $WEB_CONCURRENCY). [default: one per CPU core]",
)
@click.option(
    "--interface",
    type=click.Choice(["wsgi", "asgi"]),
    default="wsgi",
    show_default=True,
    help="How granian calls the app. WSGI is the faster for def views; ASGI suits apps "
    "that are mostly async def views waiting on I/O.",
)
@click.option(
    "--threads",
    type=click.IntRange(min=1),
    help="Python threads per WSGI worker, each serving one request at a time. "
    f"[default: {DEFAULT_WSGI_THREADS}]",
)
@click.option(
    "--backlog",
    default=1024,
    show_default=True,
    type=click.IntRange(min=128),
    help="Connections the system queues before the server accepts them.",
)
@click.option(
    "--graceful-timeout",
    default=30,
    show_default=True,
    type=click.IntRange(min=1),
    help="Seconds a worker may take to finish its requests after SIGTERM before it is killed.",
)
@click.option(
    "--access-log/--no-access-log",
    default=None,
    help="granian's access log. [default: off for a project, which logs each request "
    "itself; on for a one-file app]",
)
def serve_command(
    target: str | None,
    host: str,
    port: int,
    workers: int | None,
    interface: str,
    threads: int | None,
    backlog: int,
    graceful_timeout: int,
    access_log: bool | None,
) -> None:
    """Serve the project in production (granian).

    Serves the project (`python manage.py serve`), or the one-file app TARGET
    (module:attribute). Several worker processes share the port; a worker that dies
    is replaced. SIGTERM (or Ctrl-C) stops accepting connections, lets the requests in
    progress finish (up to --graceful-timeout) and exits.

    Run it behind a reverse proxy (nginx, Caddy, a load balancer) that terminates
    HTTPS, and list that proxy in TRUSTED_PROXIES.
    """
    from trestle.cli.project import current_project
    from trestle.cli.targets import prepare_to_serve

    project = current_project()
    target = target or project.app_target
    if not target and not project.is_project:
        raise click.UsageError(
            "say which app to serve: run `python manage.py serve` in a project, or give "
            "a one-file app, for example: trestle serve examples.hello:app"
        )
    if threads is not None and interface == "asgi":
        raise click.UsageError("--threads is for WSGI; under ASGI, def views run in a pool")
    checked = prepare_to_serve(target, str(project.settings_module), host, port)
    served, is_project = checked.target, checked.is_project
    app_dir, address = checked.app_dir, checked.address

    if is_project and project.settings.DEBUG:
        click.secho(
            "Warning: DEBUG is on. Error pages will show your code and settings: set "
            "TRESTLE_DEBUG=0 in production.",
            fg="yellow",
            err=True,
        )
    workers = workers or default_workers()
    shown_host = f"[{host}]" if ":" in host else host
    click.echo(
        f"Trestle serving {'the project ' + served if is_project else served} at "
        f"http://{shown_host}:{port}/ ({interface.upper()}, {workers} "
        f"worker{'s' if workers > 1 else ''})"
    )
    _serve(
        served,
        app_dir,
        address=address,
        port=port,
        workers=workers,
        asgi=interface == "asgi",
        threads=threads or DEFAULT_WSGI_THREADS,
        backlog=backlog,
        graceful_timeout=graceful_timeout,
        access_log=(not is_project) if access_log is None else access_log,
        project=is_project,
    )


def _serve(
    target: str,
    app_dir: Path,
    *,
    address: str,
    port: int,
    workers: int,
    asgi: bool,
    threads: int,
    backlog: int,
    graceful_timeout: int,
    access_log: bool,
    project: bool,
) -> None:
    """Start granian and block until it is stopped."""
    from granian import Granian
    from granian.constants import Interfaces

    from trestle.cli.runserver import load_in_worker

    server = Granian(
        target,
        address=address,
        port=port,
        interface=Interfaces.ASGI if asgi else Interfaces.WSGI,
        workers=workers,
        blocking_threads=None if asgi else threads,
        backlog=backlog,
        websockets=False,
        log_access=access_log,
        respawn_failed_workers=True,
        workers_kill_timeout=graceful_timeout,
    )
    server.serve(
        target_loader=functools.partial(load_in_worker, target, str(app_dir), project),
        wrap_loader=False,
    )
