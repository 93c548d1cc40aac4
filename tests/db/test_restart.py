"""A real database restart under a running app: PostgreSQL (``pg_ctlcluster stop/start``) and
MariaDB (``start-stop-daemon``), the servers the suite uses.

While the server is down every request that needs it gets a 503 with Retry-After and one
log line without a traceback; once the server accepts connections again, the *first*
request on each pool succeeds: the app recovers by itself, without a restart of its own
and without a failed request to find out. (A pooled connection the server closed is
noticed on checkout with no round trip, see ``trestle.db.engines``.)

One outage per server covers WSGI and ASGI, sync and async views: the app keeps a WSGI and
an ASGI client, and one async pool (the WSGI worker's) is left untouched during the
outage, so it meets the restart only afterwards, as an idle app does. The outage lasts
seconds (other test runs may share the server); the server is started again in a
``finally`` and the test ends only when it accepts connections.

Needs root and the server's control tools; skips without them (fails with CI=true).
Marked ``restarts_database``: ``-m "not restarts_database"`` deselects it.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Mapped

from trestle import App, Request
from trestle.db import Database, Model

pytestmark = pytest.mark.restarts_database

#: How long a server may take to accept connections again before the test gives up.
COME_BACK_WITHIN = 60.0

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


class Heartbeat(Model):
    note: Mapped[str]


def _cannot(message: str) -> None:
    """Skip, or fail with CI=true, as the service fixtures do."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true and the restart test cannot run: {message}")
    pytest.skip(message)


def _run(command: list[str], *, ok: tuple[int, ...] = (0,)) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode not in ok:
        raise RuntimeError(
            f"{' '.join(command)} exited with {done.returncode}: {done.stdout}{done.stderr}"
        )


class Server:
    """A local database server the test may stop and start."""

    def __init__(self, url: str, stop: list[str], start: list[str], started_ok: tuple[int, ...]):
        self.url = url
        self.stop_command = stop
        self.start_command = start
        self.started_ok = started_ok

    def stop(self) -> None:
        _run(self.stop_command)

    def start(self) -> None:
        _run(self.start_command, ok=self.started_ok)

    def accepts_connections(self) -> bool:
        try:
            if make_url(self.url).get_backend_name() == "postgresql":
                import psycopg

                with psycopg.connect(self.url, connect_timeout=2) as connection:
                    connection.execute("SELECT 1")
            else:
                from tests.databases import mysql_connection

                with mysql_connection(self.url) as connection:
                    connection.cursor().execute("SELECT 1")
        except Exception:
            return False
        return True

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + COME_BACK_WITHIN
        while not self.accepts_connections():
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.url} did not come back in {COME_BACK_WITHIN:.0f}s")
            time.sleep(0.1)


def postgres_server(url: str) -> Server:
    """The local PostgreSQL cluster that serves ``url``, through pg_ctlcluster."""
    parsed = make_url(url)
    if shutil.which("pg_ctlcluster") is None or not Path("/etc/postgresql").is_dir():
        _cannot("needs pg_ctlcluster and /etc/postgresql (Debian's postgresql-common)")
    if parsed.host not in LOCAL_HOSTS:
        _cannot(f"restarts the local cluster, but the PostgreSQL URL points at {parsed.host}")
    port = str(parsed.port or 5432)
    for version in sorted(os.listdir("/etc/postgresql")):
        conf = Path("/etc/postgresql", version, "main", "postgresql.conf")
        if conf.is_file() and _configured_port(conf) == port:
            break
    else:
        _cannot(f"no cluster 'main' in /etc/postgresql listens on port {port}")
    control = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]
    # start exits with 2 when the cluster already runs (someone else started it): fine.
    return Server(url, [*control, "stop"], [*control, "start"], started_ok=(0, 2))


def _configured_port(conf: Path) -> str:
    for line in conf.read_text().splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "port":
            return value.split("#")[0].strip()
    return "5432"


def mariadb_server(url: str) -> Server:
    """The local mariadbd that serves ``url``, through start-stop-daemon."""
    daemon = "/usr/sbin/mariadbd"
    if shutil.which("start-stop-daemon") is None or not Path(daemon).exists():
        _cannot(f"needs start-stop-daemon and {daemon}")
    if make_url(url).host not in LOCAL_HOSTS:
        _cannot("restarts the local mariadbd, but the MariaDB URL points elsewhere")
    control = ["start-stop-daemon", "--exec", daemon, "--oknodo"]
    return Server(
        url,
        # TERM, then wait (up to 30 s) until it is gone, so the start below really starts it.
        [*control, "--stop", "--retry", "30"],
        [*control, "--start", "--background"],
        started_ok=(0,),
    )


@contextlib.contextmanager
def outage(server: Server, kind: str) -> Iterator[Callable[[], None]]:
    """Stop ``server``; yield ``back()``, which starts it and waits for it.

    Whatever happens, the server runs and accepts connections when the block ends. A
    lock file keeps two test runs on this machine from restarting a server at once.
    """
    with open(f"/tmp/trestle-test-restart-{kind}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        server.wait_until_up()  # a run that held the lock may have just restarted it

        def back() -> None:
            server.start()
            server.wait_until_up()

        try:
            server.stop()
            yield back
        finally:
            if not server.accepts_connections():
                back()


@pytest.fixture(params=["postgresql", "mysql"])
def server(request: pytest.FixtureRequest) -> Server:
    """A local server to restart, with a database of the suite's own on it."""
    if os.geteuid() != 0:
        _cannot("stopping and starting the database server needs root")
    kind = str(request.param)
    if kind == "postgresql":
        return postgres_server(request.getfixturevalue("pg_database"))
    return mariadb_server(request.getfixturevalue("mysql_database"))


def heartbeat_app(url: str) -> App:
    app = App({"DATABASE_URL": url})
    Database(app)

    @app.get("/beats")
    def beats(request: Request) -> list[str]:
        return list(request.db.scalars(select(Heartbeat.note).order_by(Heartbeat.id)))

    @app.post("/beats")
    def beat(request: Request) -> dict[str, str]:
        request.db.add(Heartbeat(note=request.json["note"]))
        request.db.commit()
        return {"note": request.json["note"]}

    @app.get("/async/beats")
    async def async_beats(request: Request) -> list[str]:
        rows = await request.db.scalars(select(Heartbeat.note).order_by(Heartbeat.id))
        return list(rows)

    return app


def assert_unavailable(answer: Any) -> None:
    assert answer.status_code == 503, answer.text
    assert answer.headers["retry-after"] == "5"
    assert answer.json()["detail"] == "The database is unavailable; please retry shortly."


def test_a_restart_under_a_running_app(server: Server, caplog: pytest.LogCaptureFixture) -> None:
    app = heartbeat_app(server.url)
    db: Database = app.extensions["db"]
    db.create_all(Heartbeat)
    kind = db.config().backend
    try:
        with app.test_client() as wsgi, app.test_client(asgi=True) as asgi:
            # Every pool the app has gets a connection: the sync one (def views, under
            # both protocols) and an async one per event loop (the WSGI worker's, the
            # ASGI server's).
            assert wsgi.post("/beats", json={"note": "before"}).status_code == 200
            for client in (wsgi, asgi):
                assert client.get("/beats").json() == ["before"]
                assert client.get("/async/beats").json() == ["before"]

            with outage(server, kind) as back:
                caplog.clear()
                with caplog.at_level(logging.INFO):
                    down = [
                        wsgi.get("/beats"),
                        wsgi.post("/beats", json={"note": "during"}),
                        asgi.get("/beats"),
                        asgi.get("/async/beats"),
                        # wsgi's async pool is left alone: it meets the restart afterwards.
                    ]
                for answer in down:
                    assert_unavailable(answer)
                # One clear line per 503, naming the database, with no traceback.
                noted = [r for r in caplog.records if r.levelno >= logging.WARNING]
                assert len(noted) == len(down), [r.getMessage() for r in noted]
                for record in noted:
                    assert record.name == "trestle.db"
                    assert record.getMessage().startswith("Database 'default' is unavailable (")
                    assert record.exc_info is None
                back()

            # Back: the first request on each pool works, nothing restarted by hand.
            caplog.clear()
            with caplog.at_level(logging.INFO):
                assert wsgi.get("/async/beats").json() == ["before"]
                assert wsgi.get("/beats").json() == ["before"]
                assert asgi.get("/async/beats").json() == ["before"]
                assert asgi.post("/beats", json={"note": "after"}).status_code == 200
                assert asgi.get("/beats").json() == ["before", "after"]
                assert wsgi.get("/async/beats").json() == ["before", "after"]
            assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    finally:
        db.drop_all(Heartbeat)
        db.dispose()
