"""Where one target spends its time on one scenario: cProfile over the timing loop.

``python -m benchmarks.hotspots trestle-wsgi S5`` prints the top functions by own time;
``--sort cumulative`` shows the call tree's heavy branches instead. Profiling inflates every
call, so read it for proportions and call counts, and confirm a fix with ``benchmarks.run``.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: make the repository root importable so `benchmarks.*` resolves.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import cProfile
import pstats
from collections.abc import Sequence

from benchmarks.scenarios import BY_KEY
from benchmarks.targets import BY_NAME
from benchmarks.verify import make_driver, verify


def main(argv: Sequence[str] | None = None) -> int:
    """Verify the target on the scenario, time it unprofiled, then print its profile."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hotspots", description=__doc__)
    parser.add_argument("target", choices=sorted(BY_NAME))
    parser.add_argument("scenario", choices=sorted(BY_KEY))
    parser.add_argument("--requests", type=int, default=20_000, help="requests profiled")
    parser.add_argument("--sort", default="tottime", help="a pstats sort key (default tottime)")
    parser.add_argument("--top", type=int, default=25, help="rows printed")
    args = parser.parse_args(argv)

    target = BY_NAME[args.target]
    scenario = BY_KEY[args.scenario]
    loop = asyncio.new_event_loop()
    try:
        app = target.make_app()
        problems = verify(target.protocol, app, [scenario], loop)
        if problems:
            print(f"{target.name} fails {scenario.key}: {problems[scenario.key]}")
            return 1
        driver = make_driver(target.protocol, app, scenario, loop)
        driver.time(args.requests)  # warm-up
        plain = driver.time(args.requests) / args.requests * 1e6
        profiler = cProfile.Profile()
        profiler.enable()
        driver.time(args.requests)
        profiler.disable()
    finally:
        loop.close()
    print(f"{target.name} {scenario.key} ({scenario.title}): {plain:.2f} µs/request unprofiled")
    stats = pstats.Stats(profiler)
    stats.sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
