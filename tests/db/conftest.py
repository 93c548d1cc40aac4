"""Databases for the data layer's tests: SQLite, PostgreSQL and MariaDB, each isolated.

``database_url`` runs a test once per backend. PostgreSQL and MariaDB get a database of
their own for the session (``trestle_db_<random>``), emptied after every test and dropped
at the end, so these tests never meet the tables of other suites on the same servers.
``make_db`` makes Databases whose pools are closed when the test ends.
"""

from __future__ import annotations

import contextlib
import secrets
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.databases import empty_database, scratch_database

from trestle import App
from trestle.conf import Settings
from trestle.db import Database

BACKENDS = ["sqlite", "postgresql", "mysql"]


@pytest.fixture(scope="session")
def pg_database(postgres_url: str) -> Iterator[str]:
    """A PostgreSQL database of this session's own."""
    with scratch_database(postgres_url, "trestle_db") as url:
        yield url


@pytest.fixture(scope="session")
def mysql_database(mysql_url: str) -> Iterator[str]:
    """A MariaDB database of this session's own."""
    with scratch_database(mysql_url, "trestle_db") as url:
        yield url


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend a test runs against (every data-layer test runs on all three)."""
    return str(request.param)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on the current backend, emptied again after the test."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'db.sqlite3'}"
        return
    url = request.getfixturevalue("pg_database" if backend == "postgresql" else "mysql_database")
    try:
        yield url
    finally:
        empty_database(url)


MakeDb = Callable[..., Database]


@pytest.fixture
def make_db() -> Iterator[MakeDb]:
    """``make_db(url_or_app, **settings)``: a Database whose engines are closed afterwards."""
    made: list[Database] = []

    def make(target: str | App, **settings: Any) -> Database:
        if isinstance(target, App):
            database = Database(target)
        else:
            database = Database(settings=Settings({"DATABASE_URL": target, **settings}))
        made.append(database)
        return database

    yield make
    for database in made:
        database.dispose()


@pytest.fixture
def app_packages(tmp_path: Path) -> Iterator[Callable[[dict[str, str]], list[str]]]:
    """``app_packages({"blog": models_source, ...})``: real app packages on sys.path.

    Each package gets a unique name (``blog_1a2b3c4d``), so its tables are unique too;
    returns the names. The packages and their models are forgotten after the test.
    """
    from trestle.db import Model

    root = tmp_path / "apps"
    root.mkdir()
    sys.path.insert(0, str(root))
    names: list[str] = []
    tables_before = set(Model.metadata.tables)

    def make(sources: dict[str, str]) -> list[str]:
        suffix = secrets.token_hex(4)
        made = []
        for short, source in sources.items():
            name = f"{short}_{suffix}"
            package = root / name
            package.mkdir()
            (package / "__init__.py").write_text("")
            text = source.replace("{suffix}", suffix)
            (package / "models.py").write_text(text)
            made.append(name)
        names.extend(made)
        return made

    yield make
    sys.path.remove(str(root))
    for name in names:
        for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[module]
    for key in set(Model.metadata.tables) - tables_before:
        Model.metadata.remove(Model.metadata.tables[key])


class TcpProxy:
    """A TCP forwarder in front of a database server, to take the database "down" and back.

    ``stop()`` closes the listening socket and every forwarded connection, as a server that
    goes away does; ``start()`` listens again on the same port.
    """

    def __init__(self, upstream: tuple[str, int]) -> None:
        import socket

        self.upstream = upstream
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self._listener: Any = None
        self._sockets: list[Any] = []

    def start(self) -> None:
        import socket
        import threading

        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: Any) -> None:
        import socket
        import threading

        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # stopped
            server = socket.create_connection(self.upstream)
            self._sockets += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source: Any, target: Any) -> None:
        try:
            while chunk := source.recv(65536):
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            import socket

            for sock in (source, target):
                # shutdown() first: close() alone leaves the socket open (no FIN sent) while
                # the other pump thread is still blocked reading it, and a client waiting
                # for the server to hang up would wait forever.
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    sock.close()

    def stop(self) -> None:
        import socket

        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)  # wakes the thread in accept()
            self._listener.close()
            self._listener = None
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self._sockets = []


def closed_port() -> int:
    """A port nothing listens on."""
    import socket

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port: int = probe.getsockname()[1]
    probe.close()
    return port


@pytest.fixture
def make_proxy() -> Iterator[Callable[[str], tuple[TcpProxy, str]]]:
    """``make_proxy(url)``: a started TcpProxy to that server, and the URL through it."""
    from sqlalchemy.engine import make_url

    proxies: list[TcpProxy] = []

    def make(url: str) -> tuple[TcpProxy, str]:
        parsed = make_url(url)
        proxy = TcpProxy((parsed.host or "127.0.0.1", int(parsed.port or 5432)))
        proxy.start()
        proxies.append(proxy)
        return proxy, parsed.set(port=proxy.port).render_as_string(hide_password=False)

    yield make
    for proxy in proxies:
        proxy.stop()


@pytest.fixture
def unused_port() -> int:
    """A local port nothing listens on."""
    return closed_port()
