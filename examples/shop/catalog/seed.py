"""SCAFFOLD: the demo data; the catalog helper writes the real one."""

from typing import Any


def seed(app: Any, session: Any) -> dict[str, Any]:
    return {}
