"""Test fixtures for the whole project (pytest finds this file by itself).

Every test gets a database of its own: a copy of one made once per run, migrated and
holding the shop's items (store/fixtures/items.json). So tests never touch db.sqlite3,
and never see each other's rows.

`app` is the project's web app on that database; `client` sends it requests without a
server: `client.get("/")`; `db` is a database session, to set up and check rows.
"""

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("TRESTLE_SETTINGS_MODULE", "corner.settings")

ITEMS = Path(__file__).parent / "store" / "fixtures" / "items.json"


@pytest.fixture(scope="session")
def test_database(tmp_path_factory):
    """A SQLite file with every migration applied and the items loaded, made once."""
    from trestle.apps import build_app
    from trestle.db.fixtures import load_data
    from trestle.db.migrations import migrate

    path = tmp_path_factory.mktemp("database") / "db.sqlite3"
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("DATABASE_URL", f"sqlite:///{path}")
        app = build_app()
    database, apps = app.extensions["db"], app.extensions["apps"]
    migrate(database, apps)
    load_data(database, apps, [ITEMS])
    database.dispose()
    return path


@pytest.fixture
def app(test_database, tmp_path, monkeypatch):
    """The project's web app, on this test's own copy of the test database."""
    from trestle.apps import build_app

    path = tmp_path / "db.sqlite3"
    shutil.copyfile(test_database, path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    app = build_app()
    yield app
    app.extensions["db"].dispose()


@pytest.fixture
def client(app):
    """A test client for the app (an httpx.Client), on a host that ALLOWED_HOSTS lists."""
    with app.test_client(base_url="http://localhost") as client:
        yield client


@pytest.fixture
def db(app):
    """A session on the test's database: add rows, commit, and the app sees them."""
    with app.extensions["db"].session() as session:
        yield session


PASSWORD = "plum jam and a pot of assam"


@pytest.fixture
def customer(app):
    """A customer's account, "ada", whose password is PASSWORD."""
    from trestle.auth import Auth
    from trestle.auth.models import User

    user = User(username="ada", email="ada@example.com")
    Auth.of(app).set_password(user, PASSWORD)
    with app.extensions["db"].session() as session:
        session.add(user)
        session.commit()
    return user


@pytest.fixture
def logged_in(client, customer):
    """The client, once the customer has logged in on the login page."""
    import re

    page = client.get("/accounts/login/")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    form = {"csrf_token": token, "username": customer.username, "password": PASSWORD}
    assert client.post("/accounts/login/", data=form).status_code == 303
    return client
