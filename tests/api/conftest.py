"""Fixtures for the API battery's tests: raw requests, as tests/http sends them."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from trestle import App


def _http_fixtures() -> Any:
    """tests/http/conftest.py, whose raw WSGI and ASGI callers these tests share."""
    path = Path(__file__).resolve().parents[1] / "http" / "conftest.py"
    spec = importlib.util.spec_from_file_location("_trestle_tests_http_raw", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


_RAW = _http_fixtures()


@pytest.fixture
def send_raw(protocol: str) -> Callable[..., Any]:
    """``send_raw(app, method, target, headers=[...])``: headers httpx would refuse to send."""
    call = _RAW.call_asgi if protocol == "asgi" else _RAW.call_wsgi

    def send(
        app: App,
        method: str = "GET",
        target: bytes = b"/",
        *,
        headers: Sequence[tuple[str, str]] = (),
    ) -> Any:
        return call(app, method, target, list(headers), [b""])

    return send
