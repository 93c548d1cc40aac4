"""Database benchmark: Trestle's data layer against SQLAlchemy Core (the floor) and Django.

In-process, like ``benchmarks.run``: each app is called as a WSGI server would call it, and
the database is real (a SQLite file, and PostgreSQL when one is reachable). One process per
database runs the three apps round-robin, so a slow moment of the machine hits them alike.

    python -m benchmarks.db_bench                       # SQLite, and PostgreSQL if set
    python -m benchmarks.db_bench --backends sqlite --quick
    python -m benchmarks.db_bench --postgres postgresql://postgres@127.0.0.1:5432/test

PostgreSQL comes from ``--postgres`` or ``TRESTLE_TEST_POSTGRES_URL``; the benchmark makes
a database of its own there (``trestle_bench_<random>``) and drops it at the end.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.drivers import WSGIDriver
from benchmarks.scenarios import Expected, Scenario

SCENARIOS = {
    "db": "one row by key, as JSON",
    "queries": "20 random rows",
    "fortunes": "12 rows + 1, sorted, escaped, templated",
    "updates": "20 rows read and updated",
}
TARGETS = ("trestle", "rows", "orm", "core", "core_tx", "django")


def scenario(key: str) -> Scenario:
    return Scenario(key, SCENARIOS[key], "GET", f"/{key}", Expected(200))


# -- data --------------------------------------------------------------------------------


def fill(url: str) -> None:
    """The two tables, 10,000 worlds and the 12 fortunes."""
    from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert

    from benchmarks.db_apps import FORTUNES, ROWS
    from trestle.conf import Settings
    from trestle.db.config import read_databases

    engine = create_engine(
        read_databases(Settings({"DATABASE_URL": url}, environ={}))["default"].url
    )
    metadata = MetaData()
    world = Table(
        "world", metadata, Column("id", Integer, primary_key=True), Column("randomnumber", Integer)
    )
    fortune = Table(
        "fortune",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("message", String(255)),
    )
    metadata.drop_all(engine)
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(
            insert(world),
            [{"id": n, "randomnumber": random.randint(1, ROWS)} for n in range(1, ROWS + 1)],
        )
        connection.execute(
            insert(fortune), [{"id": n, "message": m} for n, m in enumerate(FORTUNES, 1)]
        )
    engine.dispose()


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    import psycopg

    name = f"trestle_bench_{secrets.token_hex(4)}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server_url.rpartition("/")[0] + "/" + name
    finally:
        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# -- one backend, in its own process (Django's settings are per process) --------------------


def verify(target: str, key: str, driver: WSGIDriver) -> None:
    """Refuse to time an app that answers wrongly."""
    answer = driver.capture()
    if answer.status != 200:
        raise AssertionError(f"{target} /{key}: status {answer.status}: {answer.body[:300]!r}")
    if key == "fortunes":
        text = answer.body.decode()
        assert text.count("<tr><td>") == 13, (target, text)
        assert "&lt;script&gt;" in text and "<script>" not in text, target
        assert "Additional fortune added at request time." in text, target
        assert "フレームワークのベンチマーク" in text, target
        return
    data = json.loads(answer.body)
    rows = [data] if key == "db" else data
    assert len(rows) == (1 if key == "db" else 20), (target, key, rows)
    assert all(set(row) == {"id", "randomNumber"} for row in rows), (target, rows)


def calibrate(driver: WSGIDriver, seconds: float) -> int:
    iterations = 1
    while True:
        elapsed = driver.time(iterations)
        if elapsed >= seconds / 4:
            return max(1, round(iterations * seconds / elapsed))
        iterations *= 2


def run_backend(url: str, seconds: float, repeats: int) -> dict[str, dict[str, float]]:
    """Median µs per request, by scenario and target."""
    from benchmarks.db_apps import (
        core_app,
        core_tx_app,
        django_app,
        orm_app,
        trestle_app,
        trestle_rows_app,
    )

    apps: dict[str, Callable[..., Any]] = {
        "trestle": trestle_app(url),
        "rows": trestle_rows_app(url),
        "orm": orm_app(url),
        "core": core_app(url),
        "core_tx": core_tx_app(url),
        "django": django_app(url),
    }
    results: dict[str, dict[str, float]] = {}
    for key in SCENARIOS:
        drivers = {target: WSGIDriver(app, scenario(key)) for target, app in apps.items()}
        for target, driver in drivers.items():
            verify(target, key, driver)
            verify(target, key, driver)
        counts = {target: calibrate(driver, seconds) for target, driver in drivers.items()}
        samples: dict[str, list[float]] = {target: [] for target in drivers}
        for _ in range(repeats):
            for target, driver in drivers.items():
                gc.collect()
                samples[target].append(driver.time(counts[target]) / counts[target] * 1e6)
        results[key] = {target: statistics.median(values) for target, values in samples.items()}
    for target in ("trestle", "rows", "orm", "core", "core_tx"):
        apps[target].build().stop_sync()  # close the pools
    return results


# -- the report --------------------------------------------------------------------------


def table(backend: str, results: dict[str, dict[str, float]], markdown: bool) -> str:
    header = [
        "scenario",
        "trestle orm µs",
        "trestle rows µs",
        "sqlalchemy orm µs",
        "core µs",
        "core, trestle's engine µs",
        "django µs",
        "trestle orm / core",
        "trestle rows / core",
        "trestle rows / core, trestle's engine",
        "trestle orm / sqlalchemy orm",
        "django / trestle orm",
        "django / trestle rows",
    ]
    rows = []
    for key, cells in results.items():
        rows.append(
            [
                f"{key}: {SCENARIOS[key]}",
                f"{cells['trestle']:.0f}",
                f"{cells['rows']:.0f}",
                f"{cells['orm']:.0f}",
                f"{cells['core']:.0f}",
                f"{cells['core_tx']:.0f}",
                f"{cells['django']:.0f}",
                f"{cells['trestle'] / cells['core']:.2f}x",
                f"{cells['rows'] / cells['core']:.2f}x",
                f"{cells['rows'] / cells['core_tx']:.2f}x",
                f"{cells['trestle'] / cells['orm']:.2f}x",
                f"{cells['django'] / cells['trestle']:.2f}x",
                f"{cells['django'] / cells['rows']:.2f}x",
            ]
        )
    if markdown:
        lines = [f"**{backend}**", "", "| " + " | ".join(header) + " |"]
        lines.append("|---|" + "---:|" * (len(header) - 1))
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    out = [backend]
    for row in [header, *rows]:
        out.append(
            "  ".join(str(cell).rjust(width) for cell, width in zip(row, widths, strict=True))
        )
    return "\n".join(out)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.db_bench", description=__doc__)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres", default=os.environ.get("TRESTLE_TEST_POSTGRES_URL", ""))
    parser.add_argument("--seconds", type=float, default=0.4)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="one short run per cell")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--child", nargs=1, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.quick:
        args.seconds, args.repeats = 0.1, 1
    if args.child:
        results = run_backend(args.child[0], args.seconds, args.repeats)
        print(json.dumps(results))
        return 0
    for backend in args.backends.split(","):
        with _database(backend, args.postgres) as url:
            if url is None:
                print(f"{backend}: skipped (no server; pass --postgres URL)", file=sys.stderr)
                continue
            fill(url)
            command = [
                sys.executable, "-m", "benchmarks.db_bench", "--child", url,
                "--seconds", str(args.seconds), "--repeats", str(args.repeats),
            ]  # fmt: skip
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                print(done.stdout + done.stderr, file=sys.stderr)
                return 1
            results = json.loads(done.stdout.strip().splitlines()[-1])
            print(table(backend, results, args.markdown))
            print()
    return 0


@contextmanager
def _database(backend: str, postgres: str) -> Iterator[str | None]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
    elif backend == "postgresql":
        if not postgres:
            yield None
            return
        with postgres_database(postgres) as url:
            yield url
    else:
        raise SystemExit(f"unknown backend {backend!r}: sqlite or postgresql")


if __name__ == "__main__":
    raise SystemExit(main())
