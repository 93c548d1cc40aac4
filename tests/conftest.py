"""Shared fixtures. ``protocol`` runs a test once under WSGI and once under ASGI."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from trestle import App
from trestle.testing import TestClient


@pytest.fixture(params=["wsgi", "asgi"])
def protocol(request: pytest.FixtureRequest) -> str:
    """The protocol a pipeline test runs under; every such test runs under both."""
    return str(request.param)


@pytest.fixture
def make_client(protocol: str) -> Iterator[Callable[..., TestClient]]:
    """``make_client(app, **options)``: a test client for ``app`` under the current protocol."""
    clients: list[TestClient] = []

    def make(app: App, **options: object) -> TestClient:
        client = app.test_client(asgi=protocol == "asgi", **options)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)
