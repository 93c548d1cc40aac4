"""``python manage.py seed`` as a user runs it: twice, and with DEBUG off."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING

import sqlalchemy as sa

from conftest import PROJECT, manage

if TYPE_CHECKING:
    from pathlib import Path


LOGIN_LINE = "Staff login: staff / trestle-shop-staff  (http://127.0.0.1:8000/admin/)"
PRODUCTION = {
    "TRESTLE_DEBUG": "0",
    "SECRET_KEY": "a production key that is long and random: Zx81qPv4Lm0Tr6",
}


def run_manage(*arguments: str, database_url: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``manage.py`` that may fail: the test looks at its status and output."""
    environ = {**os.environ, "DATABASE_URL": database_url}
    environ.pop("SHOP_STAFF_PASSWORD", None)  # the one the developer may have set
    environ.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=180,
    )


def counts(database_url: str) -> tuple[int, int, int]:
    """How many categories, products and users the database holds."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            categories, products, users = (
                connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in ("catalog_category", "catalog_product", "auth_user")
            )
            return categories, products, users
    finally:
        engine.dispose()


def test_seed_twice(database_url: str) -> None:
    # An empty SHOP_STAFF_PASSWORD counts as none, whatever the developer's shell holds.
    first = manage("seed", database_url=database_url, SHOP_STAFF_PASSWORD="")
    assert first.stdout.splitlines() == [
        "Categories: 5 created, 0 already there.",
        "Products: 25 created, 0 already there.",
        "Staff user 'staff': created.",
        LOGIN_LINE,
    ]
    assert counts(database_url) == (5, 25, 1)

    second = manage("seed", database_url=database_url, SHOP_STAFF_PASSWORD="")
    assert second.stdout.splitlines() == [
        "Categories: 0 created, 5 already there.",
        "Products: 0 created, 25 already there.",
        "Staff user 'staff': already there.",
        LOGIN_LINE,  # always: the point of seeding a demo is to log in to it
    ]
    assert counts(database_url) == (5, 25, 1)


def test_seed_with_debug_off_refuses_the_demo_password(database_url: str) -> None:
    refused = run_manage("seed", database_url=database_url, **PRODUCTION)
    assert refused.returncode == 1
    assert refused.stderr.startswith(
        "Error: DEBUG is off and SHOP_STAFF_PASSWORD is not set (or is the demo password): "
        "refusing to give the staff user the public demo password."
    )
    assert "Traceback" not in refused.stderr
    assert "trestle-shop-staff" not in refused.stdout
    assert counts(database_url) == (0, 0, 0)


def test_seed_with_debug_off_and_a_password_of_ones_own(database_url: str) -> None:
    password = "first flush, second steep 42"
    done = run_manage("seed", database_url=database_url, SHOP_STAFF_PASSWORD=password, **PRODUCTION)
    assert done.returncode == 0, done.stderr
    assert f"Staff login: staff / {password}  (http://127.0.0.1:8000/admin/)" in done.stdout
    assert counts(database_url) == (5, 25, 1)


def test_seed_before_migrate_says_what_to_do(tmp_path: Path) -> None:
    empty = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    failed = run_manage("seed", database_url=empty)
    assert failed.returncode == 1
    assert failed.stderr.startswith("Error: the database refused: no such table")
    assert "python manage.py migrate" in failed.stderr
    assert "Traceback" not in failed.stderr


def test_seed_is_listed_in_help(database_url: str) -> None:
    listing = manage("--help", database_url=database_url).stdout
    assert "catalog (app):" in listing
    assert "seed" in listing.split("catalog (app):")[1]
