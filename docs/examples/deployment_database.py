# mysite/settings.py, the database part. Production sets the server in the environment,
#   DATABASE_URL=postgresql://app:secret@db.internal/app
# which wins over the URL below and keeps TIMEOUT and OPTIONS.
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

DATABASES = {
    "default": {
        "URL": f"sqlite:///{BASE_DIR / 'db.sqlite3'}",  # development
        "TIMEOUT": 5,  # seconds to connect; then the request gets a 503
        "OPTIONS": {  # for sqlalchemy.create_engine; each worker process has its own pool
            "pool_size": 8,  # one per thread of a `trestle serve` worker
            "max_overflow": 4,  # short extra connections: session and throttle stores
        },
    },
}
