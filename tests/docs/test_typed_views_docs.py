"""The typed views and dependencies pages: examples that a reader runs with pytest."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def test_the_overrides_example_is_a_passing_suite(tmp_path: Path) -> None:
    (tmp_path / "weather.py").write_text((EXAMPLES / "dependencies_overrides.py").read_text())
    (tmp_path / "test_weather.py").write_text(
        (EXAMPLES / "dependencies_test_overrides.py").read_text()
    )
    (tmp_path / "pytest.ini").write_text("[pytest]\nfilterwarnings = error\n")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("TRESTLE_")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=environ,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
