"""``Database``: the engines and sessions of an app, made from its settings.

::

    app = App({"DATABASE_URL": "postgresql://app@db/app"})
    db = Database(app)          # or Database.install(app), which returns the one installed

Installing stores the database in ``app.extensions["db"]``, adds the middleware that gives
each request ``request.db``, turns an unreachable database into a 503 and an integrity
error into a 409, and disposes of the engines when the app shuts down. Nothing connects
until a query needs a connection.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from trestle.conf.settings import Settings, SettingsError
from trestle.db.config import DEFAULT, DatabaseConfig, read_databases
from trestle.db.engines import make_async_engine, make_engine
from trestle.db.middleware import DatabaseMiddleware, log
from trestle.db.repeated import RepeatedQueryWatch, count_statements, watch_mode
from trestle.db.session import DeferredSession, Session

if TYPE_CHECKING:
    from sqlalchemy import MetaData, Table
    from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

    from trestle.app import App
    from trestle.db.async_session import AsyncSession


class Database:
    """The databases named in settings: engines, sessions, and the per-request session."""

    def __init__(self, app: App | None = None, *, settings: Settings | None = None) -> None:
        if app is not None and settings is not None:
            raise TypeError("give an app or settings, not both")
        if settings is None:
            settings = app.settings if app is not None else Settings()
        self.settings = settings
        #: Each configured database, by name (``"default"`` always exists).
        self.configs: dict[str, DatabaseConfig] = read_databases(settings)
        self.debug = bool(settings.DEBUG)
        self.watch = watch_mode(settings)
        limit = settings.get("DATABASE_REPEATED_QUERY_LIMIT", 10)
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 2:
            raise SettingsError(f"DATABASE_REPEATED_QUERY_LIMIT must be an int >= 2, not {limit!r}")
        self.repeated_query_limit = limit
        self._lock = threading.Lock()
        self._engines: dict[str, Engine] = {}
        self._sessionmakers: dict[str, sessionmaker[Session]] = {}
        # Async engines belong to the event loop they were made on (each WSGI worker
        # thread has its own): one per database per loop.
        self._async: dict[str, weakref.WeakKeyDictionary[Any, AsyncEngine]] = {}
        self._async_makers: dict[AsyncEngine, async_sessionmaker[AsyncSession]] = {}
        self._closing: set[asyncio.Task[None]] = set()
        self.app: App | None = None
        if app is not None:
            self.init_app(app)

    @classmethod
    def install(cls, app: App) -> Database:
        """The app's Database: the one already installed, or a new one made from its settings."""
        existing = app.extensions.get("db")
        if existing is not None:
            if not isinstance(existing, Database):
                raise TypeError(f"app.extensions['db'] is {existing!r}, not a Database")
            return existing
        return cls(app)

    def init_app(self, app: App) -> None:
        """Install on ``app``: ``request.db``, the 503 and 409 answers, disposal at shutdown."""
        from sqlalchemy.exc import IntegrityError

        from trestle.db.errors import DatabaseUnavailable, integrity_handler, unavailable_handler

        if "db" in app.extensions:
            raise RuntimeError(
                "this app already has a database (app.extensions['db']); "
                "use Database.install(app) to get it"
            )
        if self.app is not None:
            raise RuntimeError("this Database is already installed on another app")
        self.app = app
        app.extensions["db"] = self
        if self.watch != "off":
            app.add_middleware(RepeatedQueryWatch(self.repeated_query_limit, self.watch))
        app.add_middleware(DatabaseMiddleware(self))
        app.add_error_handler(DatabaseUnavailable, unavailable_handler)
        app.add_error_handler(IntegrityError, integrity_handler)
        app.on_shutdown(self.aclose)

    # -- engines -------------------------------------------------------------------------

    def config(self, name: str = DEFAULT) -> DatabaseConfig:
        """The settings of the database ``name``; a clear KeyError for an unknown name."""
        try:
            return self.configs[name]
        except KeyError:
            known = ", ".join(repr(key) for key in self.configs)
            raise KeyError(f"no database named {name!r} in DATABASES (known: {known})") from None

    def engine(self, name: str = DEFAULT) -> Engine:
        """The sync engine of ``name``, made on first use."""
        engine = self._engines.get(name)
        if engine is None:
            with self._lock:
                engine = self._engines.get(name)
                if engine is None:
                    engine = make_engine(self.config(name))
                    if self.watch != "off":
                        count_statements(engine)
                    self._engines[name] = engine
        return engine

    def async_engine(self, name: str = DEFAULT) -> AsyncEngine:
        """The async engine of ``name`` for the running event loop, made on first use."""
        loop = asyncio.get_running_loop()
        per_loop = self._async.get(name)
        engine = per_loop.get(loop) if per_loop is not None else None
        if engine is None:
            with self._lock:
                per_loop = self._async.setdefault(name, weakref.WeakKeyDictionary())
                engine = per_loop.get(loop)
                if engine is None:
                    engine = make_async_engine(self.config(name))
                    if self.watch != "off":
                        count_statements(engine.sync_engine)
                    per_loop[loop] = engine
        return engine

    def engines(self) -> Iterable[Engine]:
        """The sync engines made so far, and the sync side of the async ones."""
        yield from list(self._engines.values())
        for per_loop in list(self._async.values()):
            for engine in list(per_loop.values()):
                yield engine.sync_engine

    # -- sessions ------------------------------------------------------------------------

    def session(self, name: str = DEFAULT) -> Session:
        """A new session on ``name``; close it yourself, or use it in a ``with`` block."""
        maker = self._sessionmakers.get(name)
        if maker is None:
            maker = self._sessionmakers[name] = sessionmaker(
                bind=self.engine(name), class_=Session, expire_on_commit=False
            )
        return maker()

    def connected_session(self, name: str = DEFAULT) -> Session:
        """A new session on a connection of its own, checked out now: ``request.db``.

        The session owns the connection's transaction whoever begins it (its own ORM
        work or :meth:`Session.rows`): ``commit()`` commits it, ``close()`` rolls back
        what is left. Close the connection (``session.bind``) after the session. Its
        SQLAlchemy state is built when the ORM first uses it
        (:class:`~trestle.db.session.DeferredSession`).
        """
        return DeferredSession.on(self.engine(name).connect())

    def async_session(self, name: str = DEFAULT) -> AsyncSession:
        """A new AsyncSession on ``name``, for the running event loop."""
        engine = self.async_engine(name)
        maker = self._async_makers.get(engine)
        if maker is None:
            from sqlalchemy.ext.asyncio import async_sessionmaker

            from trestle.db.async_session import AsyncSession

            maker = self._async_makers[engine] = async_sessionmaker(
                bind=engine, class_=AsyncSession, expire_on_commit=False
            )
        return maker()

    def close_async_session(self, session: AsyncSession) -> None:
        """Close a request's AsyncSession from sync teardown code, on the right loop."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            # Under WSGI the teardown runs outside the worker thread's loop, which made the
            # session: run the close on it.
            from trestle.concurrency import thread_event_loop

            try:
                thread_event_loop().run_until_complete(session.close())
            except Exception as failure:
                log.warning("Closing an async database session failed: %s", failure)
            return
        task = loop.create_task(session.close())
        self._closing.add(task)
        task.add_done_callback(self._closed)

    def _closed(self, task: asyncio.Task[None]) -> None:
        self._closing.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("Closing an async database session failed: %s", task.exception())

    # -- schema helpers (tests, one-file apps) ----------------------------------------------

    def create_all(self, *models: type[Any], name: str = DEFAULT) -> None:
        """Create the tables of ``models`` (default: every model) that do not exist yet.

        For tests and one-file apps; a project uses migrations.
        """
        metadata, tables = self._tables(models)
        metadata.create_all(self.engine(name), tables=tables)

    def drop_all(self, *models: type[Any], name: str = DEFAULT) -> None:
        """Drop the tables of ``models`` (default: every model), for tests."""
        metadata, tables = self._tables(models)
        metadata.drop_all(self.engine(name), tables=tables)

    @staticmethod
    def _tables(models: tuple[type[Any], ...]) -> tuple[MetaData, list[Table] | None]:
        from trestle.db.model import Model

        if not models:
            return Model.metadata, None
        return Model.metadata, [model.__table__ for model in models]

    # -- shutdown ------------------------------------------------------------------------

    def dispose(self) -> None:
        """Close the sync engines' pools (they reopen on next use)."""
        for engine in list(self._engines.values()):
            engine.dispose()

    async def aclose(self) -> None:
        """Close every pool, sync and async (the app's shutdown hook)."""
        if self._closing:
            await asyncio.gather(*list(self._closing), return_exceptions=True)
        self.dispose()
        current = asyncio.get_running_loop()
        for per_loop in list(self._async.values()):
            for loop, engine in list(per_loop.items()):
                if loop is current:
                    await engine.dispose()
                elif not loop.is_closed():
                    _dispose_on(loop, engine)
            per_loop.clear()
        self._async_makers.clear()

    def __repr__(self) -> str:
        return f"<Database {', '.join(map(repr, self.configs.values()))}>"


def _dispose_on(loop: asyncio.AbstractEventLoop, engine: AsyncEngine) -> None:
    """Dispose of an engine that belongs to another event loop, on that loop."""
    try:
        if loop.is_running():
            asyncio.run_coroutine_threadsafe(engine.dispose(), loop).result(timeout=10)
        else:
            # An idle loop of a WSGI worker thread: run it briefly in a helper thread.
            worker = threading.Thread(target=loop.run_until_complete, args=(engine.dispose(),))
            worker.start()
            worker.join(timeout=10)
    except Exception as failure:
        log.warning("Disposing of an async engine failed: %s", failure)
