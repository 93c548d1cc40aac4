"""Time every framework's app on every scenario, in-process, and compare each with Trestle.

Run ``python -m benchmarks.run`` (or ``python benchmarks/run.py``); ``--help`` lists the
options. Steps: build each app, verify its answer to every scenario (a failing app is not
timed), calibrate an iteration count per cell, then time the cells round-robin for several
repeats so drift in the machine's speed spreads over every framework alike; report medians.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: make the repository root importable so `benchmarks.*` resolves.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import gc
import json
import os
import platform
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from benchmarks.drivers import Driver, null_asgi_app, null_wsgi_app
from benchmarks.report import TargetResult, ratios, render
from benchmarks.scenarios import BY_KEY, SCENARIOS, Scenario
from benchmarks.targets import BASELINES, Target, select
from benchmarks.verify import make_driver, verify

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Settings:
    """How long to measure."""

    seconds: float  # target wall time of one timed run of one cell
    repeats: int


FULL = Settings(seconds=0.4, repeats=5)
QUICK = Settings(seconds=0.01, repeats=1)


@dataclass
class Cell:
    """One target and scenario: its driver, its calibrated count and its samples (µs)."""

    result: TargetResult
    scenario: Scenario
    driver: Driver
    iterations: int = 0


def calibrate(driver: Driver, seconds: float) -> int:
    """An iteration count that takes about ``seconds``; the probing doubles as warm-up."""
    probe = min(0.05, seconds / 2)
    iterations = 1
    while True:
        elapsed = driver.time(iterations)
        if elapsed >= probe:
            return max(1, round(iterations * seconds / elapsed))
        iterations *= 2 if elapsed > probe / 10 else 10


def measure(driver: Driver, iterations: int) -> float:
    """µs per request over one timed run."""
    # Collect now so one app's garbage is not collected on the next app's clock; the
    # collector stays on while timing, since a real server runs with it too.
    gc.collect()
    return driver.time(iterations) / iterations * 1e6


def harness_overhead(loop: asyncio.AbstractEventLoop, settings: Settings) -> dict[str, float]:
    """µs the driver itself spends per request (included in every number), per protocol."""
    scenario = BY_KEY["S4"]  # the one with a body: the most the driver does
    overhead = {}
    for protocol, app in (("wsgi", null_wsgi_app), ("asgi", null_asgi_app)):
        driver = make_driver(protocol, app, scenario, loop)  # type: ignore[arg-type]
        iterations = calibrate(driver, settings.seconds)
        overhead[protocol] = statistics.median(
            measure(driver, iterations) for _ in range(settings.repeats)
        )
    return overhead


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run: few iterations")
    parser.add_argument(
        "--only",
        metavar="NAMES",
        help="comma-separated targets or name prefixes (falcon = both Falcons); "
        "the Trestle baseline of their protocol is always included",
    )
    parser.add_argument("--scenarios", metavar="KEYS", help="comma-separated, e.g. S1,S3")
    parser.add_argument("--json", metavar="PATH", type=Path, help="also write results as JSON")
    parser.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    parser.add_argument("--repeats", type=int, help=f"timed runs per cell (default {FULL.repeats})")
    parser.add_argument(
        "--seconds", type=float, help=f"length of one timed run (default {FULL.seconds})"
    )
    return parser.parse_args(argv)


def _scenarios(spec: str | None) -> list[Scenario]:
    if not spec:
        return list(SCENARIOS)
    keys = [key.strip().upper() for key in spec.split(",") if key.strip()]
    unknown = [key for key in keys if key not in BY_KEY]
    if unknown:
        raise SystemExit(f"unknown scenario(s) {', '.join(unknown)}; known: {', '.join(BY_KEY)}")
    return [scenario for scenario in SCENARIOS if scenario.key in keys]


def _note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; 1 when an app failed verification, else 0."""
    args = parse_args(argv)
    settings = QUICK if args.quick else FULL
    settings = Settings(args.seconds or settings.seconds, args.repeats or settings.repeats)
    scenarios = _scenarios(args.scenarios)
    try:
        targets = select(args.only.split(",") if args.only else None)
    except ValueError as error:
        raise SystemExit(str(error)) from None

    loop = asyncio.new_event_loop()
    try:
        return _run(args, settings, scenarios, targets, loop)
    finally:
        loop.close()


def _run(
    args: argparse.Namespace,
    settings: Settings,
    scenarios: list[Scenario],
    targets: list[Target],
    loop: asyncio.AbstractEventLoop,
) -> int:
    # Before any app is imported: the code measured is the code of this revision.
    revision = source_revision()
    results: list[TargetResult] = []
    cells: list[Cell] = []
    skipped: dict[str, str] = {}
    failed: dict[str, dict[str, list[str]]] = {}
    for target in targets:
        reason = target.missing()
        if reason is None:
            try:
                app = target.make_app()
            except Exception as error:
                reason = f"the app could not be built: {type(error).__name__}: {error}"
        if reason is not None:
            skipped[target.name] = reason
            _note(f"skipping {target.name}: {reason}")
            continue
        runs = [scenario for scenario in scenarios if scenario.applies_to(target.name)]
        problems = verify(target.protocol, app, runs, loop)
        if problems:
            failed[target.name] = problems
            _note(f"FAILED verification, not timed: {target.name}")
            for key, lines in problems.items():
                for line in lines:
                    _note(f"  {key}: {line}")
            continue
        result = TargetResult(target, target.version())
        results.append(result)
        for scenario in runs:
            driver = make_driver(target.protocol, app, scenario, loop)
            cells.append(Cell(result, scenario, driver))

    _note(f"verified {len(results)} apps; calibrating {len(cells)} cells")
    for cell in cells:
        cell.iterations = calibrate(cell.driver, settings.seconds)
    for repeat in range(settings.repeats):
        _note(f"timing: repeat {repeat + 1} of {settings.repeats}")
        for cell in cells:
            sample = measure(cell.driver, cell.iterations)
            cell.result.samples.setdefault(cell.scenario.key, []).append(sample)
    for cell in cells:
        key = cell.scenario.key
        cell.result.medians[key] = statistics.median(cell.result.samples[key])
        cell.result.iterations[key] = cell.iterations
    overhead = harness_overhead(loop, settings)

    print(_header(settings, overhead, revision))
    print(render(results, scenarios, args.markdown))
    for name, reason in skipped.items():
        print(f"skipped {name}: {reason}")
    for name in failed:
        print(f"FAILED verification (not timed): {name}")
    if args.json:
        _write_json(args.json, settings, overhead, revision, results, skipped, failed)
        print(f"results written to {args.json}")
    return 1 if failed else 0


def source_revision() -> str:
    """The Trestle commit being measured, ``+dirty`` if tracked files in src/ are modified."""
    import subprocess

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no", "--", "src")
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return f"{commit}+dirty" if dirty else commit


def _header(settings: Settings, overhead: dict[str, float], revision: str) -> str:
    # The load average says how busy the machine was: other processes skew every number.
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs, load average {load}; commit {revision}; "
        f"{settings.repeats} repeat(s) of ~{settings.seconds} s per cell.\n"
        f"Driver overhead per request, included in every number: WSGI "
        f"{overhead['wsgi']:.2f} µs, ASGI {overhead['asgi']:.2f} µs.\n"
    )


def _write_json(
    path: Path,
    settings: Settings,
    overhead: dict[str, float],
    revision: str,
    results: list[TargetResult],
    skipped: dict[str, str],
    failed: dict[str, dict[str, list[str]]],
) -> None:
    by_ratio = ratios(results)
    document: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "commit": revision,
        "seconds_per_run": settings.seconds,
        "repeats": settings.repeats,
        "driver_overhead_us": overhead,
        "targets": {
            result.target.name: {
                "protocol": result.target.protocol,
                "version": result.version,
                "baseline": BASELINES[result.target.protocol],
                "scenarios": {
                    key: {
                        "median_us": median,
                        "samples_us": result.samples[key],
                        "iterations": result.iterations[key],
                        "ratio_to_trestle": by_ratio.get(result.target.name, {}).get(key),
                    }
                    for key, median in result.medians.items()
                },
            }
            for result in results
        },
        "skipped": skipped,
        "failed": failed,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
