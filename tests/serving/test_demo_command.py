"""The README's first command, ``bash scripts/demo.sh``, run the way a newcomer runs it.

A copy of the repository in a clean temporary directory (no .venv, no database): the
command creates the virtual environment, installs Trestle, migrates and seeds the shop and
serves it. The home page must answer, the start-up output must show the URL and the staff
login, and Ctrl-C must stop it. Then the same command again: it must reuse everything and
add no second copy of the demo data.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from .conftest import free_port

pytestmark = pytest.mark.serving

ROOT = Path(__file__).resolve().parents[2]
#: Creating the virtual environment and installing every dependency, on a slow machine.
FIRST_START_TIMEOUT = 420.0
START_TIMEOUT = 120.0
STOP_TIMEOUT = 20.0


def copy_repository(destination: Path) -> None:
    """The files a fresh clone would have (tracked, plus new ones not ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = ROOT / os.fsdecode(name)
        if source.is_file():  # a file deleted in the working tree but still tracked
            target = destination / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def newcomer_env(port: int) -> dict[str, str]:
    """A shell without the test run's settings, virtual environment or services."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TRESTLE_", "PYTHON", "VIRTUAL_ENV"))
        and key not in ("SECRET_KEY", "DATABASE_URL", "SHOP_STAFF_PASSWORD")
    }
    # The interpreter running the tests is a Python 3.11+ that can make a venv; outside one
    # (CI's .venv) its base installation is what a newcomer's python3 would be.
    base = Path(sys.base_prefix) / "bin" / "python3"
    env["PYTHON"] = str(base if base.exists() else sys.executable)
    env["PORT"] = str(port)
    return env


class Demo:
    """One run of ``bash scripts/demo.sh`` in the copy, its output in a file."""

    def __init__(self, root: Path, log: Path) -> None:
        self.port = free_port()
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                ["bash", "scripts/demo.sh"],
                cwd=root,
                env=newcomer_env(self.port),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches the whole group, as in a terminal
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def home_page(self, timeout: float) -> httpx.Response:
        """Poll the home page until it answers; fail with the output if it never does."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"demo.sh exited with {self.process.returncode}:\n{self.output()}")
            with contextlib.suppress(httpx.TransportError):
                return httpx.get(f"http://127.0.0.1:{self.port}/", timeout=5.0)
            time.sleep(0.2)
        pytest.fail(f"demo.sh did not serve within {timeout} s:\n{self.output()}")

    def interrupt(self) -> int:
        """Ctrl-C, as a terminal sends it to the foreground group; the exit status."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGINT)
        try:
            return self.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"demo.sh did not stop on Ctrl-C:\n{self.output()}")
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)


def counts(database: Path) -> tuple[int, int, int]:
    """How many categories, products and users the shop's SQLite database holds."""
    with contextlib.closing(sqlite3.connect(database)) as connection:
        return tuple(  # type: ignore[return-value]
            connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("catalog_category", "catalog_product", "auth_user")
        )


@pytest.mark.timeout(FIRST_START_TIMEOUT + START_TIMEOUT + 120)
def test_the_readme_command_serves_the_shop_and_can_run_twice(tmp_path: Path) -> None:
    root = tmp_path / "trestle"
    copy_repository(root)
    assert not (root / ".venv").exists()

    first = Demo(root, tmp_path / "first.log")
    try:
        home = first.home_page(FIRST_START_TIMEOUT)
        assert home.status_code == 200
        assert "Trestle Shop" in home.text
        output = first.output()
        assert "Staff login: staff / " in output
        assert f"http://127.0.0.1:{first.port}/" in output
    finally:
        status = first.interrupt()
    assert status in (0, 130, -signal.SIGINT), first.output()
    database = root / "examples" / "shop" / "db.sqlite3"
    seeded = counts(database)
    assert seeded[0] > 0 and seeded[1] > 0 and seeded[2] >= 1

    second = Demo(root, tmp_path / "second.log")
    try:
        assert second.home_page(START_TIMEOUT).status_code == 200
        assert "Staff login: staff / " in second.output()
        assert "Traceback" not in second.output()
    finally:
        second.interrupt()
    assert counts(database) == seeded  # nothing seeded twice
