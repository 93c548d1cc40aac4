"""The template benchmark cannot rot: every target still answers the same page."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(
    any(importlib.util.find_spec(peer) is None for peer in ("flask", "django")),
    reason="needs the peers: pip install -e '.[bench]' (scripts/test.sh does)",
)
def test_every_target_renders_the_same_page() -> None:
    # A process of its own: the benchmark configures Django's global settings.
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.templates_bench", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 targets answer the same 100 rows" in result.stdout
