"""The benchmark's own apps and checks stay correct; no peer framework is needed here."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from benchmarks.drivers import Captured
from benchmarks.scenarios import BY_KEY, SCENARIOS
from benchmarks.targets import BY_NAME, Target, select
from benchmarks.verify import check_response, make_driver, verify

# Trestle's apps, and the stdlib-only floors that the report compares it with.
NAMES = ["trestle-wsgi", "trestle-asgi", "bare-wsgi", "bare-asgi"]


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.mark.parametrize("name", NAMES)
def test_app_answers_every_scenario(name: str, loop: asyncio.AbstractEventLoop) -> None:
    target = BY_NAME[name]
    scenarios = [scenario for scenario in SCENARIOS if scenario.applies_to(name)]
    assert verify(target.protocol, target.make_app(), scenarios, loop) == {}


def test_the_typed_scenario_runs_on_the_frameworks_that_validate() -> None:
    typed = BY_KEY["S8"]
    assert typed.applies_to("trestle-wsgi") and typed.applies_to("trestle-asgi")
    assert typed.applies_to("fastapi") and typed.applies_to("litestar")
    assert not typed.applies_to("bare-wsgi") and not typed.applies_to("falcon-asgi")
    assert all(scenario.applies_to("bare-asgi") for scenario in SCENARIOS if scenario.key != "S8")


@pytest.mark.parametrize(
    ("name", "key"),
    [(n, k) for n in NAMES for k in ("S1", "S4", "S8") if BY_KEY[k].applies_to(n)],
)
def test_timing_loop_runs(name: str, key: str, loop: asyncio.AbstractEventLoop) -> None:
    target = BY_NAME[name]
    driver = make_driver(target.protocol, target.make_app(), BY_KEY[key], loop)
    assert driver.time(3) > 0
    # The loop consumed fresh bodies: the app still answers correctly afterwards.
    assert check_response(BY_KEY[key].expected, driver.capture()) == []


@pytest.mark.parametrize(
    ("key", "response", "complaint"),
    [
        ("S1", Captured(200, [("content-type", "text/plain")], b"Hello"), "body"),
        ("S1", Captured(500, [("content-type", "text/plain")], b"Hello, World!"), "status"),
        (
            "S2",
            Captured(200, [("content-type", "text/html")], b'{"message":"Hello, World!"}'),
            "content-type",
        ),
        ("S2", Captured(200, [("content-type", "application/json")], b"{}"), "JSON"),
        (
            "S5",
            Captured(
                200,
                [("content-type", "text/plain"), ("set-cookie", "visits=42; Path=/")],
                b"visits: 41",
            ),
            "lacks httponly, samesite=lax",
        ),
        ("S5", Captured(200, [("content-type", "text/plain")], b"visits: 41"), "no Set-Cookie"),
    ],
)
def test_wrong_answers_are_caught(key: str, response: Captured, complaint: str) -> None:
    problems = check_response(BY_KEY[key].expected, response)
    assert any(complaint in problem for problem in problems), problems


def test_missing_peer_is_skipped_with_a_reason() -> None:
    target = Target("ghost", "wsgi", "ghost_apps", "no_such_framework_for_trestle_bench")
    assert "not installed" in (target.missing() or "")


def test_only_keeps_the_trestle_baseline() -> None:
    assert [t.name for t in select(["falcon-asgi"])] == ["trestle-asgi", "falcon-asgi"]
    assert [t.name for t in select(["falcon"])] == [
        "trestle-wsgi",
        "falcon-wsgi",
        "trestle-asgi",
        "falcon-asgi",
    ]
    with pytest.raises(ValueError, match="no target matches"):
        select(["nope"])
