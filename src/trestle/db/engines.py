"""Engines from a :class:`~trestle.db.config.DatabaseConfig`: pools, timeouts, SQLite pragmas.

- PostgreSQL and MariaDB/MySQL: a pooled connection is checked before use, so one that
  died while the database restarted is replaced before a request sees it (its socket is
  polled, with no round trip; one that rested a second or more is also pinged), and a
  connect timeout.
- SQLite files: WAL (readers do not block the writer), foreign keys on, a busy timeout, and
  transactions begun by SQLAlchemy rather than by the sqlite3 module, so SAVEPOINTs (nested
  ``atomic()``) and transactional DDL work.
- In-memory SQLite: one connection shared by every thread, so the database lives as long
  as the engine.
- Every engine turns "cannot reach the database" into :class:`DatabaseUnavailable`.
"""

from __future__ import annotations

import select
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, ExceptionContext, create_engine
from sqlalchemy.engine.default import DefaultDialect
from sqlalchemy.pool import PoolProxiedConnection

from trestle.db.errors import DatabaseUnavailable
from trestle.db.urls import is_memory_sqlite, masked

if TYPE_CHECKING:
    from sqlalchemy.engine import URL
    from sqlalchemy.ext.asyncio import AsyncEngine

    from trestle.db.config import DatabaseConfig


def make_engine(config: DatabaseConfig) -> Engine:
    """A sync engine for ``config`` (no connection is made until one is needed)."""
    options = _options(config, config.url, asynchronous=False)
    engine = create_engine(config.url, **options)
    _prepare(engine, config, config.url)
    return engine


def make_async_engine(config: DatabaseConfig) -> AsyncEngine:
    """An asyncio engine for ``config`` (asyncpg, aiosqlite or aiomysql)."""
    from sqlalchemy.ext.asyncio import create_async_engine

    url = config.async_url
    _require_driver(url)
    options = _options(config, url, asynchronous=True)
    if url.get_driver_name() == "asyncpg" and "async_creator" not in options:
        made: list[AsyncEngine] = []
        options["async_creator"] = _asyncpg_connector(url, options.pop("connect_args", {}), made)
        engine = create_async_engine(url, **options)
        made.append(engine)
    else:
        engine = create_async_engine(url, **options)
    _prepare(engine.sync_engine, config, url)
    return engine


def _asyncpg_connector(url: URL, connect_args: dict[str, Any], made: list[AsyncEngine]) -> Any:
    """asyncpg.connect with the URL's arguments, its network errors raised as DBAPI errors.

    asyncpg lets OSError (refused, unreachable, timed out) escape while connecting, which
    SQLAlchemy then cannot recognise as a database error; as the driver's OperationalError
    it reaches the ``handle_error`` event like any other failure to connect.
    """

    async def connect() -> Any:
        import asyncpg

        dialect = made[0].sync_engine.dialect
        args, kwargs = dialect.create_connect_args(url)
        try:
            return await asyncpg.connect(*args, **{**kwargs, **connect_args})
        except (OSError, TimeoutError) as error:
            raise dialect.loaded_dbapi.OperationalError(f"cannot connect: {error}") from error

    return connect


def _options(config: DatabaseConfig, url: URL, *, asynchronous: bool) -> dict[str, Any]:
    backend = url.get_backend_name()
    driver = url.get_driver_name()
    options: dict[str, Any] = {}
    connect_args: dict[str, Any] = {}
    if backend == "sqlite":
        connect_args["timeout"] = config.timeout
        if is_memory_sqlite(url):
            from sqlalchemy.pool import StaticPool

            options["poolclass"] = StaticPool
            connect_args["check_same_thread"] = False
    else:
        if backend in ("mysql", "mariadb"):
            options["pool_recycle"] = 3600  # under MariaDB's default wait_timeout of 8 h
        if driver == "asyncpg":
            connect_args["timeout"] = config.timeout
        elif driver in ("psycopg", "psycopg2", "pymysql", "aiomysql", "mysqldb"):
            connect_args["connect_timeout"] = max(1, round(config.timeout))
    user_options = dict(config.options)
    connect_args.update(user_options.pop("connect_args", {}))
    if connect_args:
        options["connect_args"] = connect_args
    options.update(user_options)
    return options


def _prepare(engine: Engine, config: DatabaseConfig, url: URL) -> None:
    """Install the events every Trestle engine has."""
    name = config.name

    def unreachable(context: ExceptionContext) -> BaseException | None:
        # No connection yet (connecting failed) or a dropped one: the database is away.
        if context.is_pre_ping or not (context.connection is None or context.is_disconnect):
            return None
        wrapped = context.sqlalchemy_exception
        cause = context.original_exception
        if isinstance(wrapped, DatabaseUnavailable):
            return None
        if wrapped is None and not isinstance(cause, (OSError, TimeoutError)):
            return None  # asyncpg raises plain OSErrors (refused, timed out) while connecting
        error = DatabaseUnavailable(
            wrapped.statement if wrapped is not None else None,
            wrapped.params if wrapped is not None else None,
            cause,
            hide_parameters=True,
            connection_invalidated=context.is_disconnect,
        )
        error.database = name
        return error

    event.listen(engine, "handle_error", unreachable, retval=True)
    _direct_transactions(engine.dialect)
    if url.get_backend_name() == "sqlite":
        _sqlite_events(engine, config, file=not is_memory_sqlite(url))
    elif "pool_pre_ping" not in config.options:
        _check_on_checkout(engine, url.get_driver_name())


def _direct_transactions(dialect: Any) -> None:
    """COMMIT and ROLLBACK straight on the driver's connection, not through the pool's proxy.

    PERF: SQLAlchemy hands ``do_rollback``/``do_commit`` the pool's proxy of the connection,
    which forwards ``rollback()`` and ``commit()`` through ``__getattr__``, after a failed
    attribute lookup: about 1 µs each, and every request ends a transaction (with the
    BEGIN below, about 2 µs of SQLite's ``/db``, measured). Only where the dialect keeps
    SQLAlchemy's default (a plain ``rollback()``/``commit()``), so nothing else changes.
    """
    kind = type(dialect)
    if kind.do_rollback is DefaultDialect.do_rollback and not dialect.skip_autocommit_rollback:
        dialect.do_rollback = _rollback
    if kind.do_commit is DefaultDialect.do_commit:
        dialect.do_commit = _commit


# Each takes what SQLAlchemy passes, the pool's proxy (or, just in case, the driver's own).


def _rollback(connection: Any) -> None:
    if isinstance(connection, PoolProxiedConnection):
        connection = connection.dbapi_connection
    connection.rollback()


def _commit(connection: Any) -> None:
    if isinstance(connection, PoolProxiedConnection):
        connection = connection.dbapi_connection
    connection.commit()


#: Seconds a pooled connection may rest before it is pinged on checkout.
PING_AFTER_IDLE = 1.0


def _check_on_checkout(engine: Engine, driver: str) -> None:
    """Hand out only live connections: closed ones are replaced before a request sees them.

    Two checks on a pooled connection, before it is handed out:

    - **Closed by the server?** A server that shuts down or restarts closes its end of every
      connection; the pooled connection's socket then reads as ready (an EOF, or the
      server's farewell), though nothing was asked of it. A non-blocking poll of the socket
      sees that with no round trip, so even the first request after a quick restart (under
      a second for MariaDB) gets a fresh connection.
    - **Rested a second or more?** Then it is pinged, which also finds connections lost
      without a word (a firewall that forgot them, a server on another machine that
      crashed). PERF: SQLAlchemy's ``pool_pre_ping`` pings on every checkout, one more round
      trip per request (a third of ``/db`` on PostgreSQL, measured); a connection back in
      the pool for less than a second was working a moment ago.

    A connection that dies while in use is caught by the disconnect handling, which turns
    it into a 503 and empties the pool.
    """
    from time import monotonic

    from sqlalchemy.exc import DisconnectionError

    dialect = engine.dialect
    socket_of = _socket_finder(driver)

    @event.listens_for(engine, "checkin")
    def rested_from(dbapi_connection: Any, record: Any) -> None:
        record.info["trestle_checkin"] = monotonic()

    @event.listens_for(engine, "checkout")
    def check(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        since = record.info.get("trestle_checkin")
        if since is None:
            return  # connected just now
        if socket_of is not None and _closed_by_server(socket_of, dbapi_connection):
            raise DisconnectionError("the server closed this pooled connection")
        if monotonic() - since < PING_AFTER_IDLE:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise DisconnectionError(f"a pooled connection is dead: {error}") from error


def _socket_finder(driver: str) -> Callable[[Any], Any] | None:
    """How to reach the socket (or file descriptor) under a driver's connection, if we can."""
    if driver in ("psycopg", "psycopg2"):
        return lambda connection: connection.fileno()
    if driver == "psycopg_async":
        return lambda connection: connection.driver_connection.fileno()
    if driver == "pymysql":
        return lambda connection: connection._sock
    if driver == "asyncpg":
        return _asyncpg_socket
    if driver == "aiomysql":
        return _aiomysql_socket
    return None  # another driver: the ping after a rest still covers it


def _asyncpg_socket(connection: Any) -> Any:
    driver_connection = connection.driver_connection
    if driver_connection.is_closed():
        return None
    return driver_connection._transport.get_extra_info("socket")


def _aiomysql_socket(connection: Any) -> Any:
    driver_connection = connection.driver_connection
    if driver_connection.closed:
        return None
    return driver_connection._writer.get_extra_info("socket")


def _closed_by_server(socket_of: Callable[[Any], Any], dbapi_connection: Any) -> bool:
    """True when an idle connection's socket is readable or gone: the server hung up."""
    try:
        handle = socket_of(dbapi_connection)
        if handle is None:
            return True  # the driver already dropped it
        if (handle if isinstance(handle, int) else handle.fileno()) < 0:
            return True  # a socket closed on this side
        return bool(_readable(handle))
    except (AttributeError, TypeError):
        return False  # a driver version that hides its socket: cannot tell, ping decides
    except Exception:
        return True  # a closed descriptor, or a driver refusing a closed connection


def _poll_readable(handle: Any) -> bool:
    poller = select.poll()
    poller.register(handle, select.POLLIN)
    return bool(poller.poll(0))


def _select_readable(handle: Any) -> bool:  # pragma: no cover - Windows has no poll()
    return bool(select.select([handle], [], [], 0)[0])


# poll() has no limit on descriptor numbers (select() stops at 1024); Windows lacks it.
_readable = _poll_readable if hasattr(select, "poll") else _select_readable


def _sqlite_events(engine: Engine, config: DatabaseConfig, *, file: bool) -> None:
    busy_ms = int(config.timeout * 1000)

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, record: Any) -> None:
        # Let SQLAlchemy emit BEGIN (below) instead of the sqlite3 module, which would
        # otherwise start transactions late and break SAVEPOINT.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
            if file:
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")  # safe with WAL, much faster
        finally:
            cursor.close()

    # PERF: BEGIN through the dialect's own hook, not a "begin" event: any connection event
    # sends every statement of the engine down SQLAlchemy's slower evented path (~40 µs
    # a request measured here).
    engine.dialect.do_begin = _begin_sqlite  # type: ignore[method-assign]


def _begin_sqlite(dbapi_connection: Any) -> None:
    # PERF: on the sqlite3 connection itself, not through the pool's proxy (see
    # _direct_transactions).
    if isinstance(dbapi_connection, PoolProxiedConnection):
        dbapi_connection = dbapi_connection.dbapi_connection
    dbapi_connection.execute("BEGIN")


def _require_driver(url: URL) -> None:
    """A clear message when the async driver a URL needs is not installed."""
    import importlib.util

    driver = url.get_driver_name()
    package = {"aiomysql": "aiomysql", "asyncmy": "asyncmy", "asyncpg": "asyncpg"}.get(driver)
    if package and importlib.util.find_spec(package) is None:
        from trestle.conf.settings import SettingsError

        raise SettingsError(
            f"async sessions on {masked(url)} need the {package} package "
            f"(pip install {package}), or set ASYNC_URL to a driver you have"
        )
