"""How long the command line takes to answer, Trestle against Django, as whole processes.

    .venv/bin/python -m benchmarks.cli_startup [--runs 15]

Makes a fresh project with each framework's own ``startproject`` (in a temporary folder),
then times each command from process start to exit: ``--help`` of the tool, and ``manage.py
check`` of the new project (settings, apps, models, URLs loaded and checked). Every command
runs once untimed first, so Python's bytecode caches exist, as on a developer's machine; the
figure is the median of the runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def _environment() -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL")
    return {key: os.environ[key] for key in keep if key in os.environ}


def measure(command: list[str], cwd: Path, runs: int) -> float:
    """The median wall time of ``command``, in milliseconds."""
    env = _environment()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)  # warm caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per command")
    runs = parser.parse_args().runs
    python = sys.executable
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        env = _environment()
        subprocess.run(
            [str(BIN / "trestle"), "startproject", "tsite"], cwd=root, env=env, check=True
        )
        subprocess.run(
            [str(BIN / "django-admin"), "startproject", "dsite"], cwd=root, env=env, check=True
        )
        rows = [
            ("trestle --help", [str(BIN / "trestle"), "--help"], root),
            ("django-admin --help", [str(BIN / "django-admin"), "--help"], root),
            ("python -c pass (the floor)", [python, "-c", "pass"], root),
            ("python manage.py check (Trestle)", [python, "manage.py", "check"], root / "tsite"),
            ("python manage.py check (Django)", [python, "manage.py", "check"], root / "dsite"),
        ]
        print(f"median of {runs} runs, whole process, Python {sys.version.split()[0]}")
        for label, command, cwd in rows:
            print(f"{label:34} {measure(command, cwd, runs):7.1f} ms")


if __name__ == "__main__":
    main()
