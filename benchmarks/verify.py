"""Checking an app's answers before it is timed, so a broken app cannot look fast."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from typing import Any

from benchmarks.drivers import ASGIDriver, Captured, Driver, WSGIDriver
from benchmarks.scenarios import Expected, Scenario
from benchmarks.targets import Protocol

#: Attributes the S5 cookie must carry (Trestle's defaults, set explicitly by the peers).
COOKIE_ATTRIBUTES = ("httponly", "path=/", "samesite=lax")


def make_driver(
    protocol: Protocol, app: Any, scenario: Scenario, loop: asyncio.AbstractEventLoop
) -> Driver:
    """The driver that calls ``app`` with ``scenario``'s request over ``protocol``."""
    if protocol == "wsgi":
        return WSGIDriver(app, scenario)
    return ASGIDriver(app, scenario, loop)


def check_response(expected: Expected, response: Captured) -> list[str]:
    """What is wrong with ``response`` (an empty list when nothing is)."""
    problems: list[str] = []
    if response.status != expected.status:
        problems.append(f"status {response.status}, expected {expected.status}")
    if expected.content_type is not None:
        types = response.header_values("content-type")
        media = types[0].partition(";")[0].strip().lower() if types else ""
        if len(types) != 1 or media != expected.content_type:
            problems.append(f"content-type {types!r}, expected {expected.content_type}")
    if expected.body is not None and response.body != expected.body:
        problems.append(f"body {response.body[:80]!r}, expected {expected.body!r}")
    if expected.json is not None:
        try:
            data = json.loads(response.body)
        except ValueError:
            problems.append(f"body {response.body[:80]!r} is not JSON")
        else:
            if data != expected.json:
                problems.append(f"JSON {data!r}, expected {expected.json!r}")
    if expected.cookie is not None:
        problems.extend(_check_cookie(expected.cookie, response.header_values("set-cookie")))
    return problems


def _check_cookie(cookie: tuple[str, str], headers: list[str]) -> list[str]:
    name, value = cookie
    for header in headers:
        first, *attributes = (part.strip() for part in header.split(";"))
        if first != f"{name}={value}":
            continue
        present = {attribute.lower() for attribute in attributes}
        missing = [wanted for wanted in COOKIE_ATTRIBUTES if wanted not in present]
        if missing:
            return [f"cookie {header!r} lacks {', '.join(missing)}"]
        return []
    return [f"no Set-Cookie {name}={value} (got {headers!r})"]


def verify(
    protocol: Protocol,
    app: Any,
    scenarios: Iterable[Scenario],
    loop: asyncio.AbstractEventLoop,
) -> dict[str, list[str]]:
    """Problems per scenario key; scenarios with none are left out.

    Each request is sent twice: an app that only answers right the first time (a body
    read twice, state left behind) must fail here too.
    """
    failures: dict[str, list[str]] = {}
    for scenario in scenarios:
        driver = make_driver(protocol, app, scenario, loop)
        problems: list[str] = []
        for attempt in ("first", "second"):
            try:
                response = driver.capture()
            except Exception as error:
                problems.append(f"{attempt} call raised {type(error).__name__}: {error}")
                break
            problems.extend(
                f"{attempt} call: {p}" for p in check_response(scenario.expected, response)
            )
            if problems:
                break
        if problems:
            failures[scenario.key] = problems
    return failures
