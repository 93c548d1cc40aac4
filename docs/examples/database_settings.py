from trestle import Settings
from trestle.db import Database

settings = Settings(
    {
        "DATABASES": {
            "default": {"URL": "postgresql://shop:secret@db.internal/shop"},
            "analytics": {
                "URL": "sqlite:///analytics.sqlite3",  # relative: taken from BASE_DIR
                "TIMEOUT": 10,
            },
        },
        "BASE_DIR": "/srv/shop",
    },
    environ={},  # in production DATABASE_URL from the environment would win for "default"
)
db = Database(settings=settings)

default = db.config("default")
assert str(default.url.drivername) == "postgresql+psycopg"  # psycopg 3 is picked for you
assert str(default.async_url.drivername) == "postgresql+asyncpg"
assert db.config("analytics").url.database == "/srv/shop/analytics.sqlite3"
# Nothing has connected yet: engines are made on first use.
assert list(db.engines()) == []
