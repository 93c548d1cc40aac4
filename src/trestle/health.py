"""A health view for load balancers and orchestrators: 200 when every backend answers, else 503.

Opt in from the project's urls.py::

    from trestle.health import health

    urlpatterns = [path("healthz", health, name="health"), ...]

It checks each configured database (``app.extensions["db"]``) with ``SELECT 1`` and each
Redis server a ``*_REDIS_URL`` setting names with ``PING``. The JSON answer names each
check, whether it passed and how long it took; a failure gives the error's class, never
the URL or its password; the ``trestle.health`` log has the error itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from trestle.http.request import Request
from trestle.http.response import JSONResponse

#: Seconds a Redis server has to answer before it counts as down.
REDIS_TIMEOUT = 2.0

Check = Callable[[], object]


def health_view(
    extra: Mapping[str, Check] | None = None,
) -> Callable[[Request], JSONResponse]:
    """A health view that also runs ``extra`` checks (a name → a function that raises if down)."""
    extra_checks = dict(extra or {})

    def health(request: Request) -> JSONResponse:
        """The backends' health: 200 when all answer, 503 when one does not."""
        checks = {**backend_checks(request.app), **extra_checks}
        results = {name: _run(name, check) for name, check in checks.items()}
        healthy = all(result["ok"] for result in results.values())
        body = {"status": "ok" if healthy else "unavailable", "checks": results}
        return JSONResponse(body, 200 if healthy else 503, headers={"Cache-Control": "no-store"})

    health.__qualname__ = "health"  # how `trestle routes` and error pages name it
    return health


def backend_checks(app: Any) -> dict[str, Check]:
    """``{"database:default": check, "redis:SESSION_REDIS_URL": check, ...}`` for ``app``."""
    checks: dict[str, Check] = {}
    database = app.extensions.get("db")
    if database is not None:
        for name in database.configs:
            checks[f"database:{name}"] = _database_check(database, name)
    seen: set[str] = set()
    for setting, url in _redis_urls(app.settings):
        if url not in seen:
            seen.add(url)
            checks[f"redis:{setting}"] = _redis_check(url)
    return checks


def _database_check(database: Any, name: str) -> Check:
    def check() -> None:
        with database.engine(name).connect() as connection:
            connection.exec_driver_sql("SELECT 1")

    return check


def _redis_check(url: str) -> Check:
    def check() -> None:
        import redis

        client = redis.Redis.from_url(
            url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
        )
        try:
            client.ping()
        finally:
            client.close()

    return check


def _redis_urls(settings: Any) -> list[tuple[str, str]]:
    found = []
    for name, value in sorted(vars(settings).items()):
        if name.endswith("REDIS_URL") and isinstance(value, str) and value:
            found.append((name, value))
    return found


def _run(name: str, check: Check) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        check()
    except Exception as error:
        # The answer names the class only (a driver's message can carry host names and
        # users); the log, which only operators read, has the whole message.
        import logging

        logging.getLogger("trestle.health").warning("health check %s failed: %r", name, error)
        outcome: dict[str, Any] = {"ok": False, "error": type(error).__name__}
    else:
        outcome = {"ok": True}
    outcome["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return outcome


#: The ready-made health view: ``path("healthz", health)``.
health = health_view()
