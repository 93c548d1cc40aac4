"""Form fields: each turns the text a browser sent into a Python value, or says what is wrong.

A field declares how it is shown (``widget``: input, textarea, select, checkbox,
checkboxes, radios, file, hidden; ``input_type`` for an ``<input>``) and how its raw value
is cleaned: :meth:`Field.to_python` converts, :meth:`Field.validate` checks, and the
``validators`` given run last. Messages are for people, not developers.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from trestle.forms.errors import ValidationError

Validator = Callable[[Any], None]
Choices = Iterable[tuple[Any, str]] | Iterable[str] | type[enum.Enum]

REQUIRED = "This field is required."
_INTEGER = re.compile(r"[+-]?[0-9]{1,30}")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,100}(?:\.[0-9]{0,100})?|\.[0-9]{1,100})")
_FLOAT = re.compile(
    r"[+-]?(?:[0-9]{1,100}(?:\.[0-9]{0,100})?|\.[0-9]{1,100})(?:[eE][+-]?[0-9]{1,3})?"
)
# Practical, not RFC 5322: one @, no spaces or angle brackets, a dot in the domain.
_EMAIL = re.compile(r"[^@\s<>()\[\],;:\"]{1,64}@(?P<domain>[^@\s<>()\[\],;:\"]{1,253})")
_DOMAIN_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Field:
    """A form field; subclasses convert and check one kind of value."""

    widget: ClassVar[str] = "input"
    input_type: ClassVar[str] = "text"
    #: Whether the field takes several values (``getlist``).
    multiple: ClassVar[bool] = False
    #: Whether the raw value comes from ``request.files``.
    is_file: ClassVar[bool] = False
    #: Whether a bound form shows again what was entered (never for passwords).
    render_value: ClassVar[bool] = True

    def __init__(
        self,
        *,
        label: str | None = None,
        required: bool = True,
        initial: Any = None,
        help_text: str = "",
        widget: str | None = None,
        attrs: Mapping[str, Any] | None = None,
        validators: Sequence[Validator] = (),
        disabled: bool = False,
    ) -> None:
        self.name = ""
        self.label = label
        self.required = required
        self.initial = initial
        self.help_text = help_text
        if widget is not None:
            self.widget = widget  # type: ignore[misc]
        self.attrs = dict(attrs or {})
        self.validators = tuple(validators)
        self.disabled = disabled

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        if self.label is None:
            self.label = name.replace("_", " ").capitalize()

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        """On a form instance, the bound field (``form.email.errors``); on the class, the field."""
        if instance is None:
            return self
        return instance[self.name]

    # -- reading and cleaning -----------------------------------------------------------------

    def raw_value(self, data: Any, files: Any, key: str) -> Any:
        """What the browser sent for this field under ``key`` (None when nothing)."""
        return data.get(key) if data is not None else None

    def is_empty(self, value: Any) -> bool:
        """True for "nothing entered"."""
        return value is None or value == "" or value == [] or value == ()

    def empty_value(self) -> Any:
        """The cleaned value of an optional field left empty."""
        return None

    def to_python(self, raw: Any) -> Any:
        """Convert the raw value; raise ValidationError when it cannot be."""
        return raw

    def validate(self, value: Any) -> None:
        """Check the converted value (ranges, lengths, choices)."""

    def clean(self, raw: Any) -> Any:
        """The cleaned value of ``raw``: converted, checked, then the validators."""
        if isinstance(raw, str):
            raw = self.prepare(raw)
        if self.is_empty(raw):
            if self.required:
                raise ValidationError(REQUIRED)
            return self.empty_value()
        value = self.to_python(raw)
        self.validate(value)
        for validator in self.validators:
            validator(value)
        return value

    def prepare(self, raw: str) -> str:
        """The raw text before conversion: stripped of surrounding spaces by default."""
        return raw.strip()

    # -- showing --------------------------------------------------------------------------------

    def format(self, value: Any) -> Any:
        """A Python value (initial, or from a model) as the text the widget shows."""
        if value is None:
            return ""
        return str(value)

    def html_attrs(self) -> dict[str, Any]:
        """The HTML attributes that follow from the field (``required``, ``maxlength``...)."""
        attrs: dict[str, Any] = {}
        if self.required and not self.disabled:
            attrs["required"] = True
        if self.disabled:
            attrs["disabled"] = True
        return attrs

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name or '(unbound)'}>"


class TextField(Field):
    """Text; ``widget="textarea"`` for several lines."""

    def __init__(
        self,
        *,
        max_length: int | None = None,
        min_length: int | None = None,
        strip: bool = True,
        empty: Any = "",
        autocomplete: str | None = None,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.max_length = max_length
        self.min_length = min_length
        self.strip = strip
        self.empty = empty
        self.autocomplete = autocomplete

    def prepare(self, raw: str) -> str:
        return raw.strip() if self.strip else raw

    def empty_value(self) -> Any:
        return self.empty

    def to_python(self, raw: Any) -> Any:
        if not isinstance(raw, str):
            raise ValidationError("Enter text.")
        # Databases refuse NUL (PostgreSQL) and no person types control characters.
        if _CONTROL.search(raw):
            raise ValidationError("Remove the control characters from the text.")
        return raw.replace("\r\n", "\n")

    def validate(self, value: Any) -> None:
        if self.max_length is not None and len(value) > self.max_length:
            raise ValidationError(
                f"Use at most {self.max_length} characters (you used {len(value)})."
            )
        if self.min_length is not None and len(value) < self.min_length:
            raise ValidationError(
                f"Use at least {self.min_length} characters (you used {len(value)})."
            )

    def html_attrs(self) -> dict[str, Any]:
        attrs = super().html_attrs()
        if self.max_length is not None:
            attrs["maxlength"] = self.max_length
        if self.min_length is not None:
            attrs["minlength"] = self.min_length
        if self.autocomplete:
            attrs["autocomplete"] = self.autocomplete
        return attrs


class HiddenField(TextField):
    """A value the page carries without showing it."""

    widget = "hidden"
    input_type = "hidden"


class PasswordField(TextField):
    """A password: never shown again, never stripped of its spaces."""

    input_type = "password"
    render_value = False

    def __init__(self, *, autocomplete: str = "current-password", **options: Any) -> None:
        options.setdefault("strip", False)
        super().__init__(autocomplete=autocomplete, **options)


class EmailField(TextField):
    """An email address (checked for shape; the domain is lower-cased)."""

    input_type = "email"

    def __init__(
        self, *, max_length: int = 254, autocomplete: str | None = "email", **options: Any
    ):
        super().__init__(max_length=max_length, autocomplete=autocomplete, **options)

    def to_python(self, raw: Any) -> Any:
        text = super().to_python(raw)
        match = _EMAIL.fullmatch(text)
        domain = match.group("domain") if match else ""
        try:
            ascii_domain = domain.encode("idna").decode("ascii") if domain else ""
        except UnicodeError:
            ascii_domain = ""
        labels = ascii_domain.split(".")
        if (
            not match
            or len(labels) < 2
            or not all(_DOMAIN_LABEL.fullmatch(label) for label in labels)
        ):
            raise ValidationError("Enter an email address, like name@example.com.")
        local = text[: match.start("domain") - 1]
        return f"{local}@{domain.lower()}"


class URLField(TextField):
    """An http or https URL."""

    input_type = "url"
    schemes: ClassVar[tuple[str, ...]] = ("http", "https")

    def __init__(self, *, max_length: int = 2048, **options: Any) -> None:
        super().__init__(max_length=max_length, **options)

    def to_python(self, raw: Any) -> Any:
        text = super().to_python(raw)
        from urllib.parse import urlsplit

        try:
            parts = urlsplit(text)
            scheme, host = parts.scheme.lower(), parts.hostname
            parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
        except ValueError:  # "http://[::1", "http://host:port/"
            scheme, host = "", None
        if scheme not in self.schemes or not host or any(char.isspace() for char in text):
            raise ValidationError("Enter a full web address, starting with https:// or http://.")
        return text


class _Number(Field):
    input_type = "number"

    def __init__(
        self, *, min_value: Any = None, max_value: Any = None, step: Any = None, **options: Any
    ) -> None:
        super().__init__(**options)
        self.min_value = min_value
        self.max_value = max_value
        self.step = step

    def validate(self, value: Any) -> None:
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(f"Enter a number of at least {self.min_value}.")
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(f"Enter a number of at most {self.max_value}.")

    def html_attrs(self) -> dict[str, Any]:
        attrs = super().html_attrs()
        if self.min_value is not None:
            attrs["min"] = self.min_value
        if self.max_value is not None:
            attrs["max"] = self.max_value
        if self.step is not None:
            attrs["step"] = self.step
        return attrs


class IntegerField(_Number):
    """A whole number."""

    def to_python(self, raw: Any) -> Any:
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        if not isinstance(raw, str) or not _INTEGER.fullmatch(raw):
            raise ValidationError("Enter a whole number.")
        return int(raw)


class FloatField(_Number):
    """A number that may have a fraction, as a float."""

    def __init__(self, **options: Any) -> None:
        options.setdefault("step", "any")
        super().__init__(**options)

    def to_python(self, raw: Any) -> Any:
        if not isinstance(raw, str) or not _FLOAT.fullmatch(raw):
            raise ValidationError("Enter a number.")
        return float(raw)


class DecimalField(_Number):
    """An exact number (money): ``max_digits`` in all, ``decimal_places`` after the point."""

    def __init__(
        self,
        *,
        max_digits: int | None = None,
        decimal_places: int | None = None,
        **options: Any,
    ) -> None:
        if decimal_places is not None and "step" not in options:
            options["step"] = str(Decimal(1).scaleb(-decimal_places))
        options.setdefault("step", "any")
        super().__init__(**options)
        self.max_digits = max_digits
        self.decimal_places = decimal_places

    def to_python(self, raw: Any) -> Any:
        if isinstance(raw, Decimal):
            return raw
        if not isinstance(raw, str) or not _DECIMAL.fullmatch(raw):
            raise ValidationError("Enter a number.")
        try:
            return Decimal(raw)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
            raise ValidationError("Enter a number.") from None

    def validate(self, value: Any) -> None:
        super().validate(value)
        _, digits, exponent = value.as_tuple()
        assert isinstance(exponent, int)
        places = max(-exponent, 0)
        whole = max(len(digits) + exponent, 0) if digits != (0,) else 0
        if self.decimal_places is not None and places > self.decimal_places:
            raise ValidationError(f"Use at most {self.decimal_places} digits after the point.")
        if self.max_digits is not None:
            allowed_whole = self.max_digits - (self.decimal_places or 0)
            if whole > allowed_whole:
                raise ValidationError(f"Use at most {allowed_whole} digits before the point.")
            if whole + places > self.max_digits:
                raise ValidationError(f"Use at most {self.max_digits} digits in all.")


class BooleanField(Field):
    """A checkbox; ``required=True`` means it must be ticked (terms accepted)."""

    widget = "checkbox"
    input_type = "checkbox"
    _TRUE = frozenset({"on", "true", "1", "yes"})

    def __init__(self, *, required: bool = False, **options: Any) -> None:
        super().__init__(required=required, **options)

    def clean(self, raw: Any) -> Any:
        value = (isinstance(raw, str) and raw.strip().lower() in self._TRUE) or raw is True
        if self.required and not value:
            raise ValidationError("Tick this box to continue.")
        for validator in self.validators:
            validator(value)
        return value

    def format(self, value: Any) -> Any:
        return bool(value)


def normalize_choices(choices: Choices) -> list[tuple[Any, str]]:
    """``[(value, label)]`` from pairs, plain strings or an Enum class."""
    if isinstance(choices, type) and issubclass(choices, enum.Enum):
        return [
            (member, getattr(member, "label", None) or member.name.replace("_", " ").capitalize())
            for member in choices
        ]
    found: list[tuple[Any, str]] = []
    for choice in choices:
        if isinstance(choice, tuple):
            found.append((choice[0], str(choice[1])))
        else:
            found.append((choice, str(choice)))
    return found


def choice_key(value: Any) -> str:
    """The text a choice is sent as (an Enum member by its value)."""
    if isinstance(value, enum.Enum):
        value = value.value
    return "" if value is None else str(value)


class ChoiceField(Field):
    """One of a list of choices: a select, or ``widget="radios"``."""

    widget = "select"

    def __init__(self, choices: Choices | Callable[[], Choices] = (), **options: Any) -> None:
        super().__init__(**options)
        self._choices = choices

    @property
    def choices(self) -> list[tuple[Any, str]]:
        """``[(value, label)]``; a callable given as choices is called each time (fresh rows)."""
        choices = self._choices
        if callable(choices) and not isinstance(choices, type):
            choices = choices()
        return normalize_choices(choices)

    @choices.setter
    def choices(self, value: Choices | Callable[[], Choices]) -> None:
        self._choices = value

    def _lookup(self) -> dict[str, Any]:
        return {choice_key(value): value for value, _ in self.choices}

    def to_python(self, raw: Any) -> Any:
        found = self._lookup()
        if not isinstance(raw, str) or raw not in found:
            raise ValidationError("Choose one of the options.")
        return found[raw]

    def format(self, value: Any) -> Any:
        return choice_key(value)


class MultipleChoiceField(ChoiceField):
    """Any number of a list of choices: checkboxes, or ``widget="select"`` (multiple)."""

    widget = "checkboxes"
    multiple = True

    def raw_value(self, data: Any, files: Any, key: str) -> Any:
        if data is None:
            return None
        getlist = getattr(data, "getlist", None)
        if getlist is not None:
            return getlist(key)
        value = data.get(key)
        return value if isinstance(value, list) else ([] if value is None else [value])

    def empty_value(self) -> Any:
        return []

    def clean(self, raw: Any) -> Any:
        if isinstance(raw, list):
            raw = [item.strip() if isinstance(item, str) else item for item in raw]
            raw = [item for item in raw if item != ""]
        return super().clean(raw)

    def to_python(self, raw: Any) -> Any:
        found = self._lookup()
        if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
            raise ValidationError("Choose from the options.")
        unknown = [item for item in raw if item not in found]
        if unknown:
            raise ValidationError("Choose only from the options.")
        return [found[item] for item in dict.fromkeys(raw)]

    def format(self, value: Any) -> Any:
        if value is None:
            return []
        return [choice_key(item) for item in value]


class DateField(Field):
    """A date (``YYYY-MM-DD``, what a browser's date picker sends)."""

    input_type = "date"

    def __init__(
        self, *, min_value: dt.date | None = None, max_value: dt.date | None = None, **options: Any
    ) -> None:
        super().__init__(**options)
        self.min_value = min_value
        self.max_value = max_value

    def to_python(self, raw: Any) -> Any:
        if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
            return raw
        try:
            if not isinstance(raw, str) or len(raw) != 10:
                raise ValueError
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise ValidationError("Enter a date, like 2025-03-31.") from None

    def validate(self, value: Any) -> None:
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(f"Enter a date on or after {self.format(self.min_value)}.")
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(f"Enter a date on or before {self.format(self.max_value)}.")

    def format(self, value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.date) else ("" if value is None else value)

    def html_attrs(self) -> dict[str, Any]:
        attrs = super().html_attrs()
        if self.min_value is not None:
            attrs["min"] = self.format(self.min_value)
        if self.max_value is not None:
            attrs["max"] = self.format(self.max_value)
        return attrs


class DateTimeField(DateField):
    """A date and time (``YYYY-MM-DDTHH:MM[:SS]``, a ``datetime-local`` input).

    ``timezone`` makes the value aware: the time is read as local time there.
    """

    input_type = "datetime-local"

    def __init__(self, *, timezone: dt.tzinfo | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.timezone = timezone

    def to_python(self, raw: Any) -> Any:
        if isinstance(raw, dt.datetime):
            return raw
        try:
            if not isinstance(raw, str) or not 16 <= len(raw) <= 26 or raw[10] not in "T ":
                raise ValueError
            value = dt.datetime.fromisoformat(raw)
            if value.tzinfo is not None:
                raise ValueError
        except ValueError:
            raise ValidationError("Enter a date and time, like 2025-03-31T14:30.") from None
        return value.replace(tzinfo=self.timezone) if self.timezone else value

    def format(self, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None and self.timezone is not None:
                value = value.astimezone(self.timezone)
            return value.replace(tzinfo=None).isoformat(
                timespec="minutes" if not value.second else "seconds"
            )
        return super().format(value)
