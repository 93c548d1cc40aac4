"""A store of a test's own, loaded by SESSION_ENGINE = "module:Class" (tests only)."""

from __future__ import annotations

import secrets
from typing import Any

from trestle.sessions import SessionRecord, SessionStore


class MemoryStore(SessionStore):
    """Sessions in a dict; enough to show the store interface."""

    does_io = False

    def __init__(self) -> None:
        self.records: dict[str, SessionRecord] = {}

    @classmethod
    def from_settings(cls, settings: Any) -> MemoryStore:
        return cls()

    def load(self, cookie_value: str) -> SessionRecord | None:
        return self.records.get(cookie_value)

    def save(self, record: SessionRecord, cookie_value: str | None, lifetime: int) -> str:
        key = cookie_value or secrets.token_urlsafe(32)
        self.records[key] = record
        return key

    def delete(self, cookie_value: str) -> None:
        self.records.pop(cookie_value, None)
