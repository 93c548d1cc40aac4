"""Each field: what it accepts, what it turns it into, and what it says when it cannot."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

import pytest

from trestle.forms import (
    BooleanField,
    ChoiceField,
    DateField,
    DateTimeField,
    DecimalField,
    EmailField,
    Field,
    FloatField,
    HiddenField,
    IntegerField,
    MultipleChoiceField,
    PasswordField,
    TextField,
    URLField,
    ValidationError,
)


def clean(field: Field, raw: Any) -> Any:
    return field.clean(raw)


def error(field: Field, raw: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        field.clean(raw)
    return " ".join(caught.value.messages)


# -- required and empty ------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [None, "", "   ", "\n\t"])
def test_required_fields_refuse_nothing(raw: Any) -> None:
    assert error(TextField(), raw) == "This field is required."
    assert error(IntegerField(), raw) == "This field is required."


def test_optional_fields_give_their_empty_value() -> None:
    assert clean(TextField(required=False), "  ") == ""
    assert clean(TextField(required=False, empty=None), "") is None
    assert clean(IntegerField(required=False), "") is None
    assert clean(MultipleChoiceField(["a"], required=False), []) == []
    assert clean(DateField(required=False), None) is None


# -- text --------------------------------------------------------------------------------------


def test_text() -> None:
    field = TextField(max_length=5, min_length=2)
    assert clean(field, "  abc  ") == "abc"
    assert clean(field, "a\r\nb") == "a\nb"
    assert error(field, "abcdef") == "Use at most 5 characters (you used 6)."
    assert error(field, "a") == "Use at least 2 characters (you used 1)."
    assert clean(TextField(strip=False), "  a ") == "  a "
    assert field.html_attrs() == {"required": True, "maxlength": 5, "minlength": 2}


@pytest.mark.parametrize("raw", ["a\x00b", "\x07bell", "esc\x1b[0m", "del\x7f"])
def test_text_refuses_control_characters(raw: str) -> None:
    assert error(TextField(), raw) == "Remove the control characters from the text."


def test_text_keeps_tabs_and_newlines_and_unicode() -> None:
    assert clean(TextField(), "a\tb\nc é 漢字 🙂") == "a\tb\nc é 漢字 🙂"


def test_text_refuses_what_is_not_text() -> None:
    assert error(TextField(), ["a", "b"]) == "Enter text."


def test_hidden_and_password() -> None:
    assert HiddenField().widget == "hidden"
    password = PasswordField(min_length=3)
    assert clean(password, " pass word ") == " pass word "  # spaces are part of it
    assert password.render_value is False
    assert password.html_attrs()["autocomplete"] == "current-password"
    assert PasswordField(autocomplete="new-password").html_attrs()["autocomplete"] == "new-password"


# -- email and URL -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("ada@example.com", "ada@example.com"),
        (" Ada.Lovelace+tag@Example.COM ", "Ada.Lovelace+tag@example.com"),
        ("x@sub.domain.co.uk", "x@sub.domain.co.uk"),
        ("jose@bücher.de", "jose@bücher.de"),
    ],
)
def test_email_accepts(raw: str, cleaned: str) -> None:
    assert clean(EmailField(), raw) == cleaned


@pytest.mark.parametrize(
    "raw",
    [
        "plain",
        "@example.com",
        "ada@",
        "ada@localhost",
        "ada@@example.com",
        "a da@example.com",
        "ada@exa mple.com",
        "ada@-example.com",
        "ada@example..com",
        "<ada@example.com>",
        "ada@example.com\nBcc: x@y.z",
        "a" * 65 + "@example.com",
        "ada@" + "a" * 64 + ".com",
    ],
)
def test_email_refuses(raw: str) -> None:
    assert error(EmailField(), raw) in (
        "Enter an email address, like name@example.com.",
        "Remove the control characters from the text.",
    )


@pytest.mark.parametrize(
    "raw", ["https://example.com", "http://localhost:8000/a?b=c#d", "https://bücher.de/ü"]
)
def test_url_accepts(raw: str) -> None:
    assert clean(URLField(), raw) == raw


@pytest.mark.parametrize(
    "raw",
    [
        "example.com",
        "javascript:alert(1)",
        "ftp://example.com/file",
        "https://",
        "https:///path",
        "https://exa mple.com",
        "http://example.com:port/",
        "http://[::1",
        "data:text/html,<script>",
    ],
)
def test_url_refuses(raw: str) -> None:
    assert error(URLField(), raw) == "Enter a full web address, starting with https:// or http://."


# -- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"), [("42", 42), (" 7 ", 7), ("-3", -3), ("+5", 5), ("007", 7)]
)
def test_integer_accepts(raw: str, value: int) -> None:
    assert clean(IntegerField(), raw) == value


@pytest.mark.parametrize("raw", ["1.0", "1e3", "1_000", "abc", "٣", "9" * 31, "0x10", "--1", "1 2"])
def test_integer_refuses(raw: str) -> None:
    assert error(IntegerField(), raw) == "Enter a whole number."


def test_integer_range() -> None:
    field = IntegerField(min_value=1, max_value=10)
    assert error(field, "0") == "Enter a number of at least 1."
    assert error(field, "11") == "Enter a number of at most 10."
    assert field.html_attrs() == {"required": True, "min": 1, "max": 10}
    assert field.input_type == "number"


@pytest.mark.parametrize(
    ("raw", "value"), [("3.14", "3.14"), (".5", "0.5"), ("1.", "1"), ("-2", "-2")]
)
def test_decimal_accepts(raw: str, value: str) -> None:
    assert clean(DecimalField(), raw) == Decimal(value)


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-inf", "1e3", "1,5", "abc", "1.2.3", "."])
def test_decimal_refuses(raw: str) -> None:
    assert error(DecimalField(), raw) == "Enter a number."


def test_decimal_digits() -> None:
    field = DecimalField(max_digits=5, decimal_places=2)
    assert clean(field, "123.45") == Decimal("123.45")
    assert clean(field, "0.5") == Decimal("0.5")
    assert error(field, "1.234") == "Use at most 2 digits after the point."
    assert error(field, "1234.5") == "Use at most 3 digits before the point."
    assert field.html_attrs()["step"] == "0.01"
    assert DecimalField(decimal_places=0).html_attrs()["step"] == "1"
    assert error(DecimalField(max_digits=3), "12.34") == "Use at most 3 digits in all."
    assert DecimalField().html_attrs()["step"] == "any"
    assert error(DecimalField(min_value=Decimal(1)), "0.5") == "Enter a number of at least 1."


def test_float() -> None:
    assert clean(FloatField(), "1.5e3") == 1500.0
    for raw in ("nan", "inf", "1e999999", "abc"):
        assert error(FloatField(), raw) == "Enter a number."
    assert FloatField().html_attrs()["step"] == "any"


# -- boolean -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("on", True),
        ("true", True),
        ("1", True),
        ("YES", True),
        (None, False),
        ("", False),
        ("off", False),
        ("false", False),
        ("0", False),
    ],
)
def test_boolean(raw: Any, value: bool) -> None:
    assert clean(BooleanField(), raw) is value


def test_a_required_boolean_must_be_ticked() -> None:
    assert error(BooleanField(required=True), None) == "Tick this box to continue."
    assert clean(BooleanField(required=True), "on") is True


# -- choices -----------------------------------------------------------------------------------


class Size(enum.Enum):
    SMALL = "s"
    LARGE = "l"


class Priority(enum.IntEnum):
    LOW = 1
    HIGH = 2


def test_choices_in_every_shape() -> None:
    assert clean(ChoiceField([("a", "Apple"), ("b", "Banana")]), "b") == "b"
    assert clean(ChoiceField(["red", "green"]), "green") == "green"
    assert clean(ChoiceField(Size), "l") is Size.LARGE
    assert clean(ChoiceField(Priority), "2") is Priority.HIGH
    assert clean(ChoiceField([(1, "one"), (2, "two")]), "2") == 2
    assert ChoiceField(Size).choices == [(Size.SMALL, "Small"), (Size.LARGE, "Large")]


def test_choices_may_be_a_callable() -> None:
    rows = ["a"]
    field = ChoiceField(lambda: list(rows))
    assert error(field, "b") == "Choose one of the options."
    rows.append("b")
    assert clean(field, "b") == "b"
    field.choices = ["z"]
    assert clean(field, "z") == "z"


@pytest.mark.parametrize("raw", ["c", "Apple", "A", ["a"]])
def test_choice_refuses(raw: Any) -> None:
    assert error(ChoiceField([("a", "Apple")]), raw) == "Choose one of the options."


def test_multiple_choice() -> None:
    field = MultipleChoiceField([("a", "A"), ("b", "B"), ("c", "C")])
    assert clean(field, ["c", "a", "c"]) == ["c", "a"]
    assert clean(field, [" b "]) == ["b"]
    assert error(field, ["a", "x"]) == "Choose only from the options."
    assert error(field, []) == "This field is required."
    assert error(field, ["", ""]) == "This field is required."
    assert error(field, "a") == "Choose from the options."
    assert clean(MultipleChoiceField(Size), ["s"]) == [Size.SMALL]
    assert field.format([Size.SMALL, "b"]) == ["s", "b"]
    assert field.format(None) == []


def test_multiple_choice_reads_every_value() -> None:
    from trestle.http.multidict import MultiDict

    field = MultipleChoiceField(["a", "b"])
    assert field.raw_value(MultiDict([("x", "a"), ("x", "b")]), None, "x") == ["a", "b"]
    assert field.raw_value({"x": ["a"]}, None, "x") == ["a"]
    assert field.raw_value({"x": "a"}, None, "x") == ["a"]
    assert field.raw_value({}, None, "x") == []
    assert field.raw_value(None, None, "x") is None


# -- dates and times ---------------------------------------------------------------------------


def test_date() -> None:
    field = DateField(min_value=dt.date(2024, 1, 1), max_value=dt.date(2024, 12, 31))
    assert clean(field, "2024-02-29") == dt.date(2024, 2, 29)
    assert error(field, "2023-12-31") == "Enter a date on or after 2024-01-01."
    assert error(field, "2025-01-01") == "Enter a date on or before 2024-12-31."
    assert field.html_attrs() == {"required": True, "min": "2024-01-01", "max": "2024-12-31"}
    assert field.format(dt.date(2024, 5, 6)) == "2024-05-06"


@pytest.mark.parametrize(
    "raw", ["2023-02-29", "2024-1-1", "20240101", "tomorrow", "2024-01-01T10:00", "2024-13-01"]
)
def test_date_refuses(raw: str) -> None:
    assert error(DateField(), raw) == "Enter a date, like 2025-03-31."


def test_datetime() -> None:
    field = DateTimeField()
    assert clean(field, "2024-03-31T14:30") == dt.datetime(2024, 3, 31, 14, 30)
    assert clean(field, "2024-03-31 14:30:15") == dt.datetime(2024, 3, 31, 14, 30, 15)
    assert field.format(dt.datetime(2024, 3, 31, 14, 30)) == "2024-03-31T14:30"
    assert field.format(dt.datetime(2024, 3, 31, 14, 30, 5)) == "2024-03-31T14:30:05"
    paris = dt.timezone(dt.timedelta(hours=2))
    aware = DateTimeField(timezone=paris)
    value = clean(aware, "2024-06-01T12:00")
    assert value == dt.datetime(2024, 6, 1, 10, 0, tzinfo=dt.UTC)
    assert aware.format(dt.datetime(2024, 6, 1, 10, 0, tzinfo=dt.UTC)) == "2024-06-01T12:00"


@pytest.mark.parametrize(
    "raw", ["2024-03-31", "2024-03-31T25:00", "2024-03-31T14:30+02:00", "now", "2024-03-31X14:30"]
)
def test_datetime_refuses(raw: str) -> None:
    assert error(DateTimeField(), raw) == "Enter a date and time, like 2025-03-31T14:30."


# -- validators and labels ---------------------------------------------------------------------


def test_validators_run_last() -> None:
    def even(value: int) -> None:
        if value % 2:
            raise ValidationError("Enter an even number.")

    field = IntegerField(validators=[even])
    assert clean(field, "4") == 4
    assert error(field, "3") == "Enter an even number."


def test_labels_come_from_the_name() -> None:
    class Holder:
        first_name = TextField()
        email = EmailField(label="Your email")

    assert Holder.first_name.label == "First name"
    assert Holder.email.label == "Your email"
    assert repr(Holder.first_name) == "<TextField first_name>"


def test_validation_error_messages() -> None:
    assert ValidationError("one").messages == ["one"]
    assert ValidationError(["one", "two"]).messages == ["one", "two"]
