"""The settings tests write settings modules with the `tree` fixture (tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

WriteFiles = Callable[[dict[str, str]], Path]
