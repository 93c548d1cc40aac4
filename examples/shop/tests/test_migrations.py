"""The shop's migrations match its models, and apply and roll back cleanly."""

from pathlib import Path

from conftest import manage


def test_the_migrations_match_the_models(migrated_sqlite: Path, tmp_path: Path) -> None:
    """A model changed without `makemigrations` fails here, before it fails a deploy."""
    database = tmp_path / "db.sqlite3"
    database.write_bytes(migrated_sqlite.read_bytes())
    result = manage("makemigrations", "--check", database_url=f"sqlite:///{database}")
    assert "No changes detected" in result.stdout


def test_each_app_rolls_back_and_forward(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    manage("migrate", database_url=url)
    for app in ("api", "cart", "orders", "catalog"):  # dependents first
        manage("migrate", app, "zero", database_url=url)
    shown = manage("showmigrations", database_url=url).stdout
    assert "[ ] 0001_initial" in shown
    manage("migrate", database_url=url)
    assert "[ ]" not in manage("showmigrations", database_url=url).stdout
