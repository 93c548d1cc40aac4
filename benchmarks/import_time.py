"""Cold import time: ``import trestle`` next to bottle, flask and falcon, in fresh interpreters.

Each module is imported in a new ``python -c "import X"`` process, several times; the median
wall time is reported, with the bare interpreter start-up (``python -c pass``) subtracted as
well. Then ``python -X importtime -c "import trestle"`` shows where Trestle's time goes.
Run ``python -m benchmarks.import_time`` (``--help`` for options).

Every process caches bytecode in one temporary ``-X pycache_prefix`` directory, even when
``PYTHONDONTWRITEBYTECODE`` is set: otherwise a source checkout (Trestle here) would be
compiled on every run while installed packages load the ``.pyc`` pip wrote for them.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from time import perf_counter

MODULES = ("trestle", "bottle", "flask", "falcon")

_CACHE = tempfile.TemporaryDirectory(prefix="trestle-import-time-")
_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def python(*args: str) -> list[str]:
    """A command line for a fresh interpreter that caches bytecode (see the module docstring)."""
    return [sys.executable, "-X", f"pycache_prefix={_CACHE.name}", *args]


def wall_time(code: str, runs: int) -> float:
    """Median seconds for a fresh interpreter to run ``code`` (after one unmeasured warm-up)."""
    command = python("-c", code)
    # The warm-up writes any missing .pyc files and fills the OS file cache, so the runs
    # measure what a server restart costs, not a first install.
    subprocess.run(command, check=True, env=_ENV)
    times = []
    for _ in range(runs):
        start = perf_counter()
        subprocess.run(command, check=True, env=_ENV)
        times.append(perf_counter() - start)
    return statistics.median(times)


@dataclass(frozen=True)
class ImportEntry:
    """One line of ``-X importtime``: times in µs, ``depth`` 0 for a top-level import."""

    name: str
    depth: int
    self_us: int
    cumulative_us: int


def parse_importtime(stderr: str) -> list[ImportEntry]:
    """The entries of ``-X importtime`` output (other stderr lines are ignored)."""
    entries = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative_us, name = line.removeprefix("import time:").split("|")
        stripped = name.lstrip()
        depth = (len(name) - len(stripped) - 1) // 2
        entries.append(ImportEntry(stripped, depth, int(self_us), int(cumulative_us)))
    return entries


def importtime_profile(module: str, runs: int) -> dict[str, ImportEntry]:
    """Per imported module, the run with the median cumulative time among ``runs`` runs."""
    samples: dict[str, list[ImportEntry]] = defaultdict(list)
    for _ in range(runs):
        completed = subprocess.run(
            python("-X", "importtime", "-c", f"import {module}"),
            check=True,
            env=_ENV,
            capture_output=True,
            text=True,
        )
        for entry in parse_importtime(completed.stderr):
            samples[entry.name].append(entry)
    return {
        name: sorted(entries, key=lambda e: e.cumulative_us)[len(entries) // 2]
        for name, entries in samples.items()
    }


def modules_added(module: str) -> list[str]:
    """The modules ``import module`` leaves in ``sys.modules`` beyond a bare interpreter's."""
    code = (
        "import sys; before = set(sys.modules); import {}; "
        "print(*sorted(set(sys.modules) - before))"
    )
    completed = subprocess.run(
        python("-c", code.format(module)), check=True, capture_output=True, text=True, env=_ENV
    )
    return completed.stdout.split()


def report_profile(module: str, profile: dict[str, ImportEntry], added: list[str], top: int) -> str:
    """The total, the heaviest modules by own time, and the packages the import pulls in."""
    total = profile[module].cumulative_us if module in profile else 0
    lines = [f"python -X importtime -c 'import {module}': {total / 1000:.1f} ms cumulative"]
    lines.append(f"\nTop {top} by self time (µs self / cumulative):")
    loaded = set(added)
    ranked = sorted(
        (entry for entry in profile.values() if entry.name in loaded),
        key=lambda e: e.self_us,
        reverse=True,
    )
    lines.extend(f"  {e.self_us:>7} {e.cumulative_us:>8}  {e.name}" for e in ranked[:top])
    roots = sorted({name.partition(".")[0] for name in added} - {module})
    weight = {root: profile[root].cumulative_us if root in profile else 0 for root in roots}
    heavy = sorted(roots, key=lambda root: weight[root], reverse=True)[:top]
    lines.append(f"\nPackages pulled in, by cumulative µs (top {top} of {len(roots)}):")
    lines.extend(f"  {weight[root]:>8}  {root}" for root in heavy)
    third_party = [root for root in roots if root not in sys.stdlib_module_names]
    lines.append(
        f"\n{len(added)} modules loaded; not from the stdlib: {', '.join(third_party) or 'none'}"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the import-time table and Trestle's ``-X importtime`` summary."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.import_time", description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="processes per module (median)")
    parser.add_argument("--top", type=int, default=15, help="entries in the importtime summary")
    parser.add_argument("modules", nargs="*", default=list(MODULES), help="modules to compare")
    args = parser.parse_args(argv)

    baseline = wall_time("pass", args.runs)
    print(f"Python {sys.version.split()[0]}; median of {args.runs} fresh processes each.")
    print(f"Interpreter start-up alone (python -c pass): {baseline * 1000:.1f} ms\n")
    print(f"{'module':<10} {'version':<12} {'wall ms':>8} {'import ms':>10}")
    for module in args.modules:
        if importlib.util.find_spec(module) is None:
            print(f"{module:<10} not installed: skipped")
            continue
        elapsed = wall_time(f"import {module}", args.runs)
        print(
            f"{module:<10} {_version(module):<12} {elapsed * 1000:>8.1f} "
            f"{(elapsed - baseline) * 1000:>10.1f}"
        )
    print()
    profile = importtime_profile("trestle", max(3, args.runs // 3))
    print(report_profile("trestle", profile, modules_added("trestle"), args.top))
    return 0


def _version(module: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(module)
    except metadata.PackageNotFoundError:
        return "?"


if __name__ == "__main__":
    raise SystemExit(main())
