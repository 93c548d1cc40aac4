"""The database scenarios' apps: Trestle (models and request.db), SQLAlchemy Core (the floor)
and Django (its ORM), each written the way its documentation would have it.

The scenarios are TechEmpower's: ``/db`` one random row as JSON, ``/queries`` 20 random
rows, ``/fortunes`` 12 rows plus one added in the view, sorted and rendered from an
escaping template, ``/updates`` 20 random rows changed and saved in one request. The floor
runs the same statements through SQLAlchemy Core on a Trestle app, so the difference to
Trestle's own app is what the ORM and the per-request session cost.
"""

from __future__ import annotations

import random
from typing import Any

QUERIES = 20
ROWS = 10_000
FORTUNES = [
    "fortune: No such file or directory",
    "A computer scientist is someone who fixes things that aren't broken.",
    "After enough decimal places, nobody gives a damn.",
    "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
    "A computer program does what you tell it to do, not what you want it to do.",
    "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen",
    "Any program that runs right is obsolete.",
    "A list is only as strong as its weakest link. — Donald Knuth",
    "Feature: A bug with seniority.",
    "Computers make very fast, very accurate mistakes.",
    '<script>alert("This should not be displayed in a browser alert box.");</script>',
    "フレームワークのベンチマーク",
]
EXTRA = "Additional fortune added at request time."

FORTUNES_JINJA = (
    "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
    "<tr><th>id</th><th>message</th></tr>"
    "{% for f in fortunes %}<tr><td>{{ f.id }}</td><td>{{ f.message }}</td></tr>{% endfor %}"
    "</table></body></html>"
)


#: Trestle's settings in production: DEBUG off, so no N+1 watch (said outright, so the apps
#: behave the same under pytest, where the watch is on by default).
PRODUCTION = {"DEBUG": False, "DATABASE_REPEATED_QUERIES": "off"}


def random_id() -> int:
    return random.randint(1, ROWS)


def jinja_template() -> Any:
    import jinja2

    return jinja2.Environment(autoescape=True).from_string(FORTUNES_JINJA)


# -- Trestle: models, request.db ---------------------------------------------------------------


def trestle_models() -> tuple[Any, Any]:
    """The two models (made on first use: importing this module must not need Trestle's db)."""
    global _MODELS
    if _MODELS is None:
        from benchmarks.db_trestle_models import Fortune, World

        _MODELS = (World, Fortune)
    return _MODELS


_MODELS: tuple[Any, Any] | None = None


def trestle_app(url: str) -> Any:
    """Trestle as its docs show it: models, ``request.db``, explicit commit."""
    from sqlalchemy import select

    from trestle import App, HTMLResponse, Request
    from trestle.db import Database

    World, Fortune = trestle_models()
    app = App({"DATABASE_URL": url, **PRODUCTION})
    Database(app)
    template = jinja_template()
    all_fortunes = select(Fortune)

    @app.get("/db")
    def db(request: Request) -> dict[str, int]:
        world = request.db.get(World, random_id())
        return {"id": world.id, "randomNumber": world.randomnumber}

    @app.get("/queries")
    def queries(request: Request) -> list[dict[str, int]]:
        get = request.db.get
        worlds = [get(World, random_id()) for _ in range(QUERIES)]
        return [{"id": w.id, "randomNumber": w.randomnumber} for w in worlds]

    @app.get("/fortunes")
    def fortunes(request: Request) -> HTMLResponse:
        rows = list(request.db.scalars(all_fortunes))
        rows.append(Fortune(id=0, message=EXTRA))
        rows.sort(key=lambda fortune: fortune.message)
        return HTMLResponse(template.render(fortunes=rows))

    @app.get("/updates")
    def updates(request: Request) -> list[dict[str, int]]:
        session = request.db
        ids = random.sample(range(1, ROWS + 1), QUERIES)
        worlds = [session.get(World, key) for key in ids]
        for world in worlds:
            world.randomnumber = random_id()
        session.commit()
        return [{"id": w.id, "randomNumber": w.randomnumber} for w in worlds]

    return app


def trestle_rows_app(url: str) -> Any:
    """Trestle's fast path, as docs/database.md shows it: ``request.db.rows()`` runs
    statements built once (with ``bindparam``) and returns plain rows, no objects."""
    from collections import namedtuple
    from operator import itemgetter

    from sqlalchemy import bindparam, select, update

    from trestle import App, HTMLResponse, Request
    from trestle.db import Database

    World, Fortune = trestle_models()
    app = App({"DATABASE_URL": url, **PRODUCTION})
    Database(app)
    template = jinja_template()
    one = select(World.id, World.randomnumber).where(World.id == bindparam("id"))
    all_fortunes = select(Fortune.id, Fortune.message)
    change = (
        update(World).where(World.id == bindparam("key")).values(randomnumber=bindparam("number"))
    )
    extra = namedtuple("Extra", "id message")(0, EXTRA)
    by_message = itemgetter(1)

    @app.get("/db")
    def db(request: Request) -> dict[str, int]:
        key, number = request.db.rows(one, {"id": random_id()}).one()
        return {"id": key, "randomNumber": number}

    @app.get("/queries")
    def queries(request: Request) -> list[dict[str, int]]:
        rows = request.db.rows
        found = [rows(one, {"id": random_id()}).one() for _ in range(QUERIES)]
        return [{"id": key, "randomNumber": number} for key, number in found]

    @app.get("/fortunes")
    def fortunes(request: Request) -> HTMLResponse:
        found: list[Any] = request.db.rows(all_fortunes).all()
        found.append(extra)
        found.sort(key=by_message)
        return HTMLResponse(template.render(fortunes=found))

    @app.get("/updates")
    def updates(request: Request) -> list[dict[str, int]]:
        rows = request.db.rows
        ids = random.sample(range(1, ROWS + 1), QUERIES)
        found = [rows(one, {"id": key}).one() for key in ids]
        changed = [{"key": key, "number": random_id()} for key, _ in found]
        rows(change, changed)
        request.db.commit()
        return [{"id": row["key"], "randomNumber": row["number"]} for row in changed]

    return app


# -- SQLAlchemy's ORM by hand: what Trestle's own layer adds to it ----------------------------


def orm_app(url: str) -> Any:
    """The Trestle routes with a plain SQLAlchemy Session made and closed in each view."""
    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session

    from trestle import App, HTMLResponse
    from trestle.conf import Settings
    from trestle.db.config import read_databases

    World, Fortune = trestle_models()
    config = read_databases(Settings({"DATABASE_URL": url}, environ={}))["default"]
    engine = create_engine(config.url)
    template = jinja_template()
    all_fortunes = select(Fortune)
    app = App()

    @app.on_shutdown
    def close() -> None:
        engine.dispose()

    @app.get("/db")
    def db() -> dict[str, int]:
        with Session(engine) as session:
            world = session.get(World, random_id())
            return {"id": world.id, "randomNumber": world.randomnumber}

    @app.get("/queries")
    def queries() -> list[dict[str, int]]:
        with Session(engine) as session:
            worlds = [session.get(World, random_id()) for _ in range(QUERIES)]
            return [{"id": w.id, "randomNumber": w.randomnumber} for w in worlds]

    @app.get("/fortunes")
    def fortunes() -> HTMLResponse:
        with Session(engine) as session:
            rows = list(session.scalars(all_fortunes))
            rows.append(Fortune(id=0, message=EXTRA))
            rows.sort(key=lambda fortune: fortune.message)
            return HTMLResponse(template.render(fortunes=rows))

    @app.get("/updates")
    def updates() -> list[dict[str, int]]:
        ids = random.sample(range(1, ROWS + 1), QUERIES)
        with Session(engine, expire_on_commit=False) as session:
            worlds = [session.get(World, key) for key in ids]
            for world in worlds:
                world.randomnumber = random_id()
            session.commit()
            return [{"id": w.id, "randomNumber": w.randomnumber} for w in worlds]

    return app


# -- the floor: SQLAlchemy Core on the same web layer --------------------------------------


def core_app(url: str, *, trestle_engine: bool = False) -> Any:
    """The same routes with SQLAlchemy Core: one connection per request, no ORM, no session.

    On a plain ``create_engine`` (the floor), where the sqlite3 module runs a lone SELECT
    outside any transaction (it begins one only before a write); with ``trestle_engine``,
    on the engine Trestle makes, which begins a real transaction before the first
    statement, as Trestle does: the same statements with the same transactions, minus
    Trestle's session and middleware.
    """
    from sqlalchemy import (
        Column,
        Integer,
        MetaData,
        String,
        Table,
        bindparam,
        create_engine,
        select,
        update,
    )

    from trestle import App, HTMLResponse
    from trestle.conf import Settings
    from trestle.db.config import read_databases

    config = read_databases(Settings({"DATABASE_URL": url}, environ={}))["default"]
    if trestle_engine:
        from trestle.db.engines import make_engine

        engine = make_engine(config)
    else:
        engine = create_engine(config.url)
    metadata = MetaData()
    world = Table(
        "world", metadata, Column("id", Integer, primary_key=True), Column("randomnumber", Integer)
    )
    fortune = Table(
        "fortune", metadata, Column("id", Integer, primary_key=True), Column("message", String)
    )
    one = select(world.c.id, world.c.randomnumber).where(world.c.id == bindparam("key"))
    every_fortune = select(fortune.c.id, fortune.c.message)
    change = (
        update(world).where(world.c.id == bindparam("key")).values(randomnumber=bindparam("number"))
    )
    template = jinja_template()
    app = App()

    @app.on_shutdown
    def close() -> None:
        engine.dispose()

    @app.get("/db")
    def db() -> dict[str, int]:
        with engine.connect() as connection:
            key, number = connection.execute(one, {"key": random_id()}).one()
        return {"id": key, "randomNumber": number}

    @app.get("/queries")
    def queries() -> list[dict[str, int]]:
        with engine.connect() as connection:
            rows = [connection.execute(one, {"key": random_id()}).one() for _ in range(QUERIES)]
        return [{"id": key, "randomNumber": number} for key, number in rows]

    @app.get("/fortunes")
    def fortunes() -> HTMLResponse:
        with engine.connect() as connection:
            rows = [{"id": k, "message": m} for k, m in connection.execute(every_fortune)]
        rows.append({"id": 0, "message": EXTRA})
        rows.sort(key=lambda row: row["message"])
        return HTMLResponse(template.render(fortunes=rows))

    @app.get("/updates")
    def updates() -> list[dict[str, int]]:
        ids = random.sample(range(1, ROWS + 1), QUERIES)
        with engine.begin() as connection:
            rows = [connection.execute(one, {"key": key}).one() for key in ids]
            changed = [{"key": key, "number": random_id()} for key, _ in rows]
            connection.execute(change, changed)
        return [{"id": row["key"], "randomNumber": row["number"]} for row in changed]

    return app


def core_tx_app(url: str) -> Any:
    """Core on Trestle's engine: the floor with Trestle's transactions (see :func:`core_app`)."""
    return core_app(url, trestle_engine=True)


# -- Django: its ORM, its templates ----------------------------------------------------------


def django_app(url: str) -> Any:
    """Django with persistent connections (CONN_MAX_AGE=None), no middleware, DEBUG off."""
    import django
    from django.conf import settings
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = {"ENGINE": "django.db.backends.sqlite3", "NAME": parsed.database}
    else:
        database = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": parsed.database,
            "USER": parsed.username or "",
            "PASSWORD": parsed.password or "",
            "HOST": parsed.host or "",
            "PORT": str(parsed.port or ""),
        }
    settings.configure(
        DEBUG=False,
        SECRET_KEY="benchmark",
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=["benchmarks"],
        DATABASES={"default": {**database, "CONN_MAX_AGE": None}},
        USE_TZ=False,
        TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}],
    )
    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    from benchmarks import db_django_views

    global urlpatterns
    urlpatterns = db_django_views.urlpatterns
    return WSGIHandler()


urlpatterns: list[Any] = []
