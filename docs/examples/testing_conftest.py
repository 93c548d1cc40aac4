from collections.abc import Iterator

import pytest
from myapp import create_app

from trestle.testing import TestClient


@pytest.fixture(params=["wsgi", "asgi"])
def client(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    """A client for a fresh app; every test that uses it runs under WSGI and under ASGI."""
    app = create_app()
    with app.test_client(asgi=request.param == "asgi") as client:
        yield client
