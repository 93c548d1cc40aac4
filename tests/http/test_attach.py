"""What batteries attach to a request: plain values, lazy values, and clear errors."""

from __future__ import annotations

import pytest

from trestle.http.request import Request


def test_attached_value_is_read_back_as_an_attribute() -> None:
    request = Request("GET", "/")
    request.attach("session", {"cart": [1]})
    assert request.session == {"cart": [1]}
    assert request.is_attached("session")
    assert not request.is_attached("db")


def test_lazy_value_is_made_once_on_first_read() -> None:
    made: list[int] = []

    def make() -> str:
        made.append(1)
        return "alice"

    request = Request("GET", "/")
    request.attach("user", make, lazy=True)
    assert made == []
    assert request.user == "alice"
    assert request.user == "alice"
    assert made == [1]


def test_user_can_be_replaced_after_login() -> None:
    request = Request("GET", "/")
    request.user = "bob"
    assert request.user == "bob"


@pytest.mark.parametrize(
    ("name", "hint"),
    [("session", "trestle.sessions"), ("user", "trestle.auth"), ("db", "trestle.db")],
)
def test_missing_battery_names_what_to_add(name: str, hint: str) -> None:
    request = Request("GET", "/")
    with pytest.raises(RuntimeError, match=rf"request\.{name} is not available: add .*{hint}"):
        getattr(request, name)


def test_generic_attachment_without_provider_hint() -> None:
    with pytest.raises(RuntimeError, match=r"request\.cache is not available$"):
        Request("GET", "/").attached("cache")
