"""docs/admin.md's example app and its checks, run for real under WSGI and ASGI.

Each protocol runs in a fresh interpreter: the example's models would otherwise stay in the
process-wide model registry, and the admin's site, for the rest of the test session.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"

SCRIPT = """
import importlib.util, inspect, sys
from pathlib import Path

def load(name):
    spec = importlib.util.spec_from_file_location(name, Path({examples!r}) / f"{{name}}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module

site = load("admin_site")
checks = load("admin_site_checks")
ran = 0
with site.app.test_client(asgi={asgi}) as client:
    for name, check in vars(checks).items():
        if name.startswith("test_") and inspect.isfunction(check):
            client.cookies.clear()
            check(client)
            ran += 1
print("ran", ran)
"""


@pytest.mark.parametrize("asgi", [False, True], ids=["wsgi", "asgi"])
def test_the_documented_admin(asgi: bool) -> None:
    script = textwrap.dedent(SCRIPT.format(examples=str(EXAMPLES), asgi=asgi))
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src")},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "ran 5"
