"""Test fixtures for the whole project (pytest finds this file by itself).

`app` is the project's web app, built from its settings; `client` sends it requests
without a server: `client.get("/")`.
"""

import os

import pytest

os.environ.setdefault("TRESTLE_SETTINGS_MODULE", "corner.settings")


@pytest.fixture
def app():
    """The project's web app."""
    from trestle.apps import build_app

    return build_app()


@pytest.fixture
def client(app):
    """A test client for the app (an httpx.Client), on a host that ALLOWED_HOSTS lists."""
    with app.test_client(base_url="http://localhost") as client:
        yield client
