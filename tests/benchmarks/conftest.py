"""The benchmarks package sits at the repository root, outside src/: make it importable even
when pytest is started as ``pytest`` rather than ``python -m pytest`` (which adds the cwd)."""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)
