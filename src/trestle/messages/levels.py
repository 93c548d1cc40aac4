"""Message levels and the Message a template shows."""

from __future__ import annotations

from trestle.conf.settings import SettingsError

DEBUG = 10
INFO = 20
SUCCESS = 25
WARNING = 30
ERROR = 40

#: The name of each level: also the CSS class a message gets (``message success``).
LEVEL_TAGS = {DEBUG: "debug", INFO: "info", SUCCESS: "success", WARNING: "warning", ERROR: "error"}
_BY_NAME = {name: level for level, name in LEVEL_TAGS.items()}


def parse_level(level: int | str) -> int:
    """A level given as a number or a name (``"success"``); ValueError for anything else."""
    if isinstance(level, bool):
        raise ValueError(f"{level!r} is not a message level")
    if isinstance(level, int):
        return level
    if isinstance(level, str) and level.lower() in _BY_NAME:
        return _BY_NAME[level.lower()]
    raise ValueError(
        f"{level!r} is not a message level; use a number or one of {', '.join(_BY_NAME)}"
    )


def level_setting(value: object) -> int:
    """The MESSAGES_LEVEL setting, checked."""
    try:
        return parse_level(value)  # type: ignore[arg-type]
    except ValueError as error:
        raise SettingsError(f"MESSAGES_LEVEL: {error}", setting="MESSAGES_LEVEL") from None


class Message:
    """One flash message: a level and plain text (escaped when a template shows it)."""

    __slots__ = ("level", "text")

    def __init__(self, level: int, text: str) -> None:
        self.level = level
        self.text = text

    @property
    def tag(self) -> str:
        """The level's name (``"success"``), for a CSS class; ``"info"`` for unnamed levels."""
        return LEVEL_TAGS.get(self.level, "info")

    def __str__(self) -> str:
        return self.text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and other.level == self.level and other.text == self.text

    def __hash__(self) -> int:
        return hash((self.level, self.text))

    def __repr__(self) -> str:
        return f"Message({self.tag}, {self.text!r})"
