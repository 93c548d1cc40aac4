"""The database benchmark's Trestle apps (models, and the rows() fast path) and its Core
floors (on a plain engine, and on Trestle's) answer what the benchmark checks, on SQLite and
PostgreSQL. (Django's side runs only in the benchmark: its settings are process-wide.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from benchmarks.db_apps import core_app, core_tx_app, trestle_app, trestle_rows_app
from benchmarks.drivers import WSGIDriver

from benchmarks import db_bench

APPS: dict[str, Callable[[str], Any]] = {
    "trestle": trestle_app,
    "rows": trestle_rows_app,
    "core": core_app,
    "core_tx": core_tx_app,
}


@pytest.mark.parametrize("target", list(APPS))
@pytest.mark.parametrize("server", ["sqlite", "postgresql"])
def test_every_scenario_answers_right(
    target: str, server: str, request: pytest.FixtureRequest, tmp_path: Any
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'bench.sqlite3'}"
        if server == "sqlite"
        else request.getfixturevalue("pg_database")
    )
    db_bench.fill(url)
    app = APPS[target](url)
    try:
        for key in db_bench.SCENARIOS:
            driver = WSGIDriver(app, db_bench.scenario(key))
            for _ in range(3):
                db_bench.verify(target, key, driver)
    finally:
        app.build().stop_sync()
        if server == "postgresql":
            from tests.databases import empty_database

            empty_database(url)
