"""Message levels: numbers and names, and the Message a template shows."""

from __future__ import annotations

import pytest

from trestle.conf.settings import SettingsError
from trestle.messages import DEBUG, ERROR, INFO, SUCCESS, WARNING, Message
from trestle.messages.levels import level_setting, parse_level


@pytest.mark.parametrize(
    ("given", "level"),
    [
        ("debug", DEBUG),
        ("INFO", INFO),
        ("success", SUCCESS),
        ("Warning", WARNING),
        ("error", ERROR),
        (35, 35),
    ],
)
def test_parse_level(given: int | str, level: int) -> None:
    assert parse_level(given) == level


@pytest.mark.parametrize("given", ["loud", "", True, None, 2.5])
def test_parse_level_refuses_others(given: object) -> None:
    with pytest.raises(ValueError, match="is not a message level"):
        parse_level(given)  # type: ignore[arg-type]


def test_level_setting_errors_name_the_setting() -> None:
    with pytest.raises(
        SettingsError, match="MESSAGES_LEVEL: 'loud' is not a message level"
    ) as caught:
        level_setting("loud")
    assert caught.value.setting == "MESSAGES_LEVEL"


def test_message() -> None:
    message = Message(SUCCESS, "Saved.")
    assert str(message) == "Saved."
    assert message.tag == "success"
    assert Message(35, "x").tag == "info"
    assert message == Message(SUCCESS, "Saved.")
    assert message != Message(ERROR, "Saved.")
    assert message != "Saved."
    assert len({message, Message(SUCCESS, "Saved.")}) == 1
    assert repr(message) == "Message(success, 'Saved.')"
